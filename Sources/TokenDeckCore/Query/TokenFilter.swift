import Foundation

/// The query applied on our side, with the same meaning the servers give their filters:
/// whatever a vendor filtered already passes again unchanged.
public enum TokenFilter {
    public static func matches(_ token: Token, query: TokenQuery, now: Date) -> Bool {
        matches(token, query: query, needle: SearchFold.fold(query.text), now: now)
    }

    /// `matches` with the query's text already folded, once for every token.
    private static func matches(_ token: Token, query: TokenQuery, needle: [UInt8], now: Date) -> Bool {
        if let kind = query.kind, !kind.isEmpty, token.kind != kind { return false }
        switch query.trashed {
        case .none: if token.trashed { return false }
        case .with: break
        case .only: if !token.trashed { return false }
        }
        if let status = query.status, token.status(asOf: now) != status { return false }
        if !needle.isEmpty, !matchesText(token, folded: needle) { return false }
        return true
    }

    /// Filters, then sorts by `query.sort`.
    ///
    /// In place: the tokens that go are removed and the rest put in order by swaps, so no token is
    /// copied (a copy retains and later releases each of its strings: a tenth of `list --all`'s CPU).
    public static func apply(_ tokens: consuming [Token], query: TokenQuery, now: Date) -> [Token] {
        var tokens = tokens
        let needle = SearchFold.fold(query.text)
        tokens.removeAll { !matches($0, query: query, needle: needle, now: now) }
        permute(&tokens, into: sortedIndices(tokens, by: query.sort, now: now))
        return tokens
    }

    /// Rearranges `tokens` so that position i holds what was at `order[i]` (a permutation), by
    /// swapping along its cycles.
    static func permute(_ tokens: inout [Token], into order: [Int]) {
        precondition(order.count == tokens.count, "a permutation of every token")
        var placed = [Bool](repeating: false, count: order.count)
        for start in order.indices where !placed[start] {
            var position = start
            placed[position] = true
            while order[position] != start {
                tokens.swapAt(position, order[position])
                position = order[position]
                placed[position] = true
            }
        }
    }

    /// Whether `text` is in the token's title, id, kind or owner under `SearchFold`'s rule, the one
    /// every search follows (the dashboard's index answers the same from folded bytes it stores).
    public static func matchesText(_ token: Token, _ text: String) -> Bool {
        matchesText(token, folded: SearchFold.fold(text))
    }

    /// `matchesText` for a needle already folded (`SearchFold.fold`): what a caller asking of many
    /// tokens folds once.
    public static func matchesText(_ token: Token, folded needle: [UInt8]) -> Bool {
        SearchFold.field(token.title, contains: needle) || SearchFold.field(token.id, contains: needle)
            || SearchFold.field(token.kind, contains: needle) || SearchFold.field(token.owner ?? "", contains: needle)
    }

    /// Sorted by `sort`; missing dates last in either direction; ties by id (ascending), then
    /// account, so the order is total and the same on every refresh.
    public static func sorted(_ tokens: [Token], by sort: TokenSort, now: Date) -> [Token] {
        sortedIndices(tokens, by: sort, now: now).map { tokens[$0] }
    }

