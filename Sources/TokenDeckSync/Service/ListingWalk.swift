import Foundation
import TokenDeckCore

/// Walks every page of one listing (one server query) of one account and proves that it missed
/// nothing, even while the vendor's data changes under it — or says that it could not.
///
/// Every vendor pages a list ordered by a field that does not change (creation, or storage order).
/// A token deleted from an earlier page after that page was fetched moves every later token up one
/// place, so a walk of fixed pages never sees the token that crossed the boundary. So:
///
/// - **Where the client chooses the window** (an offset, or Provisionr's page size), consecutive pages
///   are asked to share at least one position. Two pages share a token only if nothing between them
///   was lost: page A holds every token up to its last one at its time, page B every token from its
///   first at its time, and B's first comes no later than A's last exactly when they share a token.
///   A chain of such pages from position 0 to a page that ends the listing has handed over every token
///   that existed for the whole walk, whatever order the pages were fetched in (they are fetched in
///   parallel). Where two pages do not meet, a bridge page around the boundary is fetched (where the
///   boundary is now, from the totals the two pages reported) and the chain is checked again, at most
///   `triesPerGap` bridges a gap.
/// - **Where the server fixes the page** (metokens: twenty a page, newest first, only the page number
///   is asked), pages cannot overlap. A new token appears at the head, so a listing whose total stayed
///   the same on every page and whose first page is the same again after the walk did not move; if it
///   moved, the whole listing is walked again, at most `maxWalks` times.
///
/// A walk that still cannot confirm its listing returns `confirmed: false`; the caller keeps the
/// previous cache for the tokens it could not confirm (see `TokenService.sync`). It stops with
/// `.endlessPaging` when the pages outnumber what the server announced by more than two.
struct ListingWalk: Sendable {
    /// Never more pages than this, whatever the server says.
    static let absolutePageLimit = 100_000
    /// Bridges fetched for each gap found (with a floor of this many for the whole walk).
    static let triesPerGap = 3
    /// Walks of a listing whose pages cannot overlap, before it is reported unconfirmed.
    static let maxWalks = 3

    let client: VendorClient
    let account: Account
    let credential: String
    let query: ServerQuery
    /// Marks every token fetched (true only for a trashed-only listing).
    let markTrashed: Bool
    let pageSize: Int
    /// Pages in flight (or done but not yet merged) at once for this listing.
    let window: Int

    /// What the walk lists, for messages.
    var describedListing: String { markTrashed ? "trash listing" : "token listing" }

    struct Outcome: Sendable, Hashable {
        /// The walk proved that every token that existed for its whole length was handed over.
        var confirmed: Bool
        /// Pages fetched to mend gaps between pages that no longer met.
        var bridges: Int
        /// Walks of the whole listing (more than one only where pages cannot overlap).
        var walks: Int
    }

    /// What is kept of a fetched page: where it was asked for, and enough to tell whether it meets its neighbours.
    struct Mark: Sendable, Hashable {
        var cursor: PageCursor
        var count: Int
        /// The page ended the listing when it was served: short, empty, or the server offered no next.
        var isEnd: Bool
        var total: Int?
        /// The page's ids in order (they share the tokens' storage).
        var ids: [String]

        init(_ page: TokenPage, cursor: PageCursor) {
            self.cursor = cursor
            count = page.tokens.count
            isEnd = page.next == nil || page.tokens.isEmpty || page.tokens.count < cursor.size
            total = page.total
            ids = page.tokens.map(\.id)
        }

        /// Whether nothing can have fallen between this page and `next`: they share a token. (Where
        /// they share is anywhere: a bridge may overlap its neighbours by half a page.)
        func meets(_ next: Mark) -> Bool {
            guard next.count > 0 else { return false }
            let mine = Set(ids)
            return next.ids.contains(where: mine.contains)
        }
    }

