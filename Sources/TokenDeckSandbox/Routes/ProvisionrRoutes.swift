import Foundation
import Hummingbird

/// Provisionr: the Laravel workspace-token list (spatie query-builder filters and
/// json-api paginator) and the service-access-token create endpoint.
struct ProvisionrRoutes {
    static let defaultPageSize = 500
    /// The paginator's `max_results`: a bigger `page[size]` is clamped, not refused.
    static let maxPageSize = 1000
    static let allowedFilters = [
        "id", "refresh_token_id", "workspace_device_id", "created_before", "created_after",
        "updated_before", "updated_after", "deleted_before", "deleted_after", "trashed", "name",
    ]

    let store: SandboxStore
    let clock: SandboxClock

    func register(on group: RouterGroup<SandboxRequestContext>) {
        group.get("workspace/tokens") { request, context in try await list(request, context) }
        group.post("workspace/services/{service}/tokens/access") { request, context in
            try await create(request, context)
        }
    }

    // MARK: List

    private func list(_ request: Request, _ context: SandboxRequestContext) async throws -> Response {
        let query = QueryString(request.uri.query)
        let filter: ProvisionrFilter
        switch parseFilter(query) {
        case .success(let parsed): filter = parsed
        case .failure(let problem):
            return VendorErrors.response(.provisionr, status: 400, message: problem.message, request: request, context: context)
        }
        let pageSize = Self.pageSize(query["page[size]"])
        let page = QueryNumber.laravelPage(query["page[number]"])
        let (offset, overflow) = (page - 1).multipliedReportingOverflow(by: pageSize)
        let (total, tokens) = await store.provisionrSlice(filter, offset: overflow ? Int.max : offset, limit: pageSize)

        var paginator = LaravelPaginator(currentPage: page, perPage: pageSize, total: total)
        let from = paginator.from, to = paginator.to
        if context.fault == .endlessNextPage {
            // Claim one more page than the one asked for, forever.
            paginator = LaravelPaginator(currentPage: page, perPage: pageSize, total: Self.endlessTotal(page: page, pageSize: pageSize, total: total))
        }
        let origin = requestOrigin(request)
        let path = origin + request.uri.path
        let kept = query.pairs.filter { $0.key != "page[number]" }
        func url(_ number: Int) -> String {
            path + "?" + QueryString.encode(kept + [(key: "page[number]", value: String(number))])
        }
        let requestedAt = Timestamp.format(clock.nowSeconds, .laravelMicroseconds)

        var json = JSONWriter(capacity: 512 * max(1, tokens.count) + 2048)
        json.raw("{"); json.key("current_page"); json.int(page)
        json.raw(","); json.key("data"); json.raw("[")
        let selfBase = Self.selfBase(origin: origin)
        for (index, token) in tokens.enumerated() {
            if index > 0 { json.raw(",") }
            Self.write(token, selfBase: selfBase, requestedAt: requestedAt, into: &json)
        }
        json.raw("]")
        json.raw(","); json.key("first_page_url"); json.string(url(1))
        json.raw(","); json.key("from"); json.int(from)
        json.raw(","); json.key("last_page"); json.int(paginator.lastPage)
        json.raw(","); json.key("last_page_url"); json.string(url(paginator.lastPage))
        json.raw(","); json.key("links"); json.raw("[")
        // Laravel's default translations, HTML-escaped as its paginator emits them.
        writeLink(url: page > 1 ? url(page - 1) : nil, label: "&laquo; Previous", active: false, into: &json)
        for element in paginator.window {
            json.raw(",")
            switch element {
            case .dots: writeLink(url: nil, label: "...", active: false, into: &json)
            case .page(let number): writeLink(url: url(number), label: String(number), active: number == page, into: &json)
            }
        }
        json.raw(",")
        writeLink(url: paginator.hasMorePages ? url(page + 1) : nil, label: "Next &raquo;", active: false, into: &json)
        json.raw("]")
        json.raw(","); json.key("next_page_url"); json.string(paginator.hasMorePages ? url(page + 1) : nil)
        json.raw(","); json.key("path"); json.string(path)
        json.raw(","); json.key("per_page"); json.int(pageSize)
        json.raw(","); json.key("prev_page_url"); json.string(page > 1 ? url(page - 1) : nil)
        json.raw(","); json.key("to"); json.int(to)
        json.raw(","); json.key("total"); json.int(paginator.total)
        json.raw("}")
        return Reply.json(json, context: context)
    }

