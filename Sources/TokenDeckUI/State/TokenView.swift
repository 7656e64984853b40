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
    /// What follows the current search text in each of its matches, worked out between key
    /// presses (`prepareNextKeystroke`) when they are many, so the next letter is one AND per token.
    private var followers: Followers?
    /// How many searches the prepared followers answered (for tests: the path is taken).
    private(set) var preparedSearches = 0

    private struct Followers {
        var needle: [UInt8]
        var stage1: Stage1Key
        var matching: [Int]
        /// `matching` as a bitset, and the followers by token: made by the first slice of idle work.
        var among: Bitset?
        var masks: [UInt64] = []
        /// The first token whose followers are still to be recorded.
        var nextToken = 0
        var complete: Bool { among.map { nextToken >= $0.capacity } ?? false }
    }

    /// Tokens whose followers one slice of idle work records (timed by tokendeck-bench's "idle
    /// work" line), so a key that comes meanwhile waits no longer than that.
    static let followerTokensPerSlice = 3_072

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
                if let prepared = followers, prepared.complete, let among = prepared.among, prepared.stage1 == stage1, let last = searches.last,
                   last.needle == prepared.needle, needle.count == prepared.needle.count + 1, needle.starts(with: prepared.needle),
                   let byte = needle.last {
                    // One more byte typed after a text whose followers are ready.
                    preparedSearches += 1
                    matching = catalog.filter(last.matching, among: among, containing: prepared.needle,
                                              followedBy: byte, followers: prepared.masks)
                } else {
                    matching = catalog.filter(searches.last?.matching ?? sorted, containing: needle)
                }
                searches.append((needle, matching))
            }
            stage2Needle = needle
            followers = nil
            if !needle.isEmpty, matching.count >= TokenCatalog.wideSearch, let stage1 {
                followers = Followers(needle: needle, stage1: stage1, matching: matching)
            }
            countsByAccount = catalog.accountCounts(of: matching, accountCount: accountCount)
            changed = true
        }
        if changed || stage3Account != .some(account) {
            if let account {
                rows = catalog.tokens(matching, inAccount: account)
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
        // In storage order: nothing is shown in this order, and every array is then read front to
        // back (the sort order read them at random, out of the cache by the time a picker opens).
        let base = Array(0..<catalog.count)
        var result = catalog.filter(base, structurally: query, now: now)
        result = catalog.filter(result, containing: TokenCatalog.needle(for: query.text))
        if let account { result = catalog.tokens(result, inAccount: account) }
        return result
    }

    var totalMatching: Int { matching.count }

    /// Whether `prepareNextKeystroke` has work left.
    var isPreparingNextKeystroke: Bool { followers.map { !$0.complete } ?? false }

    /// One slice of the work done between key presses: the followers of the search text in its
    /// matches, a few thousand tokens at a time. Returns whether any is left.
    mutating func prepareNextKeystroke(catalog: TokenCatalog) -> Bool {
        // Taken out while it changes, so its arrays are not copied.
        guard var prepared = followers, !prepared.complete else { return false }
        followers = nil
        // Prepared for another load's catalog (a load updates the view first, so not expected).
        guard prepared.stage1.stage0.generation == catalog.generation else { return false }
        if let among = prepared.among {
            let end = min(among.capacity, prepared.nextToken + Self.followerTokensPerSlice)
            catalog.recordFollowers(of: prepared.needle, among: among, in: prepared.nextToken..<end, into: &prepared.masks)
            prepared.nextToken = end
        } else {
            if catalog.count == 0 { return false }  // an empty catalog: nothing to prepare
            prepared.among = Bitset(prepared.matching, capacity: catalog.count)
            prepared.masks = [UInt64](repeating: 0, count: catalog.count)
        }
        followers = prepared
        return !prepared.complete
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