    /// The indices of `tokens` in the order `sorted(_:by:now:)` gives: what a caller keeping its
    /// own arrays per token sorts with, so no token is copied or looked up again.
    ///
    /// Two passes: first on two integers per token that order them as the full comparison does
    /// wherever they differ (the sort key and the id, each cut to its first bytes), then the full
    /// comparison only within runs those integers cannot tell apart. The date and status sorts of
    /// 100,000 tokens take tens of milliseconds instead of over a hundred; text sorts whose
    /// values share their first eight bytes still come down to the full comparison.
    public static func sortedIndices(_ tokens: [Token], by sort: TokenSort, now: Date) -> [Int] {
        var entries = [CoarseEntry]()
        entries.reserveCapacity(tokens.count)
        tokens.withUnsafeBufferPointer { buffer in
            // In place: a `for token in` loop would copy every token.
            for index in buffer.indices {
                entries.append(CoarseEntry(primary: coarseKey(buffer[index], sort: sort, now: now),
                                           secondary: coarseID(buffer[index].id), index: index))
            }
        }
        entries.sort { ($0.primary, $0.secondary, $0.index) < ($1.primary, $1.secondary, $1.index) }
        var result = entries.map(\.index)
        // Dates and the status rank are whole in the first integer: where it ties the sort keys are
        // equal and the id decides, so a run is what both integers tie on. Text and ids are cut to
        // their first bytes: a run is everything the first integer ties on.
        let exactKey: Bool
        switch sort.field {
        case .created, .lastUsed, .expires, .status: exactKey = true
        case .title, .kind, .id: exactKey = false
        }
        var start = 0
        while start < entries.count {
            var end = start + 1
            while end < entries.count, entries[end].primary == entries[start].primary,
                  !exactKey || entries[end].secondary == entries[start].secondary {
                end += 1
            }
            if end - start > 1 {
                let run = fullySorted(Array(result[start..<end]), tokens, by: sort, now: now)
                result.replaceSubrange(start..<end, with: run)
            }
            start = end
        }
        return result
    }

    private struct CoarseEntry {
        var primary: UInt64
        var secondary: UInt64
        var index: Int
    }

    /// `indices` in the full order: sort key, then id, account, vendor and position (internal for
    /// the tests that hold the two-pass sort to it).
    static func fullySorted(_ indices: [Int], _ tokens: [Token], by sort: TokenSort, now: Date) -> [Int] {
        let entries = indices.map { index in
            SortEntry(key: SortKey(token: tokens[index], field: sort.field, now: now), id: IDKey(tokens[index].id), index: index)
        }
        return entries.sorted { lhs, rhs in
            switch SortKey.order(lhs.key, rhs.key, ascending: sort.ascending) {
            case .orderedAscending: return true
            case .orderedDescending: return false
            case .orderedSame:
                let byID = IDKey.compare(lhs.id, rhs.id)
                if byID != .orderedSame { return byID == .orderedAscending }
                let left = tokens[lhs.index], right = tokens[rhs.index]
                if left.account != right.account { return precedes(left.account, right.account) }
                if left.vendor != right.vendor { return left.vendor.rawValue < right.vendor.rawValue }
                return lhs.index < rhs.index
            }
        }.map(\.index)
    }

    /// An integer that orders tokens as `SortKey.order` does wherever the two differ (and ties
    /// where it may not know): dates exactly, missing ones last; text by its first eight
    /// lower-cased bytes; the status rank; ids as `coarseID`. Descending flips it, missing dates aside.
    private static func coarseKey(_ token: borrowing Token, sort: TokenSort, now: Date) -> UInt64 {
        func directed(_ key: UInt64) -> UInt64 { sort.ascending ? key : ~key }
        func date(_ date: Date?) -> UInt64 {
            guard let date else { return .max }
            let seconds = date.timeIntervalSinceReferenceDate + 0.0  // -0 and 0 are the same instant
            let bits = seconds.bitPattern
            let ordered = bits & (1 << 63) != 0 ? ~bits : bits | (1 << 63)
            return min(directed(ordered), .max - 1)
        }
        switch sort.field {
        case .created: return date(token.createdAt)
        case .lastUsed: return date(token.lastUsedAt)
        case .expires: return date(token.expiresAt)
        case .title: return directed(foldedPrefix(token.title))
        case .kind: return directed(foldedPrefix(token.kind))
        case .status: return directed(UInt64(rank(of: token.status(asOf: now))))
        case .id: return directed(coarseID(token.id))
        }
    }

    /// The first eight bytes of `text.lowercased()`, big-endian, zero-padded.
    private static func foldedPrefix(_ text: String) -> UInt64 {
        var key: UInt64 = 0
        var taken = 0
        func take(_ bytes: some Sequence<UInt8>, fold: Bool) {
            for byte in bytes {
                guard taken < 8 else { return }
                key = key << 8 | UInt64(fold && byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)
                taken += 1
            }
        }
        let prefix = text.utf8.prefix(8)
        if prefix.allSatisfy({ $0 < 0x80 }) {
            take(prefix, fold: true)
        } else {
            take(text.lowercased().utf8, fold: false)
        }
        return taken == 8 ? key : key << (8 * UInt64(8 - taken))
    }

