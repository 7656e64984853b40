import Foundation

/// What `tokendeck audit` checks every token against: limits in days, whether an expiry is
/// required, and how early an expiry is worth a warning; overridden per vendor, then per account;
/// and exceptions by token id, each with a reason and an end date. Read from `policy.toml`
/// (`PolicyParser`), or `AuditPolicy.builtIn` when there is none.
public struct AuditPolicy: Sendable, Hashable {
    /// The limits one token is checked against. Nil: not set here (an override keeps what it
    /// overrides); a limit of 0 days: that rule is off.
    public struct Rules: Sendable, Hashable {
        /// Created more than this many days ago.
        public var maxLifetimeDays: Int?
        /// Last used more than this many days ago (where the vendor reports use).
        public var maxUnusedDays: Int?
        /// No activity (last use, else creation) for more than this many days (where the vendor reports use).
        public var maxStaleDays: Int?
        /// A token that never expires is a violation.
        public var requireExpiry: Bool?
        /// Expiring within this many days is a violation (rotate it before it breaks something).
        public var warnBeforeExpiryDays: Int?

        public init(maxLifetimeDays: Int? = nil, maxUnusedDays: Int? = nil, maxStaleDays: Int? = nil,
                    requireExpiry: Bool? = nil, warnBeforeExpiryDays: Int? = nil) {
            self.maxLifetimeDays = maxLifetimeDays
            self.maxUnusedDays = maxUnusedDays
            self.maxStaleDays = maxStaleDays
            self.requireExpiry = requireExpiry
            self.warnBeforeExpiryDays = warnBeforeExpiryDays
        }

        /// These rules with every one `override` sets taking its place.
        public func overridden(by override: Rules?) -> Rules {
            guard let override else { return self }
            return Rules(maxLifetimeDays: override.maxLifetimeDays ?? maxLifetimeDays,
                         maxUnusedDays: override.maxUnusedDays ?? maxUnusedDays,
                         maxStaleDays: override.maxStaleDays ?? maxStaleDays,
                         requireExpiry: override.requireExpiry ?? requireExpiry,
                         warnBeforeExpiryDays: override.warnBeforeExpiryDays ?? warnBeforeExpiryDays)
        }
    }

    /// A token let off every rule until `until` (a date: the exception holds through that day, UTC).
    public struct Exception: Sendable, Hashable {
        public var id: String
        /// Only the token of this configured account; nil: the id at any account.
        public var account: String?
        public var reason: String
        public var until: Date

        public init(id: String, account: String? = nil, reason: String, until: Date) {
            self.id = id
            self.account = account
            self.reason = reason
            self.until = until
        }

        func covers(_ token: Token) -> Bool { token.id == id && (account == nil || account == token.account) }
    }

    public var rules: Rules
    public var vendorRules: [Vendor: Rules]
    public var accountRules: [String: Rules]
    public var exceptions: [Exception]
    /// Where it was read from; nil for the built-in policy.
    public var path: String?

    public init(rules: Rules, vendorRules: [Vendor: Rules] = [:], accountRules: [String: Rules] = [:],
                exceptions: [Exception] = [], path: String? = nil) {
        self.rules = rules
        self.vendorRules = vendorRules
        self.accountRules = accountRules
        self.exceptions = exceptions
        self.path = path
    }

    /// The policy when no file says otherwise: the dashboard's hygiene thresholds as rules.
    public static let builtIn = AuditPolicy(rules: Rules(
        maxLifetimeDays: 365, maxUnusedDays: 45, maxStaleDays: 90, requireExpiry: true, warnBeforeExpiryDays: 30))

    /// The rules for `token`: the policy's, then its vendor's, then its account's overrides.
    public func rules(for token: Token) -> Rules {
        rules.overridden(by: vendorRules[token.vendor]).overridden(by: accountRules[token.account])
    }
}
