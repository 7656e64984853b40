import Foundation

/// metokens: `GET {base}/api/v1/me/tokens`, Laravel API-resource paging by `page` only
/// (the page size is the server's `per_page`), RFC 9457 problem details for errors.
public struct MeTokensAdapter: VendorAdapter {
    public init() {}

    public var vendor: Vendor { .metokens }

    /// The size is only a placeholder until the first answer says `per_page`: it is never sent.
    public func firstPage(size: Int) -> PageCursor { .pageNumber(1, size: max(1, size)) }

    /// The server filters nothing.
    public func serverQuery(for query: TokenQuery) -> ServerQuery { ServerQuery() }

    public func listRequest(account: Account, query: ServerQuery, cursor: PageCursor, credential: String) -> HTTPRequestSpec {
        let (page, _) = RequestBuilder.pageNumber(cursor)
        let url = RequestBuilder.url(base: account.baseURL, path: "/api/v1/me/tokens", query: [("page", String(page))])
        return HTTPRequestSpec(method: .get, url: url, headers: RequestBuilder.headers(credential: credential))
    }

    public func decodeList(_ response: HTTPResponseData, account: Account, cursor: PageCursor, trashed: Bool) throws(VendorError) -> TokenPage {
        guard (200..<300).contains(response.status) else { throw decodeError(response) }
        let reader = BodyReader(vendor: vendor, answer: "token list", status: response.status)
        let root = try reader.rootObject(response)
        let data = try root.requiredObjects("data")
        var tokens: [Token] = []
        tokens.reserveCapacity(data.count)
        for record in data {
            tokens.append(try token(from: record, account: account, trashed: trashed))
        }

        let requested = RequestBuilder.pageNumber(cursor)
        let meta = try root.requiredObject("meta")
        let currentPage = try meta.requiredInt("current_page")
        let lastPage = try meta.requiredInt("last_page")
        let perPage = meta.int("per_page") ?? requested.size
        let nextURL = root.object("links")?.rawValue("next")
        let next = LaravelPaginator.nextCursor(
            currentPage: currentPage, lastPage: lastPage, perPage: perPage,
            nextOffered: LaravelPaginator.nextOffered(nextURL: nextURL, links: LaravelPaginator.links(meta.rawValue("links"))),
            dataCount: tokens.count, requestedSize: requested.size)
        return TokenPage(tokens: tokens, next: next, total: meta.int("total"), pageCount: lastPage,
                         servedPageSize: perPage > 0 ? perPage : nil)
    }

    /// RFC 9457: the message is `detail`, else `title`; the code is the problem `type`.
    public func decodeError(_ response: HTTPResponseData) -> VendorError {
        ErrorBody.decode(response, vendor: vendor) { body in
            var parts = ErrorBody.Parts(code: body.string("type"),
                                        message: body.string("detail") ?? body.string("title") ?? body.string("message"))
            if let errors = body.object("errors") {
                for (field, value) in errors.fields {
                    let messages = ErrorBody.messages(value)
                    if !messages.isEmpty { parts.fieldErrors[field] = messages }
                }
            }
            return parts
        }
    }

    // MARK: - Mapping

    /// Personal tokens; the allowed IPs are what limits them, so they stand in for scopes.
    func token(from record: JSONObject, account: Account, trashed: Bool) throws(VendorError) -> Token {
        let id = try record.requiredID("id")
        let status: TokenStatus = switch record.string("status")?.lowercased() {
        case "revoked": .revoked
        case "expired": .expired
        case "suspended": .suspended
        default: .active
        }
        return Token(
            vendor: vendor, account: account.name, id: id,
            kind: "personal",
            title: record.string("name") ?? "",
            vendorStatus: status,
            trashed: trashed,
            createdAt: try record.requiredDate("created_at"),
            lastUsedAt: record.date("last_used_at"),
            expiresAt: record.date("expires_at"),
            scopes: record.strings("allowed_ips"),
            usageCount: record.int("usage_count"),
            rawJSON: record.compactText)
    }
}
