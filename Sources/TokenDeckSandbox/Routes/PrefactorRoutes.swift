import Hummingbird

/// Prefactor: the API-token list with offset pagination, sorting and `account_id`.
struct PrefactorRoutes {
    static let defaultPageSize = 25
    /// A larger `pagination[page_size]` is clamped (and reported back), not refused.
    static let maxPageSize = 250
    /// Every sort field the spec allows; which of them apply depends on the list.
    static let specSortFields = [
        "id", "last_seen", "status", "title", "timestamp", "started_at", "finished_at", "email", "name", "external_identifier",
    ]

    let store: SandboxStore

    func register(on group: RouterGroup<SandboxRequestContext>) {
        group.get("api/v1/api_token") { request, context in try await list(request, context) }
    }

    private func list(_ request: Request, _ context: SandboxRequestContext) async throws -> Response {
        let query = QueryString(request.uri.query)
        func invalid(_ message: String) -> Response {
            VendorErrors.response(.prefactor, status: 400, message: message, code: "invalid_value", request: request, context: context)
        }
        var offset = 0
        if let text = query["pagination[offset]"] {
            guard let value = Int(text), value >= 0 else {
                return invalid("pagination[offset] must be a non-negative integer, got \"\(text)\"")
            }
            offset = value
        }
        var pageSize = Self.defaultPageSize
        if let text = query["pagination[page_size]"] {
            guard let value = Int(text), value >= 1 else {
                return invalid("pagination[page_size] must be a positive integer, got \"\(text)\"")
            }
            pageSize = min(value, Self.maxPageSize)
        }
        let field = query["sorting[field]"] ?? "id"
        guard Self.specSortFields.contains(field) else {
            return invalid("sorting[field] must be one of \(Self.specSortFields.joined(separator: ", ")), got \"\(field)\"")
        }
        guard PrefactorOrder.supportedFields.contains(field) else {
            return invalid("sorting[field] \"\(field)\" does not apply to api_token lists; "
                + "use one of \(PrefactorOrder.supportedFields.joined(separator: ", "))")
        }
        let direction = query["sorting[direction]"] ?? "asc"
        guard direction == "asc" || direction == "desc" else {
            return invalid("sorting[direction] must be asc or desc, got \"\(direction)\"")
        }
        let accountID = query["account_id"] ?? store.prefactorAccountIDs[0]
        guard store.prefactorAccountIDs.contains(accountID) else {
            return VendorErrors.response(.prefactor, status: 404, message: "account \(accountID) not found",
                                         code: "not_found", request: request, context: context)
        }

        let order = PrefactorOrder(accountID: accountID, field: field, ascending: direction == "asc")
        let (total, tokens) = await store.prefactorSlice(order, offset: offset, limit: pageSize)
        let endless = context.fault == .endlessNextPage
        let nextOffset = offset.addingReportingOverflow(pageSize)
        let claimedTotal = endless && !nextOffset.overflow ? max(total, nextOffset.partialValue + 1) : total
        let hasNext = !nextOffset.overflow && nextOffset.partialValue < claimedTotal

        var json = JSONWriter(capacity: 420 * max(1, tokens.count) + 512)
        json.raw("{"); json.key("status"); json.string("success")
        json.raw(","); json.key("summaries"); json.raw("[")
        for (index, token) in tokens.enumerated() {
            if index > 0 { json.raw(",") }
            Self.write(token, into: &json)
        }
        json.raw("]")
        json.raw(","); json.key("pagination"); json.raw("{")
        json.key("item_count"); json.int(claimedTotal)
        json.raw(","); json.key("item_end"); json.int(tokens.isEmpty ? 0 : offset + tokens.count)
        json.raw(","); json.key("item_start"); json.int(tokens.isEmpty ? 0 : offset + 1)
        json.raw(","); json.key("next_page_offset"); json.int(hasNext ? nextOffset.partialValue : nil)
        json.raw(","); json.key("page_count"); json.int(max(1, claimedTotal / pageSize + (claimedTotal % pageSize == 0 ? 0 : 1)))
        json.raw(","); json.key("page_index"); json.int(offset / pageSize + 1)
        json.raw(","); json.key("page_offset"); json.int(offset)
        json.raw(","); json.key("page_size"); json.int(pageSize)
        json.raw(","); json.key("previous_page_offset"); json.int(offset > 0 ? max(0, offset - pageSize) : nil)
        json.raw("}")
        json.raw(","); json.key("sorting"); json.raw("{")
        json.key("direction"); json.string(direction)
        json.raw(","); json.key("field"); json.string(field)
        json.raw("}}")
        return Reply.json(json, contentType: "application/json; charset=utf-8", context: context)
    }

    /// ApiToken_Summary.
    static func write(_ token: PrefactorToken, into json: inout JSONWriter) {
        json.raw("{"); json.key("account_id"); json.string(token.accountID)
        json.raw(","); json.key("created_by_admin_user_id"); json.string(token.createdByAdminUserID)
        json.raw(","); json.key("environment_id"); json.string(token.environmentID)
        json.raw(","); json.key("expires_at"); json.timestamp(token.expiresAt, .zulu)
        json.raw(","); json.key("id"); json.string(token.id)
        json.raw(","); json.key("inserted_at"); json.timestamp(token.insertedAt, .zulu)
        json.raw(","); json.key("last_used_at"); json.timestamp(token.lastUsedAt, .zulu)
        json.raw(","); json.key("status"); json.string(token.status)
        json.raw(","); json.key("token_scope"); json.string(token.scope)
        json.raw(","); json.key("type"); json.string("api_token")
        json.raw(","); json.key("updated_at"); json.timestamp(token.updatedAt, .zulu)
        json.raw("}")
    }
}
