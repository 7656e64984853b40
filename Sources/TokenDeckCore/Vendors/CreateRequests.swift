import Foundation

/// Prefactor's and TrueFoundry's create endpoints (`shared/specs/lifecycle-endpoints.md`) as pure
/// request building and decoding; Provisionr's is in `ProvisionrAdapter`. Each answer carries the
/// secret once, as `token`: it goes into `CreatedToken.secret` and never into the token's raw JSON.
extension PrefactorAdapter {
    /// `POST {base}/api/v1/api_token` with `{"details": {token_scope, account_id?, environment_id?, expires_at?}}`.
    public func createRequest(account: Account, request: PrefactorTokenRequest, credential: String) -> HTTPRequestSpec {
        var details: [String: JSONValue] = ["token_scope": .string(request.scope.rawValue)]
        if let accountID = request.accountID { details["account_id"] = .string(accountID) }
        if let environmentID = request.environmentID { details["environment_id"] = .string(environmentID) }
        if let expiresAt = request.expiresAt { details["expires_at"] = .string(ISO8601Date.string(from: expiresAt)) }
        let url = RequestBuilder.url(base: account.baseURL, path: "/api/v1/api_token", query: [])
        return HTTPRequestSpec(method: .post, url: url, headers: RequestBuilder.jsonHeaders(credential: credential),
                               body: Data(JSONValue.object(["details": .object(details)]).compactText.utf8))
    }

    /// `{details: ApiToken, token: "<secret>"}`; a non-2xx answer (or `status: "error"`) throws its error.
    public func decodeCreated(_ response: HTTPResponseData, account: Account) throws(VendorError) -> CreatedToken {
        guard (200..<300).contains(response.status) else { throw decodeError(response) }
        let reader = BodyReader(vendor: vendor, answer: "created token", status: response.status)
        let root = try reader.rootObject(response)
        if root.string("status") == "error" { throw decodeError(response) }
        let details = try root.requiredObject("details")
        // `details` is the ApiToken alone; the secret is beside it, so the raw JSON cannot hold it.
        let token = try token(from: details, account: account, trashed: false, createdAt: details.date("inserted_at"))
        return CreatedToken(token: token, secret: root.string("token"))
    }
}

extension TrueFoundryAdapter {
    /// `POST {base}/api/svc/v1/personal-access-tokens` with `{"name", "expirationDate"?}`.
    public func createRequest(account: Account, request: TrueFoundryTokenRequest, credential: String) -> HTTPRequestSpec {
        var body: [String: JSONValue] = ["name": .string(request.name)]
        if let expiresAt = request.expiresAt { body["expirationDate"] = .string(ISO8601Date.string(from: expiresAt)) }
        let url = RequestBuilder.url(base: account.baseURL, path: "/api/svc/v1/personal-access-tokens", query: [])
        return HTTPRequestSpec(method: .post, url: url, headers: RequestBuilder.jsonHeaders(credential: credential),
                               body: Data(JSONValue.object(body).compactText.utf8))
    }

    /// `{"token": "<secret>", …}`: the record is `pat` (as the SDKs return it), `data`, or the rest of
    /// the body. An answer with no id still returns the secret, with the token named as it was asked
    /// for and an empty id (so it is shown, but not cached).
    public func decodeCreated(_ response: HTTPResponseData, account: Account, request: TrueFoundryTokenRequest) throws(VendorError) -> CreatedToken {
        guard (200..<300).contains(response.status) else { throw decodeError(response) }
        let reader = BodyReader(vendor: vendor, answer: "created token", status: response.status)
        let root = try reader.rootObject(response)
        guard let secret = root.string("token"), !secret.isEmpty else { throw reader.malformed("token (the secret) is missing") }
        let record: JSONObject
        if let wrapped = root.object("pat") ?? root.object("data") {
            record = wrapped
        } else {
            record = try reader.rootObject(root.fields.filter { $0.key != "token" })
        }
        let token: Token
        if record.string("id") != nil || record.int("id") != nil {
            token = try self.token(from: record, account: account, trashed: false)
        } else {
            token = Token(vendor: vendor, account: account.name, id: "", kind: "personal-access-token", title: request.name,
                          vendorStatus: .active, trashed: false, createdAt: nil, lastUsedAt: nil, expiresAt: request.expiresAt,
                          rawJSON: record.compactText)
        }
        return CreatedToken(token: token, secret: secret)
    }
}

/// The one place that sends each `CreateTokenRequest` to the adapter that speaks its vendor.
public enum TokenCreation {
    public static func adapter(for request: CreateTokenRequest) -> any VendorAdapter {
        Adapters.adapter(for: request.vendor)
    }

    public static func request(_ request: CreateTokenRequest, account: Account, credential: String) -> HTTPRequestSpec {
        switch request {
        case .provisionr(let body): Adapters.provisionr.createRequest(account: account, request: body, credential: credential)
        case .prefactor(let body): Adapters.prefactor.createRequest(account: account, request: body, credential: credential)
        case .trueFoundry(let body): Adapters.truefoundry.createRequest(account: account, request: body, credential: credential)
        }
    }

    public static func decode(_ response: HTTPResponseData, for request: CreateTokenRequest, account: Account) throws(VendorError) -> CreatedToken {
        switch request {
        case .provisionr: try Adapters.provisionr.decodeCreated(response, account: account)
        case .prefactor: try Adapters.prefactor.decodeCreated(response, account: account)
        case .trueFoundry(let body): try Adapters.truefoundry.decodeCreated(response, account: account, request: body)
        }
    }
}
