import Foundation

/// The filters a server can be asked to do, already reduced to what this vendor supports.
/// Filters the vendor cannot do are applied locally by `TokenFilter` with the same result.
public struct ServerQuery: Sendable, Hashable {
    /// Provisionr `filter[name]` (the token type).
    public var kind: String?
    /// Provisionr `filter[trashed]`.
    public var trashed: TrashFilter
    /// TrueFoundry `nameSearchQuery`.
    public var nameSearch: String?
    /// Prefactor `sorting[field]`/`sorting[direction]`, in the vendor's own field names.
    public var sortField: String?
    public var sortAscending: Bool

    public init(kind: String? = nil, trashed: TrashFilter = .none, nameSearch: String? = nil, sortField: String? = nil, sortAscending: Bool = true) {
        self.kind = kind
        self.trashed = trashed
        self.nameSearch = nameSearch
        self.sortField = sortField
        self.sortAscending = sortAscending
    }
}

/// The body of Provisionr's create-service-access-token request.
public struct ServiceAccessTokenRequest: Sendable, Hashable, Codable {
    public var service: String
    /// Display name, required, at most 55 characters.
    public var name: String
    public var description: String
    /// nil = never expires (sent as JSON null).
    public var expiresAt: Date?

    public init(service: String, name: String, description: String, expiresAt: Date?) {
        self.service = service
        self.name = name
        self.description = description
        self.expiresAt = expiresAt
    }
}

/// One vendor's API as pure code: build requests, decode answers. No I/O.
public protocol VendorAdapter: Sendable {
    var vendor: Vendor { get }
    /// The cursor for the first page at the given page size.
    func firstPage(size: Int) -> PageCursor
    /// What of `query` this vendor's server can filter itself.
    func serverQuery(for query: TokenQuery) -> ServerQuery
    func listRequest(account: Account, query: ServerQuery, cursor: PageCursor, credential: String) -> HTTPRequestSpec
    /// Decodes a 2xx list answer. `trashed` marks every token (true only for a trashed-only query).
    func decodeList(_ response: HTTPResponseData, account: Account, cursor: PageCursor, trashed: Bool) throws(VendorError) -> TokenPage
    /// Turns a non-2xx answer into one error, whatever its body holds.
    func decodeError(_ response: HTTPResponseData) -> VendorError
}
