import Foundation

/// Prefactor: `GET {base}/api/v1/api_token`, offset paging, server-side sorting, `{status:"error"}` errors.
public struct PrefactorAdapter: VendorAdapter {
    public init() {}

    public var vendor: Vendor { .prefactor }

    public func firstPage(size: Int) -> PageCursor { .offset(0, size: max(1, size)) }

    /// Only sorting goes to the server; status and scope are filtered on our side.
    public func serverQuery(for query: TokenQuery) -> ServerQuery {
        ServerQuery(sortField: Self.sortField(for: query.sort.field), sortAscending: query.sort.ascending)
    }

    /// Our sort fields in Prefactor's allowed `sorting[field]` values, where the meaning is the same.
    /// Not `status`: the server orders its own active/suspended/revoked, we order derived status
    /// (expiring, expired), so the two orders would differ. Not `title`: Prefactor tokens have no name.
    static func sortField(for field: SortField) -> String? {
        switch field {
        case .id: "id"
        case .created: "timestamp"
        case .lastUsed: "last_seen"
        case .expires, .title, .kind, .status: nil
        }
    }

    public func listRequest(account: Account, query: ServerQuery, cursor: PageCursor, credential: String) -> HTTPRequestSpec {
        let (offset, size) = RequestBuilder.offset(cursor)
        var items: [(name: String, value: String)] = [
            ("pagination[offset]", String(offset)), ("pagination[page_size]", String(size)),
        ]
        if let field = query.sortField {
            items.append(("sorting[field]", field))
            items.append(("sorting[direction]", query.sortAscending ? "asc" : "desc"))
        }
        if let accountID = account.accountID, !accountID.isEmpty { items.append(("account_id", accountID)) }
        let url = RequestBuilder.url(base: account.baseURL, path: "/api/v1/api_token", query: items)
        return HTTPRequestSpec(method: .get, url: url, headers: RequestBuilder.headers(credential: credential))
    }

    public func decodeList(_ response: HTTPResponseData, account: Account, cursor: PageCursor, trashed: Bool) throws(VendorError) -> TokenPage {
        guard (200..<300).contains(response.status) else { throw decodeError(response) }
        let reader = BodyReader(vendor: vendor, answer: "token list", status: response.status)
        let root = try reader.rootObject(response)
        if root.string("status") == "error" { throw decodeError(response) }
        let summaries = try root.requiredObjects("summaries")
        var tokens: [Token] = []
        tokens.reserveCapacity(summaries.count)
        for record in summaries {
            tokens.append(try token(from: record, account: account, trashed: trashed))
        }

        let requested = RequestBuilder.offset(cursor)
        let pagination = root.object("pagination")
        let pageSize = pagination?.int("page_size").flatMap { $0 > 0 ? $0 : nil }
        var next: PageCursor?
        if let nextOffset = pagination?.int("next_page_offset"), !tokens.isEmpty {
            next = .offset(nextOffset, size: pageSize ?? requested.size)
        }
        return TokenPage(tokens: tokens, next: next, total: pagination?.int("item_count"),
                         pageCount: pagination?.int("page_count"), servedPageSize: pageSize)
    }

    public func decodeError(_ response: HTTPResponseData) -> VendorError {
        ErrorBody.decode(response, vendor: vendor) { body in
            ErrorBody.Parts(code: body.string("code"), message: body.string("message"))
        }
    }

    // MARK: - Mapping

    /// The summary has no name: the title says what it is (scope and id), the kind is the scope.
    func token(from record: JSONObject, account: Account, trashed: Bool) throws(VendorError) -> Token {
        try token(from: record, account: account, trashed: trashed, createdAt: try record.requiredDate("inserted_at"))
    }

    /// As above with the creation time given: a create's `ApiToken` has no `inserted_at`.
    func token(from record: JSONObject, account: Account, trashed: Bool, createdAt: Date?) throws(VendorError) -> Token {
        let id = try record.requiredID("id")
        let scope = record.string("token_scope") ?? record.string("type") ?? "api_token"
        let status: TokenStatus = switch record.string("status") {
        case "suspended": .suspended
        case "revoked": .revoked
        default: .active
        }
        return Token(
            vendor: vendor, account: account.name, id: id,
            kind: scope,
            title: "\(scope) token \(id)",
            vendorStatus: status,
            trashed: trashed,
            createdAt: createdAt,
            lastUsedAt: record.date("last_used_at"),
            expiresAt: record.date("expires_at"),
            owner: record.string("created_by_admin_user_id"),
            rawJSON: record.compactText)
    }
}
