import Foundation
import TokenDeckCore

/// The tokens the dashboard shows, as indices into the catalog, kept in cached stages so each
/// key press redoes only the stage whose input it changed:
///   0. every token in the sort order — on load or sort change (the only stage that sorts);
///   1. type, trash and status filters over stage 0 (plain arrays of the catalog, no sorting);
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
        /// Status depends on the clock: with a status filter, re-evaluate once a minute.
        var minute: Int
    }

    /// Brings the stages up to date with `query` (its text, kind, trash, status and sort) and the
    /// selected account (nil for all). Returns whether the rows changed.
    @discardableResult
    mutating func update(catalog: TokenCatalog, query: TokenQuery, account: Int?, accountCount: Int, now: Date) -> Bool {
        let minute = Int(now.timeIntervalSince1970 / 60)
        let key0 = Stage0Key(sort: query.sort, generation: catalog.generation, minute: query.sort.field == .status ? minute : 0)
        var changed = false
        if key0 != stage0 {
            allSorted = TokenFilter.sortedIndices(catalog.tokens, by: query.sort, now: now)
            stage0 = key0
            changed = true
        }
        let key1 = Stage1Key(stage0: key0, kind: query.kind, trashed: query.trashed, status: query.status, minute: query.status != nil ? minute : 0)
        if changed || key1 != stage1 {
            sorted = catalog.filter(allSorted, structurally: query, now: now)
            stage1 = key1
            searches = []
            stage2Needle = nil
            changed = true
        }
        let needle = TokenCatalog.needle(for: query.text)
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
                matching = catalog.filter(searches.last?.matching ?? sorted, containing: needle)
                searches.append((needle, matching))
            }
            stage2Needle = needle
            countsByAccount = catalog.accountCounts(of: matching, accountCount: accountCount)
            changed = true
        }
        if changed || stage3Account != .some(account) {
            if let account {
                rows = matching.filter { catalog.accountOrdinals[$0] == account }
            } else {
                rows = matching
            }
            stage3Account = .some(account)
            changed = true
        }
        if changed { revision &+= 1 }
        return changed
    }

    /// The tokens `query` selects in `account` (nil for all), in no particular order, without
    /// touching the cached stages: what a picker counts over.
    func candidates(catalog: TokenCatalog, query: TokenQuery, account: Int?, now: Date) -> [Int] {
        let base = stage0?.generation == catalog.generation ? allSorted : Array(0..<catalog.count)
        var result = catalog.filter(base, structurally: query, now: now)
        result = catalog.filter(result, containing: TokenCatalog.needle(for: query.text))
        if let account { result = result.filter { catalog.accountOrdinals[$0] == account } }
        return result
    }

    var totalMatching: Int { matching.count }

    private static func bytes(_ haystack: [UInt8], contain needle: [UInt8]) -> Bool {
        guard needle.count <= haystack.count else { return false }
        if needle.isEmpty { return true }
        for start in 0...(haystack.count - needle.count) where haystack[start..<(start + needle.count)].elementsEqual(needle) {
            return true
        }
        return false
    }
}