    /// Walks the listing, handing each page's tokens to `onTokens` (planned pages in page order, as
    /// soon as the pages before them are handed over, then bridges and repeated walks), so a listing
    /// is never held whole; a token the listing shows on two pages comes twice (the receiver keeps its
    /// first place and last copy). `onPage(pagesDone, pagesKnown)` is called after each page, never
    /// concurrently.
    func run(onTokens: ([Token]) async throws -> Void, onPage: (Int, Int?) -> Void) async throws -> Outcome {
        try await withoutActuallyEscaping(onPage) { onPage in
            var progress = Progress(report: onPage)
            return try await run(onTokens: onTokens, progress: &progress)
        }
    }

    private func run(onTokens: ([Token]) async throws -> Void, progress: inout Progress) async throws -> Outcome {
        let firstCursor = client.adapter.firstPage(size: pageSize)
        let first = try await fetch(firstCursor)
        try await onTokens(first.tokens)
        if let next = first.next, next.position == firstCursor.position {
            throw endless("the server offered page \(describe(next)) twice")
        }
        // What the server really serves a page: what it says, else what it filled while offering more.
        let served = first.servedPageSize ?? (first.next != nil ? first.tokens.count : firstCursor.size)
        let cap = max(1, min(firstCursor.size, served))
        var paging = ListingPaging.of(client.vendor)
        // A server that served fewer than asked may not honour other sizes either, and tiny pages leave
        // too few sizes to choose from: page numbers then stay on the server's own grid.
        if paging == .pageNumber, cap < firstCursor.size || cap < 16 { paging = .fixedPages }
        let firstMark = Mark(first, cursor: Self.cursor(firstCursor, size: cap))
        // One page is one answer: a snapshot of the whole listing.
        if firstMark.isEnd {
            progress.known = 1
            progress.page()
            return Outcome(confirmed: true, bridges: 0, walks: 1)
        }

        if paging.canOverlap {
            var marks = try await walkChain(from: firstMark, first: first, paging: paging, cap: cap,
                                            onTokens: onTokens, progress: &progress)
            let bridges = try await mend(&marks, paging: paging, cap: cap, onTokens: onTokens, progress: &progress)
            return Outcome(confirmed: bridges.confirmed, bridges: bridges.count, walks: 1)
        }

        var start = (mark: firstMark, page: first)
        for walk in 1...Self.maxWalks {
            let marks = try await walkChain(from: start.mark, first: start.page, paging: .fixedPages, cap: cap,
                                            onTokens: onTokens, progress: &progress)
            // The first page again: unchanged (with every total the same), the listing held still.
            let again = try await fetch(start.mark.cursor)
            try await onTokens(again.tokens)
            let againMark = Mark(again, cursor: start.mark.cursor)
            let held = againMark.ids == start.mark.ids
                && marks.allSatisfy { $0.total == start.mark.total } && againMark.total == start.mark.total
            if held { return Outcome(confirmed: true, bridges: 0, walks: walk) }
            start = (againMark, again)
        }
        return Outcome(confirmed: false, bridges: 0, walks: Self.maxWalks)
    }

    // MARK: - The chain of pages

    /// Pages after `firstMark` to the end of the listing: those the first page announces in parallel,
    /// then one at a time while the last one does not end the listing.
    private func walkChain(from firstMark: Mark, first: TokenPage, paging: ListingPaging, cap: Int,
                           onTokens: ([Token]) async throws -> Void, progress: inout Progress) async throws -> [Mark] {
        var marks = [firstMark]
        let planned = firstMark.isEnd ? [] : plan(after: firstMark, first: first, paging: paging, cap: cap)
        var limit = pageLimit(after: first, cap: cap, planned: planned.count)
        progress.known = firstMark.isEnd ? 1 : (planned.isEmpty ? first.pageCount : planned.count + 1)
        progress.page()
        if !planned.isEmpty {
            let pages = try await fetchInParallel(planned, onTokens: onTokens) { progress.page() }
            marks += pages
        }
        while let last = marks.last, !last.isEnd {
            // A listing may grow while it is walked: the latest total counts too.
            if let total = last.total { limit = max(limit, min(Self.absolutePageLimit, (total + cap - 1) / cap + 2)) }
            guard marks.count < limit else {
                throw endless("more than \(limit) pages for \(first.total.map { "\($0) tokens" } ?? "this listing")")
            }
            guard let cursor = next(after: last, paging: paging, cap: cap) else { break }
            let page = try await fetch(cursor)
            try await onTokens(page.tokens)
            marks.append(Mark(page, cursor: cursor))
            if let known = progress.known, progress.done + 1 > known { progress.known = progress.done + 1 }
            progress.page()
        }
        return marks
    }

