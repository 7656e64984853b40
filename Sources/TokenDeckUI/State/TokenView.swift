import Foundation
import TokenDeckCore

/// The tokens the dashboard shows, as indices into the catalog, kept in three cached stages so each
/// key press redoes only the stage whose input it changed:
///   1. type, trash and status filters plus the sort (TokenFilter, all accounts) — on load or filter change;
///   2. the search text over stage 1 (narrowed from the last result while typing forward);
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

    private var stage1: Stage1Key?
    private var stage2Needle: [UInt8]?
    private var stage3Account: Int??

    private struct Stage1Key: Hashable {
        var kind: String?
        var trashed: TrashFilter
        var status: TokenStatus?
        var sort: TokenSort
        var generation: Int
        /// Status depends on the clock: with a status filter or sort, re-evaluate once a minute.
        var minute: Int
    }

    /// Brings the stages up to date with `query` (its text, kind, trash, status and sort) and the
    /// selected account (nil for all). Returns whether the rows changed.
    @discardableResult
    mutating func update(catalog: TokenCatalog, query: TokenQuery, account: Int?, accountCount: Int, now: Date) -> Bool {
        let clockMatters = query.status != nil || query.sort.field == .status
        let key = Stage1Key(
            kind: query.kind, trashed: query.trashed, status: query.status, sort: query.sort,
            generation: catalog.generation, minute: clockMatters ? Int(now.timeIntervalSince1970 / 60) : 0)
        var changed = false
        if key != stage1 {
            let structural = TokenQuery(kind: query.kind, trashed: query.trashed, status: query.status, text: "", sort: query.sort)
            sorted = TokenFilter.apply(catalog.tokens, query: structural, now: now).compactMap { catalog.indexByKey[$0.key] }
            stage1 = key
            stage2Needle = nil
            changed = true
        }
        let needle = TokenCatalog.needle(for: query.text)
        if changed || needle != stage2Needle {
            if let previous = stage2Needle, !previous.isEmpty, Self.bytes(needle, contain: previous) {
                // Typing forward only narrows: search what matched the shorter text.
                matching = catalog.filter(matching, containing: needle)
            } else {
                matching = catalog.filter(sorted, containing: needle)
            }
            stage2Needle = needle
            countsByAccount = Array(repeating: 0, count: accountCount)
            for index in matching {
                let ordinal = catalog.accountOrdinals[index]
                if ordinal >= 0, ordinal < accountCount { countsByAccount[ordinal] += 1 }
            }
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
