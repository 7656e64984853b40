import Foundation

/// TrueFoundry: `GET {base}/api/svc/v1/personal-access-tokens`, `limit`/`offset` paging,
/// `nameSearchQuery` search, `{statusCode, message, code?, details?}` errors.
public struct TrueFoundryAdapter: VendorAdapter {
    public init() {}

    public var vendor: Vendor { .truefoundry }

    /// The spec's range for `limit`.
    public static let pageSizeRange = 1...1000

    public func firstPage(size: Int) -> PageCursor { .offset(0, size: Self.clamp(size)) }

    static func clamp(_ size: Int) -> Int { min(max(size, pageSizeRange.lowerBound), pageSizeRange.upperBound) }

    /// The search text goes to the server as `nameSearchQuery`. The server matches names only,
    /// so the local text filter (title, id, kind, owner) still runs over what comes back.
    public func serverQuery(for query: TokenQuery) -> ServerQuery {
        ServerQuery(nameSearch: query.text.isEmpty ? nil : query.text)
    }

    public func listRequest(account: Account, query: ServerQuery, cursor: PageCursor, credential: String) -> HTTPRequestSpec {
        let (offset, size) = RequestBuilder.offset(cursor)
        var items: [(name: String, value: String)] = [("limit", String(Self.clamp(size))), ("offset", String(offset))]
        if let search = query.nameSearch, !search.isEmpty { items.append(("nameSearchQuery", search)) }
        let url = RequestBuilder.url(base: account.baseURL, path: "/api/svc/v1/personal-access-tokens", query: items)
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

        let requested = RequestBuilder.offset(cursor)
        let pagination = root.object("pagination")
        let offset = pagination?.int("offset") ?? requested.offset
        let total = pagination?.int("total")
        // The server may clamp `limit` below what we asked: continue from what it served, no gaps, no repeats.
        let served = pagination?.int("limit").flatMap { $0 > 0 ? $0 : nil }
        let size = served ?? Self.clamp(requested.size)
        let nextOffset = offset + tokens.count
        var next: PageCursor?
        if !tokens.isEmpty {
            if let total {
                if nextOffset < total { next = .offset(nextOffset, size: size) }
            } else if tokens.count >= size {
                next = .offset(nextOffset, size: size)
            }
        }
        let pageCount = total.map { ($0 + size - 1) / size }
        return TokenPage(tokens: tokens, next: next, total: total, pageCount: pageCount, servedPageSize: served ?? size)
    }

    public func decodeError(_ response: HTTPResponseData) -> VendorError {
        ErrorBody.decode(response, vendor: vendor) { body in
            var parts = ErrorBody.Parts(code: body.string("code") ?? body.string("error"), message: body.string("message"))
            // `message` is sometimes a list of validation messages.
            if parts.message == nil, let list = body.value("message") {
                parts.message = ErrorBody.messages(list).joined(separator: "; ")
            }
            if let details = body.object("details") {
                for (field, value) in details.fields {
                    let messages = ErrorBody.messages(value)
                    if !messages.isEmpty { parts.fieldErrors[field] = messages }
                }
            }
            return parts
        }
    }

    // MARK: - Mapping

    /// The permissions become `role_id@resource_fqn` scopes; the creator's display name is the owner.
    func token(from record: JSONObject, account: Account, trashed: Bool) throws(VendorError) -> Token {
        let id = try record.requiredID("id")
        let manifest = record.object("manifest")
        let subject = record.object("createdBySubject")
        var scopes: [String] = []
        if let permissions = manifest?.objects("permissions") {
            for permission in permissions {
                let role = permission.string("role_id")
                let resource = permission.string("resource_fqn")
                switch (role, resource) {
                case let (role?, resource?): scopes.append("\(role)@\(resource)")
                case let (role?, nil): scopes.append(role)
                case let (nil, resource?): scopes.append(resource)
                case (nil, nil): break
                }
            }
        }
        return Token(
            vendor: vendor, account: account.name, id: id,
            kind: record.string("type") ?? manifest?.string("type") ?? "personal-access-token",
            title: record.string("name") ?? manifest?.string("name") ?? "",
            vendorStatus: .active,
            trashed: trashed,
            createdAt: record.date("createdAt"),
            lastUsedAt: nil,
            expiresAt: manifest?.date("expiration_date"),
            owner: subject?.string("subjectDisplayName") ?? record.string("createdBy") ?? subject?.string("subjectSlug"),
            scopes: scopes,
            rawJSON: record.compactText)
    }
}