    /// The cursors after the first page up to the total it announced; empty when it announced none
    /// (or more than the absolute limit: then the pages are followed one at a time).
    private func plan(after firstMark: Mark, first: TokenPage, paging: ListingPaging, cap: Int) -> [PageCursor] {
        let total = first.total ?? first.pageCount.map { $0 * cap }
        guard let total, total > firstMark.cursor.positions.upperBound else { return [] }
        var cursors: [PageCursor] = []
        var last = firstMark
        while last.cursor.positions.upperBound < total {
            guard cursors.count + 1 < Self.absolutePageLimit, let cursor = next(after: last, paging: paging, cap: cap) else { return [] }
            cursors.append(cursor)
            last.cursor = cursor
        }
        return cursors
    }

    /// The page after `mark`: overlapping it where the paging allows, else the next page number.
    private func next(after mark: Mark, paging: ListingPaging, cap: Int) -> PageCursor? {
        switch paging {
        case .offset, .pageNumber:
            paging.window(after: mark.cursor.positions.upperBound, maxSize: cap)
        case .fixedPages:
            if case .pageNumber(let number, _) = mark.cursor { .pageNumber(number + 1, size: cap) } else { nil }
        }
    }

    // MARK: - Mending

    /// Where two pages of the chain do not meet, fetches a page around where the boundary is now and
    /// puts it between them; returns whether the chain ends up whole, and the pages it took.
    private func mend(_ marks: inout [Mark], paging: ListingPaging, cap: Int,
                      onTokens: ([Token]) async throws -> Void, progress: inout Progress) async throws -> (confirmed: Bool, count: Int) {
        let gaps = Self.gaps(in: marks)
        guard !gaps.isEmpty else { return (Self.isWhole(marks), 0) }
        let budget = Self.triesPerGap * max(1, gaps.count)
        var bridges = 0
        var triesHere = 0
        var previousGap: PageCursor?
        while let gap = Self.gaps(in: marks).first {
            guard bridges < budget else { return (false, bridges) }
            let before = marks[gap], after = marks[gap + 1]
            // The same page before the gap as last time: the bridge met the page after but not this one,
            // so the boundary lies further back than estimated.
            triesHere = previousGap == before.cursor ? triesHere + 1 : 0
            previousGap = before.cursor
            // Where the last token of `before` is now: the change in the total the two pages saw, in
            // the share of it that lies before the boundary (changes spread over the listing); each
            // further try at the same gap looks further back (more went before it than that).
            let boundary = before.cursor.positions.lowerBound + max(0, before.count - 1)
            let change = (after.total ?? before.total ?? 0) - (before.total ?? 0)
            let share = Double(boundary) / Double(max(1, before.total ?? boundary + 1))
            // As wide as the paging allows: a page number's block must hold the whole range.
            let half = paging == .offset ? max(1, cap / 2 - 1) : max(1, cap / 4)
            let centre = boundary + Int((Double(change) * share).rounded()) - triesHere * half
            guard let cursor = paging.window(covering: (centre - half)..<(centre + half + 1), maxSize: cap) else {
                return (false, bridges)
            }
            let page = try await fetch(cursor)
            try await onTokens(page.tokens)
            marks.insert(Mark(page, cursor: cursor), at: gap + 1)
            bridges += 1
            progress.known = max(progress.known ?? 0, progress.done + 1)
            progress.page()
        }
        return (Self.isWhole(marks), bridges)
    }

