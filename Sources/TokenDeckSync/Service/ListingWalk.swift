import Foundation
import TokenDeckCore

/// Walks every page of one listing (one server query) of one account.
///
/// The first page is fetched alone. When it tells how many pages there are (a total for offset
/// paging, a last page for Laravel), the rest are fetched in parallel — a window of them at a time,
/// merged in page order — and then the walk follows `next` from the last one in case the listing grew.
/// Otherwise it follows `next` page by page. Either way it stops with `.endlessPaging` when a cursor
/// repeats or the pages outnumber what the server announced by more than two.
struct ListingWalk: Sendable {
    /// Never more pages than this, whatever the server says.
    static let absolutePageLimit = 100_000

    let client: VendorClient
    let account: Account
    let credential: String
    let query: ServerQuery
    /// Marks every token fetched (true only for a trashed-only listing).
    let markTrashed: Bool
    let pageSize: Int
    /// Pages in flight (or done but not yet merged) at once for this listing.
    let window: Int

    /// Walks the listing, handing each page's tokens to `onTokens` in page order as soon as the pages
    /// before it are handed over (so a listing is never held whole); a token the listing shows on two
    /// pages comes twice (the receiver keeps its first place and last copy). Pages still fetching in
    /// parallel go on while `onTokens` runs. `onPage(pagesDone, pagesKnown)` is called after each
    /// page, never concurrently.
    func run(onTokens: ([Token]) async throws -> Void, onPage: (Int, Int?) -> Void) async throws {
        let firstCursor = client.adapter.firstPage(size: pageSize)
        let first = try await fetch(firstCursor)
        try await onTokens(first.tokens)
        if let next = first.next, next.position == firstCursor.position {
            throw endless("the server offered page \(describe(next)) twice")
        }
        let limit = pageLimit(after: first)
        let planned = first.next.map { plannedCursors(after: first, next: $0, limit: limit) } ?? []
        var pagesDone = 1
        var pagesKnown: Int? = first.next == nil ? 1 : (planned.isEmpty ? first.pageCount : planned.count + 1)
        onPage(pagesDone, pagesKnown)

        // By position, not size: a server may serve another size than asked and echo that in its cursors.
        var visited: Set<Int> = [firstCursor.position]
        var cursor = first.next
        if !planned.isEmpty {
            visited.formUnion(planned.lazy.map(\.position))
            let last = try await fetchInParallel(planned, onTokens: onTokens) { done in
                onPage(pagesDone + done, pagesKnown)
            }
            pagesDone += planned.count
            cursor = last.next
        }
        while let current = cursor {
            guard !visited.contains(current.position) else {
                throw endless("the server offered page \(describe(current)) twice")
            }
            guard pagesDone < limit else {
                throw endless("more than \(limit) pages for \(first.total.map { "\($0) tokens" } ?? "this listing")")
            }
            visited.insert(current.position)
            let page = try await fetch(current)
            try await onTokens(page.tokens)
            pagesDone += 1
            if let known = pagesKnown, pagesDone > known { pagesKnown = pagesDone }
            onPage(pagesDone, pagesKnown)
            cursor = page.next
        }
    }

    /// Fetches `cursors` at most `window` at a time, merging finished pages in order; returns the last page.
    private func fetchInParallel(_ cursors: [PageCursor], onTokens: ([Token]) async throws -> Void,
                                 onPage: (Int) -> Void) async throws -> TokenPage {
        try await withThrowingTaskGroup(of: (Int, TokenPage).self) { group in
            var launched = 0
            var done = 0
            var nextToMerge = 0
            var finished: [Int: TokenPage] = [:]
            var last: TokenPage?
            while launched < min(window, cursors.count) {
                let index = launched
                group.addTask { (index, try await fetch(cursors[index])) }
                launched += 1
            }
            while let (index, page) = try await group.next() {
                finished[index] = page
                done += 1
                onPage(done)
                while let ready = finished.removeValue(forKey: nextToMerge) {
                    try await onTokens(ready.tokens)
                    last = ready
                    nextToMerge += 1
                }
                if launched < cursors.count {
                    let index = launched
                    group.addTask { (index, try await fetch(cursors[index])) }
                    launched += 1
                }
            }
            guard let last else { throw CancellationError() }
            return last
        }
    }

    private func fetch(_ cursor: PageCursor) async throws -> TokenPage {
        let adapter = client.adapter
        let request = adapter.listRequest(account: account, query: query, cursor: cursor, credential: credential)
        return try await client.send(request) { (response) throws(VendorError) -> TokenPage in
            try adapter.decodeList(response, account: account, cursor: cursor, trashed: markTrashed)
        }
    }

    /// The most pages this listing may take: what the first page announced plus two, else the absolute limit.
    private func pageLimit(after first: TokenPage) -> Int {
        let size = first.servedPageSize ?? pageSize
        if let total = first.total, size > 0 {
            return min(Self.absolutePageLimit, (total + size - 1) / size + 2)
        }
        if let count = first.pageCount { return min(Self.absolutePageLimit, count + 2) }
        return Self.absolutePageLimit
    }

    /// The remaining cursors, when the first page says how many there are; empty when it does not.
    private func plannedCursors(after first: TokenPage, next: PageCursor, limit: Int) -> [PageCursor] {
        switch next {
        case .pageNumber(let number, let size):
            guard let lastPage = first.pageCount, lastPage >= number, lastPage - number + 2 <= limit else { return [] }
            return (number...lastPage).map { .pageNumber($0, size: size) }
        case .offset(let offset, let size):
            guard let total = first.total, size > 0, total > offset else { return [] }
            let count = (total - offset + size - 1) / size
            guard count + 1 <= limit else { return [] }
            return (0..<count).map { .offset(offset + $0 * size, size: size) }
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
