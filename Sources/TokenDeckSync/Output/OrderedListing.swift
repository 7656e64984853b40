import Foundation
import TokenDeckCore

/// A machine-format listing of several accounts, written in config order while their syncs still run.
///
/// The account whose turn it is goes out as soon as its new set is in the cache, read and written a
/// chunk at a time. An account whose sync ends before its turn is read and rendered at once, in a
/// task of its own beside the syncs still running, and waits as text (`ListingWriter.Part`) until its
/// turn. A full sync's slowest account (metokens' thousand small pages) is then the only one left to
/// write when the syncs end, instead of every account.
public struct OrderedListing {
    private let order: [String]
    private let service: TokenService
    private let query: TokenQuery
    private let now: Date
    private var writer: ListingWriter
    /// The account whose turn it is (an index into `order`).
    private var turn = 0
    /// Accounts whose syncs are over: in the cache (`true`) or failed (`false`, never written).
    private var done: [String: Bool] = [:]
    private var rendering: [String: Task<ListingWriter.Part, any Error>] = [:]
    /// Accounts whose cache could not be read, with why.
    public private(set) var failures: [(account: String, error: any Error)] = []

    /// `order`: the accounts, as they are to be written; `sink` gets the text a piece at a time.
    public init(order: [String], service: TokenService, query: TokenQuery, format: ListingWriter.Format, now: Date,
         sink: @escaping ([UInt8]) -> Void) {
        self.order = order
        self.service = service
        self.query = query
        self.now = now
        writer = ListingWriter(format: format, now: now, sink: sink)
    }

    /// `account`'s new set is in the cache: written now if it is its turn (with those waiting after
    /// it), else rendered in the background.
    public mutating func finished(_ account: String) async {
        guard done[account] == nil else { return }
        done[account] = true
        if order.indices.contains(turn), order[turn] == account {
            await writeReady()
        } else {
            rendering[account] = Task { [service, query, now, format = writer.format] in
                let cached = try await service.cachedTokensOrError(account: account, withRawJSON: false)
                return ListingWriter.part(TokenFilter.apply(cached, query: query, now: now), format: format, now: now)
            }
        }
    }

    /// `account` will not be written (its sync failed): the accounts after it need not wait for it.
    public mutating func failed(_ account: String) async {
        guard done[account] == nil else { return }
        done[account] = false
        await writeReady()
    }

    /// Writes every account whose sync ended and whose turn has come, in order.
    private mutating func writeReady() async {
        while order.indices.contains(turn), let inCache = done[order[turn]] {
            let account = order[turn]
            turn += 1
            guard inCache else { continue }
            do {
                if let task = rendering.removeValue(forKey: account) {
                    writer.write(try await task.value)
                } else {
                    let cached = try await service.cachedTokensOrError(account: account, withRawJSON: false)
                    writer.write(TokenFilter.apply(cached, query: query, now: now))
                }
            } catch {
                failures.append((account, error))
            }
        }
    }

    /// Ends the listing: accounts never reported are left out (as failed ones are).
    public mutating func finish() async {
        for account in order where done[account] == nil { done[account] = false }
        await writeReady()
        writer.finish()
    }
}
