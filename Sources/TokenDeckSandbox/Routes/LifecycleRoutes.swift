import Foundation
import Hummingbird

/// The token lifecycle Prefactor and TrueFoundry document beyond listing, written from
/// `shared/specs/lifecycle-endpoints.md`: Prefactor's get, create, suspend, activate, revoke and
/// delete under `/api/v1/api_token`, TrueFoundry's create and delete under
/// `/api/svc/v1/personal-access-tokens`. Each request changes the store for the rest of the run.
struct LifecycleRoutes {
    let store: SandboxStore

    func registerPrefactor(on group: RouterGroup<SandboxRequestContext>) {
        group.get("api/v1/api_token/{id}") { request, context in
            let id = context.parameters.get("id") ?? ""
            guard let token = await store.prefactorToken(id: id) else { return Self.prefactorNotFound(id, request, context) }
            return Self.prefactorDetails(token, secret: nil, context: context)
        }
        for action in SandboxStore.PrefactorAction.allCases {
            group.post("api/v1/api_token/{id}/\(action.rawValue)") { request, context in
                let id = context.parameters.get("id") ?? ""
                switch await store.apply(action, toPrefactor: id) {
                case .success(let token): return Self.prefactorDetails(token, secret: nil, context: context)
                case .failure(.notFound), .failure(.nameTaken): return Self.prefactorNotFound(id, request, context)
                case .failure(.invalidAction(let message)):
                    return VendorErrors.response(.prefactor, status: 400, message: message, code: "invalid_action",
                                                 request: request, context: context)
                }
            }
        }
        group.delete("api/v1/api_token/{id}") { request, context in
            let id = context.parameters.get("id") ?? ""
            guard await store.delete(vendor: .prefactor, id: id) != nil else { return Self.prefactorNotFound(id, request, context) }
            return Response(status: .noContent)
        }
        group.post("api/v1/api_token") { request, context in try await createPrefactor(request, context) }
    }

    func registerTrueFoundry(on group: RouterGroup<SandboxRequestContext>) {
        group.post("api/svc/v1/personal-access-tokens") { request, context in try await createTrueFoundry(request, context) }
        group.delete("api/svc/v1/personal-access-tokens/{id}") { request, context in
            let id = context.parameters.get("id") ?? ""
            guard await store.delete(vendor: .truefoundry, id: id) != nil else {
                return VendorErrors.response(.truefoundry, status: 404, message: "personal access token \(id) not found",
                                             code: "NOT_FOUND", request: request, context: context)
            }
            var json = JSONWriter(capacity: 64)
            json.raw("{"); json.key("id"); json.string(id); json.raw("}")
            return Reply.json(json, context: context)
        }
    }

    // MARK: Prefactor

    private func createPrefactor(_ request: Request, _ context: SandboxRequestContext) async throws -> Response {
        func invalid(_ message: String) -> Response {
            VendorErrors.response(.prefactor, status: 400, message: message, code: "invalid_value", request: request, context: context)
        }
        var request = request
        let body = try await request.collectBody(upTo: 1 << 20)
        guard let root = try? JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any],
              let details = root["details"] as? [String: Any] else {
            return invalid("the body must be a JSON object with a details object")
        }
        let scopes = ["account", "environment", "agent_deployment"]
        guard let scope = details["token_scope"] as? String, scopes.contains(scope) else {
            return invalid("details.token_scope must be one of \(scopes.joined(separator: ", "))")
        }
        let accountID = details["account_id"] as? String ?? store.prefactorAccountIDs[0]
        guard store.prefactorAccountIDs.contains(accountID) else {
            return VendorErrors.response(.prefactor, status: 404, message: "account \(accountID) not found",
                                         code: "not_found", request: request, context: context)
        }
        let environmentID = details["environment_id"] as? String
        if scope == "environment", environmentID?.isEmpty ?? true {
            return invalid("details.environment_id is required for an environment token")
        }
        var expiresAt: Int64?
        if let value = details["expires_at"], !(value is NSNull) {
            guard let text = value as? String, let seconds = Timestamp.parse(text) else {
                return invalid("details.expires_at must be an ISO 8601 date-time")
            }
            guard Double(seconds) > store.clock.now.timeIntervalSince1970 else { return invalid("details.expires_at must be in the future") }
            expiresAt = seconds
        }
        let (token, secret) = await store.createPrefactor(scope: scope, accountID: accountID, environmentID: environmentID, expiresAt: expiresAt)
        return Self.prefactorDetails(token, secret: secret, context: context)
    }

    /// `{details: ApiToken}`, with `token` (the secret, once) after a create.
    static func prefactorDetails(_ token: PrefactorToken, secret: String?, context: SandboxRequestContext) -> Response {
        var json = JSONWriter(capacity: 512)
        json.raw("{"); json.key("details"); json.raw("{")
        json.key("id"); json.string(token.id)
        json.raw(","); json.key("token_scope"); json.string(token.scope)
        json.raw(","); json.key("account_id"); json.string(token.accountID)
        json.raw(","); json.key("environment_id"); json.string(token.environmentID)
        json.raw(","); json.key("expires_at"); json.timestamp(token.expiresAt, .zulu)
        json.raw(","); json.key("last_used_at"); json.timestamp(token.lastUsedAt, .zulu)
        json.raw(","); json.key("status"); json.string(token.status)
        json.raw("}")
        if let secret { json.raw(","); json.key("token"); json.string(secret) }
        json.raw("}")
        return Reply.json(json, contentType: "application/json; charset=utf-8", context: context)
    }

    static func prefactorNotFound(_ id: String, _ request: Request, _ context: SandboxRequestContext) -> Response {
        VendorErrors.response(.prefactor, status: 404, message: "api token \(id) not found", code: "not_found",
                              request: request, context: context)
    }

    // MARK: TrueFoundry

    private func createTrueFoundry(_ request: Request, _ context: SandboxRequestContext) async throws -> Response {
        func badRequest(_ message: String) -> Response {
            VendorErrors.response(.truefoundry, status: 400, message: message, code: "VALIDATION_ERROR", request: request, context: context)
        }
        var request = request
        let body = try await request.collectBody(upTo: 1 << 20)
        guard let root = try? JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any] else {
            return badRequest("the body must be a JSON object")
        }
        guard let name = root["name"] as? String, !name.trimmingCharacters(in: .whitespaces).isEmpty else {
            return badRequest("name must be a non-empty string")
        }
        var expiresAt: Int64?
        if let value = root["expirationDate"], !(value is NSNull) {
            guard let text = value as? String, let seconds = Timestamp.parse(text) else {
                return badRequest("expirationDate must be an ISO 8601 date-time")
            }
            expiresAt = seconds
        }
        switch await store.createTrueFoundry(name: name, expiresAt: expiresAt) {
        case .failure:
            return VendorErrors.response(.truefoundry, status: 409, message: "a personal access token named \(name) already exists",
                                         code: "CONFLICT", request: request, context: context)
        case .success(let (token, secret)):
            var json = JSONWriter(capacity: 1024)
            json.raw("{"); json.key("token"); json.string(secret)
            json.raw(","); json.key("pat"); TrueFoundryRoutes.write(token, into: &json)
            json.raw("}")
            return Reply.json(json, contentType: "application/json; charset=utf-8", context: context)
        }
    }
}
