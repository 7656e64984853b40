import Foundation

/// A token a vendor just minted, with its secret when the answer carries one.
public struct CreatedToken: Sendable, Hashable {
    public var token: Token
    /// The plain-text secret, shown once: Prefactor and TrueFoundry send it as `token`; Provisionr's
    /// spec documents none, so there it is usually nil. Never log or cache it.
    public var secret: String?

    public init(token: Token, secret: String?) {
        self.token = token
        self.secret = secret
    }
}

/// Provisionr: `GET {base}/workspace/tokens` (Laravel paginator) and
/// `POST {base}/workspace/services/{service}/tokens/access`.
public struct ProvisionrAdapter: VendorAdapter {
    public init() {}

    public var vendor: Vendor { .provisionr }

    /// The spec's default page size.
    public static let defaultPageSize = 500

    public func firstPage(size: Int) -> PageCursor { .pageNumber(1, size: max(1, size)) }

    /// The server filters by type (`filter[name]`) and trash (`filter[trashed]`); nothing else we ask for.
    public func serverQuery(for query: TokenQuery) -> ServerQuery {
        let kind = query.kind.flatMap { $0.isEmpty ? nil : $0 }
        return ServerQuery(kind: kind, trashed: query.trashed)
    }

    public func listRequest(account: Account, query: ServerQuery, cursor: PageCursor, credential: String) -> HTTPRequestSpec {
        let (page, size) = RequestBuilder.pageNumber(cursor)
        var items: [(name: String, value: String)] = [("page[size]", String(size)), ("page[number]", String(page))]
        if let kind = query.kind { items.append(("filter[name]", kind)) }
        switch query.trashed {
        case .none: break // the default: only tokens not deleted
        case .with: items.append(("filter[trashed]", "with"))
        case .only: items.append(("filter[trashed]", "only"))
        }
        let url = RequestBuilder.url(base: account.baseURL, path: "/workspace/tokens", query: items)
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
        let currentPage = try root.requiredInt("current_page")
        let lastPage = try root.requiredInt("last_page")
        let perPage = root.int("per_page") ?? requested.size
        let next = LaravelPaginator.nextCursor(
            currentPage: currentPage, lastPage: lastPage, perPage: perPage,
            nextOffered: LaravelPaginator.nextOffered(nextURL: root.rawValue("next_page_url"),
                                                      links: LaravelPaginator.links(root.rawValue("links"))),
            dataCount: tokens.count, requestedSize: requested.size)
        return TokenPage(tokens: tokens, next: next, total: root.int("total"), pageCount: lastPage,
                         servedPageSize: perPage > 0 ? perPage : nil)
    }

    public func decodeError(_ response: HTTPResponseData) -> VendorError {
        ErrorBody.decode(response, vendor: vendor) { body in
            // Laravel: `{message}`, and on 422 `{message, errors: {field: [..]}}`.
            var parts = ErrorBody.Parts(message: body.string("message") ?? body.string("error"))
            if let errors = body.object("errors") {
                for (field, value) in errors.fields {
                    let messages = ErrorBody.messages(value)
                    if !messages.isEmpty { parts.fieldErrors[field] = messages }
                }
            }
            return parts
        }
    }

    // MARK: - Create a service access token

    public func createRequest(account: Account, request: ServiceAccessTokenRequest, credential: String) -> HTTPRequestSpec {
        let service = RequestBuilder.percentEncode(request.service)
        let url = RequestBuilder.url(base: account.baseURL, path: "/workspace/services/\(service)/tokens/access", query: [])
        let body: JSONValue = .object([
            "name": .string(request.name),
            "description": .string(request.description),
            "expires_at": request.expiresAt.map { .string(ISO8601Date.string(from: $0)) } ?? .null,
        ])
        var headers = RequestBuilder.headers(credential: credential)
        headers.append(HTTPRequestSpec.Header("Content-Type", "application/json"))
        return HTTPRequestSpec(method: .post, url: url, headers: headers, body: Data(body.compactText.utf8))
    }

    /// Decodes a 2xx create answer (bare or wrapped in `data`); a non-2xx answer throws its error.
    public func decodeCreated(_ response: HTTPResponseData, account: Account) throws(VendorError) -> CreatedToken {
        guard (200..<300).contains(response.status) else { throw decodeError(response) }
        let reader = BodyReader(vendor: vendor, answer: "created token", status: response.status)
        let root = try reader.rootObject(response)
        let record = (!root.has("id") ? root.object("data") : nil) ?? root
        let secretFields = ["plain_text_token", "plainTextToken", "access_token", "token", "secret"]
        let secret = secretFields.lazy.compactMap { record.string($0) ?? root.string($0) }.first
        // The secret must not reach rawJSON: that is cached and shown.
        let withoutSecret = try reader.rootObject(record.fields.filter { !secretFields.contains($0.key) })
        return CreatedToken(token: try token(from: withoutSecret, account: account, trashed: false), secret: secret)
    }

    // MARK: - Mapping

    /// `name` is the token type; `description` is what a person calls it. No deleted-at field exists:
    /// `trashed` is known only from the query that returned the record.
    func token(from record: JSONObject, account: Account, trashed: Bool) throws(VendorError) -> Token {
        let id = try record.requiredID("id")
        let timestamps = record.object("timestamp")
        return Token(
            vendor: vendor, account: account.name, id: id,
            kind: record.string("name") ?? "",
            title: record.string("description") ?? "",
            vendorStatus: .active,
            trashed: trashed,
            createdAt: timestamps?.date("created_at"),
            lastUsedAt: timestamps?.date("last_used_at"),
            expiresAt: timestamps?.date("expires_at"),
            scopes: record.strings("abilities"),
            rawJSON: record.compactText)
    }
}
