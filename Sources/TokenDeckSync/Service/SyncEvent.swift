import Foundation
import TokenDeckCore

/// What a sync publishes while it runs, in order per account; `finished` comes last, once.
public enum SyncEvent: Sendable, Hashable {
    /// Pages fetched so far for the account, and how many it has in all once the first page said (nil before).
    case progress(account: String, pagesDone: Int, pagesKnown: Int?)
    /// The account's tokens are in the cache: `count` of them, fetched at `at`.
    case accountFinished(account: String, count: Int, at: Date)
    /// The vendor's data changed under the walk and the sync could not confirm it had every token:
    /// the account's previous tokens it did not see (`unconfirmed` of them) were kept beside the new
    /// ones rather than dropped. Comes just before the account's `accountFinished`.
    case accountUnconfirmed(account: String, unconfirmed: Int)
    /// The account could not be synced; its cache is as it was.
    case accountFailed(account: String, error: VendorError)
    /// The cache file was found damaged before the sync wrote to it and was moved aside (or could not
    /// be): the notice, for the person. The sync goes on into the new cache.
    case cacheReplaced(notice: String)
    case finished
}
