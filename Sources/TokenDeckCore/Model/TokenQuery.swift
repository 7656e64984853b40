import Foundation

/// Which tokens to show with respect to the trash.
public enum TrashFilter: String, Codable, CaseIterable, Sendable, Hashable {
    /// Only tokens not in the trash (the default).
    case none
    /// Tokens in and out of the trash.
    case with
    /// Only trashed tokens.
    case only

    /// active → with trashed → only trashed → active, as the `x` key cycles.
    public var next: TrashFilter {
        switch self {
        case .none: .with
        case .with: .only
        case .only: .none
        }
    }
}

public enum SortField: String, Codable, CaseIterable, Sendable, Hashable {
    case created, lastUsed = "last_used", expires, title, kind, status, id
}

public struct TokenSort: Codable, Sendable, Hashable {
    public var field: SortField
    public var ascending: Bool
    public init(field: SortField = .created, ascending: Bool = false) {
        self.field = field
        self.ascending = ascending
    }
}

/// What a person asked to see: the filters, the sort and the page.
public struct TokenQuery: Codable, Sendable, Hashable {
    /// Vendor type (`svc_access`, `account`, …); nil for every type.
    public var kind: String?
    public var trashed: TrashFilter
    public var status: TokenStatus?
    /// Case-insensitive substring of title, id, kind or owner; empty for none.
    public var text: String
    /// Only tokens breaking this rule of the audit policy (`RiskFilter`); nil for no such filter.
    public var risk: RiskFilter?
    public var sort: TokenSort
    /// 1-based page number.
    public var page: Int
    public var pageSize: Int

    public init(
        kind: String? = nil, trashed: TrashFilter = .none, status: TokenStatus? = nil, text: String = "",
        risk: RiskFilter? = nil, sort: TokenSort = TokenSort(), page: Int = 1, pageSize: Int = 100
    ) {
        self.risk = risk
        self.kind = kind
        self.trashed = trashed
        self.status = status
        self.text = text
        self.sort = sort
        self.page = page
        self.pageSize = pageSize
    }
}
