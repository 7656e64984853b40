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
        for field in [token.title, token.id, token.kind, token.owner ?? ""]
        where field.range(of: text, options: .caseInsensitive) != nil {
            return true
        }
        return false
    }

    /// Sorted by `sort`; missing dates last in either direction; ties by id (ascending), then
    /// account, so the order is total and the same on every refresh.
    public static func sorted(_ tokens: [Token], by sort: TokenSort, now: Date) -> [Token] {
        // Keys are computed once per token (status depends on `now`, titles are lower-cased), not per comparison.
        let keyed = tokens.map { (token: $0, key: SortKey(token: $0, field: sort.field, now: now)) }
        return keyed.sorted { lhs, rhs in
            switch SortKey.order(lhs.key, rhs.key, ascending: sort.ascending) {
            case .orderedAscending: return true
            case .orderedDescending: return false
            case .orderedSame: return tieBreak(lhs.token, rhs.token)
            }
        }.map(\.token)
    }

    private enum SortKey {
        case date(Date?)
        case text(String)
        case number(Int)
        case identifier(String)

        init(token: Token, field: SortField, now: Date) {
            switch field {
            case .created: self = .date(token.createdAt)
            case .lastUsed: self = .date(token.lastUsedAt)
            case .expires: self = .date(token.expiresAt)
            case .title: self = .text(token.title.lowercased())
            case .kind: self = .text(token.kind.lowercased())
            case .status: self = .number(TokenFilter.rank(of: token.status(asOf: now)))
            case .id: self = .identifier(token.id)
            }
        }

        static func order(_ lhs: SortKey, _ rhs: SortKey, ascending: Bool) -> ComparisonResult {
            func directed(_ result: ComparisonResult) -> ComparisonResult {
                if ascending || result == .orderedSame { return result }
                return result == .orderedAscending ? .orderedDescending : .orderedAscending
            }
            func compare<T: Comparable>(_ a: T, _ b: T) -> ComparisonResult {
                a < b ? .orderedAscending : (b < a ? .orderedDescending : .orderedSame)
            }
            switch (lhs, rhs) {
            case let (.date(a), .date(b)):
                switch (a, b) {
                case (nil, nil): return .orderedSame
                case (nil, _): return .orderedDescending // missing dates last, whatever the direction
                case (_, nil): return .orderedAscending
                case let (a?, b?): return directed(compare(a, b))
                }
            case let (.text(a), .text(b)): return directed(compare(a, b))
            case let (.number(a), .number(b)): return directed(compare(a, b))
            case let (.identifier(a), .identifier(b)): return directed(TokenFilter.compareIDs(a, b))
            default: return .orderedSame
            }
        }
    }

    /// Numeric ids (metokens) compare as numbers, others as text.
    private static func compareIDs(_ lhs: String, _ rhs: String) -> ComparisonResult {
        if let left = Int(lhs), let right = Int(rhs) {
            return left < right ? .orderedAscending : (left > right ? .orderedDescending : .orderedSame)
        }
        return lhs < rhs ? .orderedAscending : (lhs > rhs ? .orderedDescending : .orderedSame)
    }

    /// Ties by id ascending, then account: a total order, so equal keys never swap between refreshes.
    private static func tieBreak(_ lhs: Token, _ rhs: Token) -> Bool {
        let byID = compareIDs(lhs.id, rhs.id)
        if byID != .orderedSame { return byID == .orderedAscending }
        if lhs.account != rhs.account { return lhs.account < rhs.account }
        return lhs.vendor.rawValue < rhs.vendor.rawValue
    }

    private static func rank(of status: TokenStatus) -> Int {
        TokenStatus.allCases.firstIndex(of: status) ?? 0
    }
}
