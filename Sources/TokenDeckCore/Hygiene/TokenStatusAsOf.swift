import Foundation

/// The time windows every status and hygiene rule measures against, in one place.
public enum HygieneRules {
    public static let day: TimeInterval = 86_400
    /// A token expiring within this window (inclusive) is `expiring`.
    public static let expiringWindow: TimeInterval = 30 * day
    /// Last used at least this long ago: `unused45`.
    public static let unusedAfter: TimeInterval = 45 * day
    /// Last activity at least this long ago: `stale90`.
    public static let staleAfter: TimeInterval = 90 * day
    /// Created at least this long ago: `older365`.
    public static let oldAfter: TimeInterval = 365 * day
}

extension Token {
    /// The status a person sees at `now`: trash first, then what the vendor says
    /// (revoked, suspended, expired), then the expiry date (≤ now expired, ≤ 30 days expiring).
    public func status(asOf now: Date) -> TokenStatus {
        if trashed { return .trashed }
        switch vendorStatus {
        case .trashed, .revoked, .suspended, .expired: return vendorStatus
        case .active, .expiring: break
        }
        guard let expiresAt else { return .active }
        let remaining = expiresAt.timeIntervalSince(now)
        if remaining <= 0 { return .expired }
        if remaining <= HygieneRules.expiringWindow { return .expiring }
        return .active
    }
}

extension Vendor {
    /// Whether the vendor reports when a token was last used. TrueFoundry does not: "never used"
    /// and "stale" would be guesses there, so those flags are not raised for it.
    public var reportsLastUse: Bool { self != .truefoundry }
}
