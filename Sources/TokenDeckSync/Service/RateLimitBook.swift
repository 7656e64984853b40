import Foundation
import TokenDeckCore

/// The last rate-limit status each account's vendor announced, for the dashboard to show and for
/// pacing requests before the vendor starts answering 429. `VendorClient` records every answer's,
/// and each wait after a 429 (`backingOff`), which the next answer ends.
public actor RateLimitBook {
    private var statuses: [String: RateLimitStatus] = [:]
    private var backoffs: [String: Date] = [:]
    private var observer: (@Sendable (String) -> Void)?

    public init() {}

    /// Told the account's name whenever its status or back-off changes (the dashboard's sidebar).
    public func observe(_ observer: @escaping @Sendable (String) -> Void) {
        self.observer = observer
    }

    /// Keeps `status` as the account's latest; an answer came, so any back-off is over.
    public func record(account: String, status: RateLimitStatus) {
        let changed = statuses[account] != status || backoffs[account] != nil
        statuses[account] = status
        backoffs[account] = nil
        if changed { observer?(account) }
    }

    /// The vendor answered 429 and the next attempt waits until `until`.
    public func backingOff(account: String, until: Date) {
        backoffs[account] = until
        observer?(account)
    }

    /// An answer without rate-limit headers came: the back-off, if any, is over.
    public func answered(account: String) {
        guard backoffs.removeValue(forKey: account) != nil else { return }
        observer?(account)
    }

    /// The account's latest status, or nil when no answer carried one.
    public func status(account: String) -> RateLimitStatus? {
        statuses[account]
    }

    /// When the account's next attempt goes, while it waits after a 429; nil otherwise.
    public func backoff(account: String) -> Date? {
        backoffs[account]
    }
}
