import Foundation

/// The query applied on our side, with the same meaning the servers give their filters:
/// whatever a vendor filtered already passes again unchanged.
public enum TokenFilter {
    public static func matches(_ token: Token, query: TokenQuery, now: Date) -> Bool {
        if let kind = query.kind, !kind.isEmpty, token.kind != kind { return false }
        switch query.trashed {
        case .none: if token.trashed { return false }
        case .with: break
        case .only: if !token.trashed { return false }
        }
        if let status = query.status, token.status(asOf: now) != status { return false }
        if !query.text.isEmpty, !matchesText(token, query.text) { return false }
        return true
    }

    /// Filters, then sorts by `query.sort`.
    public static func apply(_ tokens: [Token], query: TokenQuery, now: Date) -> [Token] {
        sorted(tokens.filter { matches($0, query: query, now: now) }, by: query.sort, now: now)
    }

    /// Case-insensitive substring of title, id, kind or owner.
    static func matchesText(_ token: Token, _ text: String) -> Bool {
        let needle = Array(text.utf8)
        for field in [token.title, token.id, token.kind, token.owner ?? ""] where contains(field, needle: needle, text: text) {
            return true
        }
        return false
    }

    /// ASCII text (nearly every id and name) is folded byte by byte, fast enough to search
    /// 100,000 tokens per keystroke; anything else goes through Foundation's Unicode-aware search.
    private static func contains(_ field: String, needle: [UInt8], text: String) -> Bool {
        if needle.isEmpty { return true }
        let isASCII = needle.allSatisfy { $0 < 0x80 } && field.utf8.allSatisfy { $0 < 0x80 }
        guard isASCII else { return field.range(of: text, options: .caseInsensitive) != nil }
        let haystack = Array(field.utf8)
        guard haystack.count >= needle.count else { return false }
        @inline(__always) func fold(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }
        let first = fold(needle[0])
        for start in 0...(haystack.count - needle.count) where fold(haystack[start]) == first {
            var offset = 1
            while offset < needle.count, fold(haystack[start + offset]) == fold(needle[offset]) { offset += 1 }
            if offset == needle.count { return true }
        }
        return false
    }

    /// Sorted by `sort`; missing dates last in either direction; ties by id (ascending), then
    /// account, so the order is total and the same on every refresh.
    public static func sorted(_ tokens: [Token], by sort: TokenSort, now: Date) -> [Token] {
        // Keys are computed once per token (status depends on `now`, titles are lower-cased,
        // numeric ids parsed), and small entries are sorted rather than whole tokens.
        let entries = tokens.indices.map { index in
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
        }.map { tokens[$0.index] }
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