    /// `page[size]` as the paginator reads it: PHP's `(int)`, the default when not
    /// positive, clamped to the maximum.
    static func pageSize(_ text: String?) -> Int {
        guard let text else { return defaultPageSize }
        let size = QueryNumber.phpIntval(text)
        return size <= 0 ? defaultPageSize : min(size, maxPageSize)
    }

    static func endlessTotal(page: Int, pageSize: Int, total: Int) -> Int {
        let (claimed, overflow) = page.multipliedReportingOverflow(by: pageSize)
        return overflow ? Int.max : max(total, claimed + 1)
    }

    private func writeLink(url: String?, label: String, active: Bool, into json: inout JSONWriter) {
        json.raw("{"); json.key("url"); json.string(url)
        json.raw(","); json.key("label"); json.string(label)
        json.raw(","); json.key("active"); json.bool(active)
        json.raw("}")
    }

    struct FilterProblem: Error { let message: String }

    private func parseFilter(_ query: QueryString) -> Result<ProvisionrFilter, FilterProblem> {
        var filter = ProvisionrFilter()
        var unknown: [String] = []
        for (key, value) in query.pairs where key.hasPrefix("filter[") && key.hasSuffix("]") {
            let name = String(key.dropFirst("filter[".count).dropLast())
            func list() -> Set<String>? {
                let items = value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                return items.isEmpty ? nil : Set(items)
            }
            func date() -> Int64?? {
                value.isEmpty ? .some(nil) : Timestamp.parse(value).map { .some($0) }
            }
            switch name {
            case "id": filter.ids = list()
            case "name": filter.types = list()
            case "refresh_token_id": filter.refreshTokenIDs = list()
            case "workspace_device_id": filter.workspaceDeviceIDs = list()
            case "trashed": filter.trashed = value == "with" ? .with : value == "only" ? .only : .without
            case "created_before", "created_after", "updated_before", "updated_after", "deleted_before", "deleted_after":
                guard let bound = date() else {
                    return .failure(FilterProblem(message: "The filter[\(name)] value `\(value)` is not a valid date."))
                }
                switch name {
                case "created_before": filter.createdBefore = bound
                case "created_after": filter.createdAfter = bound
                case "updated_before": filter.updatedBefore = bound
                case "updated_after": filter.updatedAfter = bound
                case "deleted_before": filter.deletedBefore = bound
                default: filter.deletedAfter = bound
                }
            default: unknown.append(name)
            }
        }
        if !unknown.isEmpty {
            // spatie/laravel-query-builder's InvalidFilterQuery message.
            return .failure(FilterProblem(message: "Requested filter(s) `\(unknown.joined(separator: ", "))` are not allowed. "
                + "Allowed filter(s) are `\(Self.allowedFilters.joined(separator: ", "))`."))
        }
        return .success(filter)
    }

    // MARK: Create

    private func create(_ request: Request, _ context: SandboxRequestContext) async throws -> Response {
        let service = context.parameters.get("service") ?? ""
        var request = request
        let body = try await request.collectBody(upTo: 1 << 20)
        let input = Self.parseInput(body: Array(body.readableBytesView), contentType: request.headers[.contentType])
        let now = clock.now

        var errors: [(field: String, messages: [String])] = []
        if let problem = Self.requiredString(input["name"], attribute: "name") {
            errors.append(("name", [problem]))
        } else if case .string(let name) = input["name"], name.unicodeScalars.count > 55 {
            // Laravel's max:55 counts characters with mb_strlen: Unicode code points.
            errors.append(("name", ["The name field must not be greater than 55 characters."]))
        }
        if let problem = Self.requiredString(input["description"], attribute: "description") {
            errors.append(("description", [problem]))
        }
        var expiresAt: Int64?
        if let raw = input["expires_at"] {
            if case .string(let text) = raw, let seconds = Timestamp.parse(text) {
                if Double(seconds) <= now.timeIntervalSince1970 {
                    errors.append(("expires_at", ["The expires at field must be a date after now."]))
                } else {
                    expiresAt = seconds
                }
            } else {
                errors.append(("expires_at", ["The expires at field must be a valid date."]))
            }
        }
        guard errors.isEmpty, case .string(let name) = input["name"], case .string(let description) = input["description"] else {
            return Self.validationFailure(errors, context: context)
        }
        let token = await store.createServiceAccessToken(
            service: service, name: name, description: description, expiresAt: expiresAt, now: now)
        var json = JSONWriter(capacity: 1024)
        Self.write(token, origin: requestOrigin(request),
                   requestedAt: Timestamp.format(Int64(now.timeIntervalSince1970), .laravelMicroseconds), into: &json)
        return Reply.json(json, status: 201, context: context)
    }

