import Foundation

/// What a Prefactor API token is scoped to (`details.token_scope`). The newer API's
/// `agent_deployment` needs ids TokenDeck does not know, so it is not offered.
public enum PrefactorTokenScope: String, Sendable, Hashable, CaseIterable, Codable {
    case account, environment
}

/// The body of Prefactor's `POST /api_token` (`shared/specs/lifecycle-endpoints.md`).
public struct PrefactorTokenRequest: Sendable, Hashable, Codable {
    public var scope: PrefactorTokenScope
    /// `details.account_id`; nil: the vendor's default, the credential's own account.
    public var accountID: String?
    /// `details.environment_id`, required for an environment token.
    public var environmentID: String?
    /// nil: the vendor's default expiry.
    public var expiresAt: Date?

    public init(scope: PrefactorTokenScope, accountID: String? = nil, environmentID: String? = nil, expiresAt: Date? = nil) {
        self.scope = scope
        self.accountID = accountID
        self.environmentID = environmentID
        self.expiresAt = expiresAt
    }
}

/// The body of TrueFoundry's `POST /personal-access-tokens`.
public struct TrueFoundryTokenRequest: Sendable, Hashable, Codable {
    /// Unique per user: a name taken is a 409.
    public var name: String
    /// `expirationDate`; nil: never.
    public var expiresAt: Date?

    public init(name: String, expiresAt: Date? = nil) {
        self.name = name
        self.expiresAt = expiresAt
    }
}

/// One create request, for whichever vendor documents one. metokens documents none.
public enum CreateTokenRequest: Sendable, Hashable {
    case provisionr(ServiceAccessTokenRequest)
    case prefactor(PrefactorTokenRequest)
    case trueFoundry(TrueFoundryTokenRequest)

    public var vendor: Vendor {
        switch self {
        case .provisionr: .provisionr
        case .prefactor: .prefactor
        case .trueFoundry: .truefoundry
        }
    }
}

extension Vendor {
    /// Whether the vendor documents an endpoint that creates tokens (metokens documents none).
    public var documentsTokenCreation: Bool { self != .metokens }

    /// What the vendor calls the token its create endpoint makes.
    public var createdTokenNoun: String {
        switch self {
        case .provisionr: "service access token"
        case .prefactor: "API token"
        case .truefoundry: "personal access token"
        case .metokens: "token"
        }
    }

    /// The vendors that document creating tokens, as a sentence fragment for messages.
    public static var creatingVendorNames: String { "Provisionr, Prefactor and TrueFoundry" }
}
