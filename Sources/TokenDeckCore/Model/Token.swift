import Foundation

/// What a token's state is, as a person reads it.
public enum TokenStatus: String, Codable, CaseIterable, Sendable, Hashable {
    case active, expiring, expired, suspended, revoked, trashed
}

/// One token at any vendor, in the shape the dashboard and the command line share.
public struct Token: Sendable, Hashable, Codable, Identifiable {
    public var vendor: Vendor
    /// The configured account name this token was fetched through.
    public var account: String
    /// The vendor's id, as text (metokens' integer ids become decimal strings).
    public var id: String
    /// Vendor type: `svc_access`, `account`/`environment` scope, `virtual-account`…
    public var kind: String
    /// Name or description: what a person calls it.
    public var title: String
    /// What the vendor itself says (active, suspended, revoked, expired); derived states come from `status(asOf:)`.
    public var vendorStatus: TokenStatus
    /// Known to be in the trash because a trashed-only query returned it; never guessed.
    public var trashed: Bool
    public var createdAt: Date?
    public var lastUsedAt: Date?
    public var expiresAt: Date?
    public var owner: String?
    public var scopes: [String]
    public var usageCount: Int?
    /// The vendor's JSON for this record, compact, for the details pane.
    public var rawJSON: String

    public init(
        vendor: Vendor, account: String, id: String, kind: String, title: String,
        vendorStatus: TokenStatus = .active, trashed: Bool = false,
        createdAt: Date? = nil, lastUsedAt: Date? = nil, expiresAt: Date? = nil,
        owner: String? = nil, scopes: [String] = [], usageCount: Int? = nil, rawJSON: String = "{}"
    ) {
        self.vendor = vendor
        self.account = account
        self.id = id
        self.kind = kind
        self.title = title
        self.vendorStatus = vendorStatus
        self.trashed = trashed
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
        self.expiresAt = expiresAt
        self.owner = owner
        self.scopes = scopes
        self.usageCount = usageCount
        self.rawJSON = rawJSON
    }

    /// Identity across accounts: the same vendor id can exist in two accounts.
    public var key: String { Self.key(account: account, id: id) }

    public static func key(account: String, id: String) -> String { "\(account)\u{1F}\(id)" }
}
