/// One Provisionr workspace token (WorkspaceTokenDetailedResponseData) plus the columns
/// the server filters on but does not return (deleted_at, refresh token, device).
struct ProvisionrToken: Sendable {
    static let types = ["cli_activation", "cli_access", "cli_refresh", "personal_access", "svc_access"]

    let id: String
    /// The token type enum, which the API calls `name`.
    let type: String
    let description: String
    /// The create request's display name; stored, never echoed (the spec's response has no field for it).
    let displayName: String?
    let abilities: [String]
    let createdAt: Int64
    var updatedAt: Int64
    let lastUsedAt: Int64?
    let expiresAt: Int64?
    /// Set by trashing; a trashed token leaves the default listing.
    var deletedAt: Int64?
    let refreshTokenID: String?
    let workspaceDeviceID: String?

    var isTrashed: Bool { deletedAt != nil }
    /// The token's lifetime in minutes, as the `expires_at_mins` example (30 days = 43200) reads.
    var expiresAtMinutes: Int64? { expiresAt.map { max(0, ($0 - createdAt) / 60) } }
}

/// One Prefactor ApiToken_Summary.
struct PrefactorToken: Sendable {
    let id: String
    let accountID: String
    let createdByAdminUserID: String?
    /// Set only for environment-scoped tokens.
    let environmentID: String?
    let expiresAt: Int64
    let insertedAt: Int64
    let lastUsedAt: Int64?
    /// active | suspended | revoked
    var status: String
    /// account | environment
    let scope: String
    var updatedAt: Int64
}

/// One metokens access token; its status is derived when served, from revocation and expiry.
struct MetokensToken: Sendable {
    let id: Int
    let name: String
    var revokedAt: Int64?
    let lastUsedAt: Int64?
    let usageCount: Int
    let expiresAt: Int64?
    let createdAt: Int64
    let allowedIPs: [String]?

    func status(at now: Int64) -> String {
        if revokedAt != nil { return "revoked" }
        if let expiresAt, expiresAt <= now { return "expired" }
        return "active"
    }
}

/// One TrueFoundry personal access token.
struct TrueFoundryToken: Sendable {
    struct Permission: Sendable {
        let resourceFQN: String
        let resourceType: String
        let roleID: String
    }

    struct Subject: Sendable {
        let id: String
        let slug: String
        let displayName: String
    }

    let id: String
    let name: String
    /// nil: the manifest has no `expiration_date` (the token never expires).
    let expiresAt: Int64?
    let permissions: [Permission]
    let createdBy: Subject
    let createdAt: Int64
    let updatedAt: Int64
}