    /// Orders ids as `IDKey.compare` does wherever the two differ: numbers by value (halved) below
    /// every text id, text ids by their first eight bytes (halved).
    private static func coarseID(_ id: String) -> UInt64 {
        if let number = Int(id) { return (UInt64(bitPattern: Int64(number)) ^ (1 << 63)) >> 1 }
        var key: UInt64 = 0
        var taken = 0
        for byte in id.utf8.prefix(8) {
            key = key << 8 | UInt64(byte)
            taken += 1
        }
        if taken < 8 { key <<= 8 * UInt64(8 - taken) }
        return 1 << 63 | key >> 1
    }

    private struct SortEntry {
        var key: SortKey
        var id: IDKey
        var index: Int
    }

    /// Code-point order: deterministic, and far cheaper than `String.<` on 100,000 tokens.
    private static func precedes(_ lhs: String, _ rhs: String) -> Bool {
        lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
    }

    /// Numeric ids (metokens) compare as numbers and before textual ones; others by their bytes.
    private enum IDKey {
        case number(Int)
        case text([UInt8])

        init(_ id: String) { self = Int(id).map(IDKey.number) ?? .text(Array(id.utf8)) }

        static func compare(_ lhs: IDKey, _ rhs: IDKey) -> ComparisonResult {
            switch (lhs, rhs) {
            case let (.number(a), .number(b)): a < b ? .orderedAscending : (a > b ? .orderedDescending : .orderedSame)
            case (.number, .text): .orderedAscending
            case (.text, .number): .orderedDescending
            case let (.text(a), .text(b)): TokenFilter.compareBytes(a, b)
            }
        }
    }

    private static func compareBytes(_ lhs: [UInt8], _ rhs: [UInt8]) -> ComparisonResult {
        let result = lhs.withUnsafeBufferPointer { a in
            rhs.withUnsafeBufferPointer { b in
                guard let left = a.baseAddress, let right = b.baseAddress else { return Int32(0) }
                return memcmp(left, right, min(a.count, b.count))
            }
        }
        if result != 0 { return result < 0 ? .orderedAscending : .orderedDescending }
        return lhs.count < rhs.count ? .orderedAscending : (lhs.count > rhs.count ? .orderedDescending : .orderedSame)
    }

    private enum SortKey {
        case date(Date?)
        case text([UInt8])
        case number(Int)
        case identifier(IDKey)

        init(token: Token, field: SortField, now: Date) {
            switch field {
            case .created: self = .date(token.createdAt)
            case .lastUsed: self = .date(token.lastUsedAt)
            case .expires: self = .date(token.expiresAt)
            case .title: self = .text(Array(token.title.lowercased().utf8))
            case .kind: self = .text(Array(token.kind.lowercased().utf8))
            case .status: self = .number(TokenFilter.rank(of: token.status(asOf: now)))
            case .id: self = .identifier(IDKey(token.id))
            }
        }

        static func order(_ lhs: SortKey, _ rhs: SortKey, ascending: Bool) -> ComparisonResult {
            func directed(_ result: ComparisonResult) -> ComparisonResult {
                if ascending || result == .orderedSame { return result }
                return result == .orderedAscending ? .orderedDescending : .orderedAscending
            }
            switch (lhs, rhs) {
            case let (.date(a), .date(b)):
                switch (a, b) {
                case (nil, nil): return .orderedSame
                case (nil, _): return .orderedDescending // missing dates last, whatever the direction
                case (_, nil): return .orderedAscending
                case let (a?, b?): return directed(a < b ? .orderedAscending : (b < a ? .orderedDescending : .orderedSame))
                }
            case let (.text(a), .text(b)): return directed(TokenFilter.compareBytes(a, b))
            case let (.number(a), .number(b)): return directed(a < b ? .orderedAscending : (a > b ? .orderedDescending : .orderedSame))
            case let (.identifier(a), .identifier(b)): return directed(IDKey.compare(a, b))
            default: return .orderedSame
            }
        }
    }

    private static func rank(of status: TokenStatus) -> Int {
        TokenStatus.allCases.firstIndex(of: status) ?? 0
    }
}
