import Foundation
import TokenDeckCore

/// The last rate-limit status each account's vendor announced, for the dashboard to show and for
/// pacing requests before the vendor starts answering 429. `VendorClient` records every answer's.
public actor RateLimitBook {
    private var statuses: [String: RateLimitStatus] = [:]

    public init() {}

    /// Keeps `status` as the account's latest.
    public func record(account: String, status: RateLimitStatus) {
        statuses[account] = status
    }

    /// The account's latest status, or nil when no answer carried one.
    public func status(account: String) -> RateLimitStatus? {
        statuses[account]
    }
}