    /// The indices `i` where `marks[i]` and `marks[i + 1]` do not meet, up to the first page that ends the listing.
    static func gaps(in marks: [Mark]) -> [Int] {
        var gaps: [Int] = []
        for index in marks.indices.dropLast() {
            if marks[index].isEnd { break }
            if !marks[index].meets(marks[index + 1]) { gaps.append(index) }
        }
        return gaps
    }

    /// A chain without gaps that reaches a page ending the listing.
    static func isWhole(_ marks: [Mark]) -> Bool {
        guard gaps(in: marks).isEmpty else { return false }
        return marks.contains(where: \.isEnd)
    }

    // MARK: - Fetching

    /// Fetches `cursors` at most `window` at a time, handing finished pages over in order; returns their marks in order.
    private func fetchInParallel(_ cursors: [PageCursor], onTokens: ([Token]) async throws -> Void,
                                 onPage: () -> Void) async throws -> [Mark] {
        try await withThrowingTaskGroup(of: (Int, TokenPage).self) { group in
            var launched = 0
            var nextToMerge = 0
            var finished: [Int: TokenPage] = [:]
            var marks: [Mark] = []
            marks.reserveCapacity(cursors.count)
            while launched < min(window, cursors.count) {
                let index = launched
                group.addTask { (index, try await fetch(cursors[index])) }
                launched += 1
            }
            while let (index, page) = try await group.next() {
                finished[index] = page
                onPage()
                while let ready = finished.removeValue(forKey: nextToMerge) {
                    try await onTokens(ready.tokens)
                    marks.append(Mark(ready, cursor: cursors[nextToMerge]))
                    nextToMerge += 1
                }
                if launched < cursors.count {
                    let index = launched
                    group.addTask { (index, try await fetch(cursors[index])) }
                    launched += 1
                }
            }
            guard marks.count == cursors.count else { throw CancellationError() }
            return marks
        }
    }

    private func fetch(_ cursor: PageCursor) async throws -> TokenPage {
        let adapter = client.adapter
        let request = adapter.listRequest(account: account, query: query, cursor: cursor, credential: credential)
        return try await client.send(request) { (response) throws(VendorError) -> TokenPage in
            try adapter.decodeList(response, account: account, cursor: cursor, trashed: markTrashed)
        }
    }

    /// The most pages this listing may take: what the first page announced (as pages of the served
    /// size, or the overlapping pages planned for it, whichever is more) plus two, else the absolute limit.
    private func pageLimit(after first: TokenPage, cap: Int, planned: Int) -> Int {
        let announced = first.total.map { ($0 + cap - 1) / cap } ?? first.pageCount
        guard let announced else { return Self.absolutePageLimit }
        return min(Self.absolutePageLimit, max(announced, planned + 1) + 2)
    }

    private static func cursor(_ cursor: PageCursor, size: Int) -> PageCursor {
        switch cursor {
        case .pageNumber(let number, _): .pageNumber(number, size: size)
        case .offset(let offset, _): .offset(offset, size: size)
        }
    }

    private func endless(_ detail: String) -> VendorError {
        VendorError(kind: .endlessPaging, vendor: client.vendor,
                    message: "stopped paging account \(account.name): \(detail)")
    }

    private func describe(_ cursor: PageCursor) -> String {
        switch cursor {
        case .pageNumber(let number, _): "\(number)"
        case .offset(let offset, _): "at offset \(offset)"
        }
    }

    /// Pages done and known, reported after each page.
    private struct Progress {
        let report: (Int, Int?) -> Void
        var done = 0
        var known: Int?

        mutating func page() {
            done += 1
            report(done, known)
        }
    }
}

extension PageCursor {
    /// Where the page starts, in the listing's own unit (page number or offset).
    var position: Int {
        switch self {
        case .pageNumber(let number, _): number
        case .offset(let offset, _): offset
        }
    }
}
