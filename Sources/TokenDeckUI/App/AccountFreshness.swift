import Foundation
import TokenDeckCore

/// How fresh one account's tokens are, as the sync service last said: what the sidebar shows under
/// the account and `tokendeck accounts` prints as LAST SYNC and RATE LIMIT.
public struct AccountFreshness: Sendable, Hashable {
    /// When the account last synced whole; nil when never.
    public var lastSynced: Date?
    /// The vendor's HTTP status of the last failed sync (401 a rejected credential), or nil.
    public var failedStatus: Int?
    /// Whether the last sync failed (with or without a status: a network error has none).
    public var failed: Bool
    /// While a 429's wait runs: when the next attempt goes.
    public var backingOffUntil: Date?
    /// The vendor's rate limit as its last answer reported it.
    public var rateLimit: RateLimitStatus?

    public init(lastSynced: Date? = nil, failed: Bool = false, failedStatus: Int? = nil, backingOffUntil: Date? = nil,
                rateLimit: RateLimitStatus? = nil) {
        self.lastSynced = lastSynced
        self.failed = failed
        self.failedStatus = failedStatus
        self.backingOffUntil = backingOffUntil
        self.rateLimit = rateLimit
    }
}
