import TokenDeckCore

/// A configured account as the dashboard shows it: no URL, no credential.
public struct AccountInfo: Sendable, Hashable {
    public var name: String
    public var vendor: Vendor
    /// Whether the create form may offer this account (its vendor documents creating tokens).
    public var canCreate: Bool
    /// The service id the create form starts with (`service` in the account's config, Provisionr).
    public var service: String?
    /// The account id the create form starts with (`account_id` in the account's config, Prefactor).
    public var accountID: String?

    public init(name: String, vendor: Vendor, canCreate: Bool, service: String? = nil, accountID: String? = nil) {
        self.name = name
        self.vendor = vendor
        self.canCreate = canCreate
        self.service = service
        self.accountID = accountID
    }

    /// An account whose create capability follows its vendor.
    public init(name: String, vendor: Vendor) {
        self.init(name: name, vendor: vendor, canCreate: vendor.documentsTokenCreation)
    }
}
