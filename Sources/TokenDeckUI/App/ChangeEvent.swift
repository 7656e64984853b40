import Foundation

/// One change a sync found (the cache's change table, as `tokendeck changes` prints it): what the
/// Changes view lists. `title` and `detail` are vendor text, sanitised when drawn.
public struct ChangeEvent: Sendable, Hashable {
    public var at: Date
    public var account: String
    public var tokenID: String
    public var title: String
    /// appeared, disappeared, trashed, restored, status, expiry, first_used.
    public var kind: String
    /// "status active → revoked", "moved to the trash".
    public var detail: String

    public init(at: Date, account: String, tokenID: String, title: String, kind: String, detail: String) {
        self.at = at
        self.account = account
        self.tokenID = tokenID
        self.title = title
        self.kind = kind
        self.detail = detail
    }
}
