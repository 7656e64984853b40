import Hummingbird

/// TrueFoundry: personal access tokens with limit/offset paging and a name search.
struct TrueFoundryRoutes {
    static let defaultLimit = 100
    static let limitRange = 1...1000
    static let tenantName = "sandbox"

    let store: SandboxStore

    func register(on group: RouterGroup<SandboxRequestContext>) {
        group.get("api/svc/v1/personal-access-tokens") { request, context in try await list(request, context) }
    }

    private func list(_ request: Request, _ context: SandboxRequestContext) async throws -> Response {
        let query = QueryString(request.uri.query)
        func badRequest(_ message: String) -> Response {
            VendorErrors.response(.truefoundry, status: 400, message: message, code: "VALIDATION_ERROR",
                                  request: request, context: context)
        }
        var limit = Self.defaultLimit
        if let text = query["limit"] {
            guard let value = Int(text) else { return badRequest("limit must be an integer number") }
            guard Self.limitRange.contains(value) else {
                return badRequest(value < 1 ? "limit must not be less than 1" : "limit must not be greater than 1000")
            }
            limit = value
        }
        var offset = 0
        if let text = query["offset"] {
            guard let value = Int(text) else { return badRequest("offset must be an integer number") }
            guard value >= 0 else { return badRequest("offset must not be less than 0") }
            offset = value
        }
        let (total, tokens) = await store.trueFoundrySlice(search: query["nameSearchQuery"], offset: offset, limit: limit)
        var claimedTotal = total
        if context.fault == .endlessNextPage {
            let next = offset.addingReportingOverflow(limit)
            claimedTotal = next.overflow ? Int.max : max(total, next.partialValue + 1)
        }

        var json = JSONWriter(capacity: 600 * max(1, tokens.count) + 256)
        json.raw("{"); json.key("data"); json.raw("[")
        for (index, token) in tokens.enumerated() {
            if index > 0 { json.raw(",") }
            Self.write(token, into: &json)
        }
        json.raw("]")
        json.raw(","); json.key("pagination"); json.raw("{")
        json.key("total"); json.int(claimedTotal)
        json.raw(","); json.key("offset"); json.int(offset)
        json.raw(","); json.key("limit"); json.int(limit)
        json.raw("}}")
        return Reply.json(json, contentType: "application/json; charset=utf-8", context: context)
    }

    static func write(_ token: TrueFoundryToken, into json: inout JSONWriter) {
        json.raw("{"); json.key("id"); json.string(token.id)
        json.raw(","); json.key("name"); json.string(token.name)
        json.raw(","); json.key("type"); json.string("personal-access-token")
        json.raw(","); json.key("tenantName"); json.string(tenantName)
        json.raw(","); json.key("manifest"); json.raw("{")
        json.key("name"); json.string(token.name)
        json.raw(","); json.key("type"); json.string("virtual-account")
        // A token that never expires has no expiration_date at all (the key is omitted).
        if let expiresAt = token.expiresAt {
            json.raw(","); json.key("expiration_date"); json.timestamp(expiresAt, .milliseconds)
        }
        json.raw(","); json.key("permissions"); json.raw("[")
        for (index, permission) in token.permissions.enumerated() {
            if index > 0 { json.raw(",") }
            json.raw("{"); json.key("resource_fqn"); json.string(permission.resourceFQN)
            json.raw(","); json.key("resource_type"); json.string(permission.resourceType)
            json.raw(","); json.key("role_id"); json.string(permission.roleID)
            json.raw("}")
        }
        json.raw("]}")
        json.raw(","); json.key("createdBySubject"); json.raw("{")
        json.key("subjectId"); json.string(token.createdBy.id)
        json.raw(","); json.key("subjectType"); json.string("user")
        json.raw(","); json.key("subjectSlug"); json.string(token.createdBy.slug)
        json.raw(","); json.key("subjectDisplayName"); json.string(token.createdBy.displayName)
        json.raw("}")
        json.raw(","); json.key("createdAt"); json.timestamp(token.createdAt, .milliseconds)
        json.raw(","); json.key("updatedAt"); json.timestamp(token.updatedAt, .milliseconds)
        json.raw(","); json.key("createdBy"); json.string(token.createdBy.slug)
        json.raw("}")
    }
}
