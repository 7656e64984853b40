import TokenDeckCore

/// A configured account as the dashboard shows it: no URL, no credential.
public struct AccountInfo: Sendable, Hashable {
    public var name: String
    public var vendor: Vendor
    /// Whether the create form may offer this account (its vendor mints service access tokens).
    public var canCreate: Bool
    /// The service id the create form starts with (`service` in the account's config).
    public var service: String?

    public init(name: String, vendor: Vendor, canCreate: Bool, service: String? = nil) {
        self.name = name
        self.vendor = vendor
        self.canCreate = canCreate
        self.service = service
    }

    /// An account whose create capability follows its vendor.
    public init(name: String, vendor: Vendor) {
        self.init(name: name, vendor: vendor, canCreate: vendor.canCreateServiceAccessTokens)
    }
}
