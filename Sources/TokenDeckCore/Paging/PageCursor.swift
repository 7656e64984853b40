import Foundation

/// Where the next page starts, in the vendor's own paging style.
public enum PageCursor: Sendable, Hashable, Codable {
    /// Laravel: 1-based page number and page size (Provisionr, metokens).
    case pageNumber(Int, size: Int)
    /// Offset and page size (Prefactor `pagination[offset]`/`pagination[page_size]`, TrueFoundry `offset`/`limit`).
    case offset(Int, size: Int)
}

/// One page of tokens as decoded from a vendor's answer.
public struct TokenPage: Sendable, Hashable {
    public var tokens: [Token]
    /// Where the next page starts; nil when this was the last page.
    public var next: PageCursor?
    /// Total items the server says match, when it says.
    public var total: Int?
    /// Total pages the server says there are (or derived from total and the served page size).
    public var pageCount: Int?
    /// The page size the server actually served (may be clamped below what was asked).
    public var servedPageSize: Int?

    public init(tokens: [Token], next: PageCursor?, total: Int? = nil, pageCount: Int? = nil, servedPageSize: Int? = nil) {
        self.tokens = tokens
        self.next = next
        self.total = total
        self.pageCount = pageCount
        self.servedPageSize = servedPageSize
    }
}
