import Hummingbird

/// metokens: a Laravel API-resource collection, twenty per page, newest first.
struct MetokensRoutes {
    /// Fixed by the server, as in the spec's example; clients cannot change it.
    static let perPage = 20

    let store: SandboxStore
    let clock: SandboxClock

    func register(on group: RouterGroup<SandboxRequestContext>) {
        group.get("api/v1/me/tokens") { request, context in try await list(request, context) }
    }

    private func list(_ request: Request, _ context: SandboxRequestContext) async throws -> Response {
        let query = QueryString(request.uri.query)
        let page = QueryNumber.laravelPage(query["page"])
        let (offset, overflow) = (page - 1).multipliedReportingOverflow(by: Self.perPage)
        let (total, tokens) = await store.metokensSlice(offset: overflow ? Int.max : offset, limit: Self.perPage)
        var paginator = LaravelPaginator(currentPage: page, perPage: Self.perPage, total: total)
        let from = paginator.from, to = paginator.to
        if context.fault == .endlessNextPage {
            paginator = LaravelPaginator(currentPage: page, perPage: Self.perPage,
                                         total: ProvisionrRoutes.endlessTotal(page: page, pageSize: Self.perPage, total: total))
        }
        let path = requestOrigin(request) + request.uri.path
        func url(_ number: Int) -> String { path + "?page=" + String(number) }
        let now = clock.nowSeconds

        var json = JSONWriter(capacity: 300 * max(1, tokens.count) + 2048)
        json.raw("{"); json.key("data"); json.raw("[")
        for (index, token) in tokens.enumerated() {
            if index > 0 { json.raw(",") }
            Self.write(token, now: now, into: &json)
        }
        json.raw("]")
        let previous = page > 1 ? url(page - 1) : nil
        let next = paginator.hasMorePages ? url(page + 1) : nil
        json.raw(","); json.key("links"); json.raw("{")
        json.key("first"); json.string(url(1))
        json.raw(","); json.key("last"); json.string(url(paginator.lastPage))
        json.raw(","); json.key("prev"); json.string(previous)
        json.raw(","); json.key("next"); json.string(next)
        json.raw("}")
        json.raw(","); json.key("meta"); json.raw("{")
        json.key("current_page"); json.int(page)
        json.raw(","); json.key("from"); json.int(from)
        json.raw(","); json.key("last_page"); json.int(paginator.lastPage)
        json.raw(","); json.key("links"); json.raw("[")
        // The spec shows the labels decoded, as an API resource serialises them.
        writeLink(url: previous, label: "« Previous", page: page > 1 ? page - 1 : nil, active: false, into: &json)
        for element in paginator.window {
            json.raw(",")
            switch element {
            case .dots: writeLink(url: nil, label: "...", page: nil, active: false, into: &json)
            case .page(let number):
                writeLink(url: url(number), label: String(number), page: number, active: number == page, into: &json)
            }
        }
        json.raw(",")
        writeLink(url: next, label: "Next »", page: next == nil ? nil : page + 1, active: false, into: &json)
        json.raw("]")
        json.raw(","); json.key("path"); json.string(path)
        json.raw(","); json.key("per_page"); json.int(Self.perPage)
        json.raw(","); json.key("to"); json.int(to)
        json.raw(","); json.key("total"); json.int(paginator.total)
        json.raw("}}")
        return Reply.json(json, context: context)
    }

    private func writeLink(url: String?, label: String, page: Int?, active: Bool, into json: inout JSONWriter) {
        json.raw("{"); json.key("url"); json.string(url)
        json.raw(","); json.key("label"); json.string(label)
        json.raw(","); json.key("page"); json.int(page)
        json.raw(","); json.key("active"); json.bool(active)
        json.raw("}")
    }

    static func write(_ token: MetokensToken, now: Int64, into json: inout JSONWriter) {
        json.raw("{"); json.key("id"); json.int(token.id)
        json.raw(","); json.key("name"); json.string(token.name)
        json.raw(","); json.key("status"); json.string(token.status(at: now))
        json.raw(","); json.key("last_used_at"); json.timestamp(token.lastUsedAt, .zulu)
        json.raw(","); json.key("usage_count"); json.int(token.usageCount)
        json.raw(","); json.key("expires_at"); json.timestamp(token.expiresAt, .zulu)
        json.raw(","); json.key("created_at"); json.timestamp(token.createdAt, .zulu)
        json.raw(","); json.key("allowed_ips")
        if let ips = token.allowedIPs { json.stringArray(ips) } else { json.null() }
        json.raw("}")
    }
}
