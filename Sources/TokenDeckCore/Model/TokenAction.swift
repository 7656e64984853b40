import Foundation

/// What can be done to a token beyond listing it, as the vendors document it
/// (`shared/specs/lifecycle-endpoints.md`): Prefactor suspends, activates, revokes and deletes;
/// TrueFoundry deletes; Provisionr and metokens document nothing.
public enum TokenAction: String, Sendable, Hashable, CaseIterable, Codable {
    case suspend, activate, revoke, delete

    /// Revoke and delete cannot be undone.
    public var isDestructive: Bool { self == .revoke || self == .delete }

    /// Whether a token in `status` (as the vendor says it) can take this action: no activating a
    /// revoked token, no suspending a suspended one.
    public func allowed(for status: TokenStatus) -> Bool {
        switch self {
        case .suspend: status == .active || status == .expiring
        case .activate: status == .suspended
        case .revoke: status != .revoked
        case .delete: true
        }
    }
}

extension Vendor {
    /// The actions this vendor documents, in menu order.
    public var supportedActions: [TokenAction] {
        switch self {
        case .prefactor: [.suspend, .activate, .revoke, .delete]
        case .truefoundry: [.delete]
        case .provisionr, .metokens: []
        }
    }
}

/// What an action did, as the vendor answered.
public enum TokenActionOutcome: Sendable, Hashable {
    /// The token is still there, with this status now.
    case status(TokenStatus)
    /// The token is gone.
    case deleted
}

/// An adapter for a vendor that documents actions: pure request building and decoding.
public protocol TokenActionAdapter: VendorAdapter {
    /// The one request for `action` on token `id`; nil when the vendor has no such action.
    func actionRequest(_ action: TokenAction, id: String, account: Account, credential: String) -> HTTPRequestSpec?
    /// A 2xx answer to that request; a non-2xx one throws the vendor's error.
    func decodeAction(_ action: TokenAction, _ response: HTTPResponseData) throws(VendorError) -> TokenActionOutcome
}

extension PrefactorAdapter: TokenActionAdapter {
    public func actionRequest(_ action: TokenAction, id: String, account: Account, credential: String) -> HTTPRequestSpec? {
        let path = "/api/v1/api_token/" + RequestBuilder.percentEncode(id)
        switch action {
        case .delete:
            return HTTPRequestSpec(method: .delete, url: RequestBuilder.url(base: account.baseURL, path: path, query: []),
                                   headers: RequestBuilder.headers(credential: credential))
        case .suspend, .activate, .revoke:
            var headers = RequestBuilder.headers(credential: credential)
            headers.append(HTTPRequestSpec.Header("Content-Type", "application/json"))
            return HTTPRequestSpec(method: .post, url: RequestBuilder.url(base: account.baseURL, path: path + "/" + action.rawValue, query: []),
                                   headers: headers, body: Data("{}".utf8))
        }
    }

    /// `{details: ApiToken}` with the new status; a delete answers with no body.
    public func decodeAction(_ action: TokenAction, _ response: HTTPResponseData) throws(VendorError) -> TokenActionOutcome {
        guard (200..<300).contains(response.status) else { throw decodeError(response) }
        if action == .delete { return .deleted }
        let reader = BodyReader(vendor: vendor, answer: "api token", status: response.status)
        let details = try reader.rootObject(response).requiredObject("details")
        switch details.string("status") {
        case "active": return .status(.active)
        case "suspended": return .status(.suspended)
        case "revoked": return .status(.revoked)
        default: throw reader.malformed("details.status is not active, suspended or revoked")
        }
    }
}

extension TrueFoundryAdapter: TokenActionAdapter {
    public func actionRequest(_ action: TokenAction, id: String, account: Account, credential: String) -> HTTPRequestSpec? {
        guard action == .delete else { return nil }
        let url = RequestBuilder.url(base: account.baseURL, path: "/api/svc/v1/personal-access-tokens/" + RequestBuilder.percentEncode(id), query: [])
        return HTTPRequestSpec(method: .delete, url: url, headers: RequestBuilder.headers(credential: credential))
    }

    public func decodeAction(_ action: TokenAction, _ response: HTTPResponseData) throws(VendorError) -> TokenActionOutcome {
        guard (200..<300).contains(response.status) else { throw decodeError(response) }
        return .deleted
    }
}