    /// A present, non-null input value.
    enum InputValue: Equatable {
        case string(String)
        /// A number, boolean, array or object.
        case other
    }

    /// The request input after Laravel's TrimStrings and ConvertEmptyStringsToNull
    /// middleware, from a JSON or form body; null, empty and absent values are left out.
    static func parseInput(body: [UInt8], contentType: String?) -> [String: InputValue] {
        var input: [String: InputValue] = [:]
        func add(_ key: String, _ value: Any) {
            if let text = value as? String {
                let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
                if !trimmed.isEmpty { input[key] = .string(trimmed) }
            } else if !(value is NSNull) {
                input[key] = .other
            }
        }
        if contentType?.lowercased().contains("application/x-www-form-urlencoded") == true {
            for (key, value) in QueryString(String(decoding: body, as: UTF8.self)).pairs { add(key, value) }
        } else if let object = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] {
            for (key, value) in object { add(key, value) }
        }
        return input
    }

    /// Laravel's `required|string`: a missing, null or blank value is "required".
    private static func requiredString(_ value: InputValue?, attribute: String) -> String? {
        switch value {
        case nil: "The \(attribute) field is required."
        case .other?: "The \(attribute) field must be a string."
        case .string?: nil
        }
    }

    /// Laravel's ValidationException body: the first message, "(and N more errors)", and every field's list.
    private static func validationFailure(_ errors: [(field: String, messages: [String])], context: SandboxRequestContext) -> Response {
        let all = errors.flatMap(\.messages)
        var message = all.first ?? "The given data was invalid."
        if all.count > 1 {
            message += " (and \(all.count - 1) more error\(all.count - 1 == 1 ? "" : "s"))"
        }
        var json = JSONWriter(capacity: 512)
        json.raw("{"); json.key("message"); json.string(message)
        json.raw(","); json.key("errors"); json.raw("{")
        for (index, error) in errors.enumerated() {
            if index > 0 { json.raw(",") }
            json.key(error.field); json.stringArray(error.messages)
        }
        json.raw("}}")
        var context = context
        context.fault = nil
        return Reply.json(json, status: 422, context: context)
    }

    // MARK: Record

    /// WorkspaceTokenDetailedResponseData.
    static func write(_ token: ProvisionrToken, origin: String, requestedAt: String, into json: inout JSONWriter) {
        write(token, selfBase: selfBase(origin: origin), requestedAt: requestedAt, into: &json)
    }

    /// The `_links.self` URL up to the token id.
    static func selfBase(origin: String) -> String {
        origin + SandboxVendor.provisionr.pathPrefix + "/workspace/tokens/"
    }

    static func write(_ token: ProvisionrToken, selfBase: String, requestedAt: String, into json: inout JSONWriter) {
        json.raw("{"); json.key("id"); json.string(token.id)
        json.raw(","); json.key("name"); json.string(token.type)
        json.raw(","); json.key("description"); json.string(token.description)
        json.raw(","); json.key("abilities"); json.stringArray(token.abilities)
        json.raw(","); json.key("timestamp"); json.raw("{")
        json.key("created_at"); json.timestamp(token.createdAt, .laravelMicroseconds)
        json.raw(","); json.key("last_used_at"); json.timestamp(token.lastUsedAt, .laravelMicroseconds)
        json.raw(","); json.key("expires_at"); json.timestamp(token.expiresAt, .laravelMicroseconds)
        json.raw(","); json.key("expires_at_mins"); json.int(token.expiresAtMinutes)
        json.raw(","); json.key("requested_at"); json.string(requestedAt)
        json.raw("}")
        json.raw(","); json.key("_embedded"); json.raw("[]")
        json.raw(","); json.key("_links"); json.raw("{")
        json.key("self"); json.string(selfBase + token.id)
        json.raw("}}")
    }
}
