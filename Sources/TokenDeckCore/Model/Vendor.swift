import Foundation

/// The four vendor APIs TokenDeck speaks, by the id used in config files and on the command line.
public enum Vendor: String, Codable, CaseIterable, Sendable, Hashable {
    case provisionr
    case prefactor
    case metokens
    case truefoundry

    /// Whether this vendor's API can mint a service access token (Provisionr's create endpoint).
    public var canCreateServiceAccessTokens: Bool { self == .provisionr }

    /// Whether the server filters by token type and trash status itself.
    public var filtersTypeAndTrashOnServer: Bool { self == .provisionr }
}

/// One configured account at a vendor: what a request needs besides the credential.
public struct Account: Sendable, Hashable, Codable {
    public var name: String
    public var vendor: Vendor
    public var baseURL: URL
    /// Default service id for the create form (Provisionr).
    public var service: String?
    /// Prefactor `account_id` query parameter.
    public var accountID: String?

    public init(name: String, vendor: Vendor, baseURL: URL, service: String? = nil, accountID: String? = nil) {
        self.name = name
        self.vendor = vendor
        self.baseURL = baseURL
        self.service = service
        self.accountID = accountID
    }
}
