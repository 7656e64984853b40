import Foundation
import TokenDeckCore

/// The tokens the dashboard shows, as rows of the load's `TokenIndex`, kept in cached stages so each
/// key press redoes only the stage whose input it changed:
///   0. every token in the sort order — on load or sort change (the only stage that sorts);
///   1. type, trash and status filters over stage 0 (plain arrays of the index, no sorting);
///   2. the search text over stage 1 (narrowed from the last result while typing forward, and the
///      results of shorter texts kept, so Backspace goes back to one without searching);
///   3. the selected account over stage 2 (and the sidebar's per-account counts).
/// Moving, paging, opening panels or ticking the clock touch none of them.
struct TokenView: Sendable {
    private(set) var sorted: [Int] = []
    private(set) var matching: [Int] = []
    private(set) var rows: [Int] = []
    /// Tokens matching every filter but the account, per account ordinal.
    private(set) var countsByAccount: [Int] = []
    /// Bumped whenever `rows` is recomputed, so the selection knows to find its token again.
    private(set) var revision = 0

    private var allSorted: [Int] = []
    private var stage0: Stage0Key?
    private var stage1: Stage1Key?
    /// The needles searched since stage 1 last changed, each with what it matched; the last is current.
    private var searches: [(needle: [UInt8], matching: [Int])] = []
    private var stage2Needle: [UInt8]?
    private var stage3Account: Int??
    /// What follows the current search text in each of its matches, worked out between key
    /// presses (`prepareNextKeystroke`) when they are many, so the next letter is one AND per
    /// token; with the stage-1 rows it was prepared over.
    private var prepared: (keystroke: PreparedKeystroke, stage1: Stage1Key)?
    /// How many searches the prepared followers answered (for tests: the path is taken).
    private(set) var preparedSearches = 0

    private struct Stage0Key: Hashable {
        var sort: TokenSort
        var generation: Int
        /// The status sort depends on the clock: re-sort once a minute.
        var minute: Int
    }

    private struct Stage1Key: Hashable {
        var stage0: Stage0Key
        var kind: String?
        var trashed: TrashFilter
        var status: TokenStatus?
        /// The risk filter, and which assessment of the risks it read.
        var risk: RiskFilter?
        var riskAssessment: Int
        /// Status depends on the clock: with a status filter, re-evaluate once a minute.
        var minute: Int
    }

    /// Brings the stages up to date with `query` (its text, kind, trash, status and sort) and the
    /// selected account (nil for all). Returns whether the rows changed.
    @discardableResult
    mutating func update(catalog: TokenIndex, query: TokenQuery, account: Int?, accountCount: Int, now: Date) -> Bool {
        let minute = Int(now.timeIntervalSince1970 / 60)
        let key0 = Stage0Key(sort: query.sort, generation: catalog.generation, minute: query.sort.field == .status ? minute : 0)
        var changed = false
        if key0 != stage0 {
            allSorted = TokenFilter.sortedIndices(catalog.tokens, by: query.sort, now: now)
            stage0 = key0
            changed = true
        }
        let key1 = Stage1Key(stage0: key0, kind: query.kind, trashed: query.trashed, status: query.status,
                             risk: query.risk, riskAssessment: query.risk == nil ? 0 : catalog.risks?.assessment ?? 0,
                             minute: query.status != nil ? minute : 0)
        if changed || key1 != stage1 {
            sorted = catalog.rows(allSorted, passingFiltersOf: query, now: now)
            stage1 = key1
            searches = []
            stage2Needle = nil
            changed = true
        }
        let needle = SearchText.needle(for: query.text)
        if changed || needle != stage2Needle {
            if let kept = searches.lastIndex(where: { $0.needle == needle }) {
                // Backspace back to a text searched before: its result is still right.
                matching = searches[kept].matching
                searches.removeSubrange((kept + 1)...)
            } else {
                // Typing forward only narrows: search what the longest text it contains matched.
                while let last = searches.last, !(!last.needle.isEmpty && Self.bytes(needle, contain: last.needle)) {
                    searches.removeLast()
                }
                if let prepared, prepared.stage1 == stage1, let last = searches.last, last.needle == prepared.keystroke.needle,
                   needle.count == last.needle.count + 1, needle.starts(with: last.needle), let byte = needle.last,
                   let narrowed = prepared.keystroke.rows(last.matching, followedBy: byte, in: catalog) {
                    // One more byte typed after a text whose followers are ready.
                    preparedSearches += 1
                    matching = narrowed
                } else {
                    matching = catalog.rows(searches.last?.matching ?? sorted, containing: needle)
                }
                searches.append((needle, matching))
            }
            stage2Needle = needle
            prepared = nil
            if let stage1, let keystroke = PreparedKeystroke(needle: needle, matching: matching) {
                prepared = (keystroke, stage1)
            }
            countsByAccount = catalog.accountCounts(of: matching, accountCount: accountCount)
            changed = true
        }
        if changed || stage3Account != .some(account) {
            if let account {
                rows = catalog.rows(matching, inAccount: account)
            } else {
                rows = matching
            }
            stage3Account = .some(account)
            changed = true
        }
        if changed { revision &+= 1 }
        return changed
    }

    var totalMatching: Int { matching.count }

    /// Whether `prepareNextKeystroke` has work left.
    var isPreparingNextKeystroke: Bool { prepared.map { !$0.keystroke.isComplete } ?? false }

    /// One slice of the work done between key presses: the followers of the search text in its
    /// matches, a few thousand tokens at a time. Returns whether any is left.
    mutating func prepareNextKeystroke(catalog: TokenIndex) -> Bool {
        // Taken out while it changes, so its arrays are not copied.
        guard var next = prepared, !next.keystroke.isComplete else { return false }
        prepared = nil
        // Prepared for another load (a load updates the view first, so not expected).
        guard next.stage1.stage0.generation == catalog.generation else { return false }
        let more = next.keystroke.prepareSlice(in: catalog)
        // Nothing left yet not complete: there was nothing to prepare (an empty load).
        guard more || next.keystroke.isComplete else { return false }
        prepared = next
        return more
    }

    private static func bytes(_ haystack: [UInt8], contain needle: [UInt8]) -> Bool {
        guard needle.count <= haystack.count else { return false }
        if needle.isEmpty { return true }
        for start in 0...(haystack.count - needle.count) where haystack[start..<(start + needle.count)].elementsEqual(needle) {
            return true
        }
        return false
    }
}
