import Foundation
import Testing
import TestSupport
import TokenDeckCore
@testable import TokenDeckSync

/// `list --all` writes each account as its sync ends, in config order: whatever order the syncs end
/// in, the bytes are those of the accounts written one after another.
@Suite("A listing written in config order as the syncs end")
struct OrderedListingTests {
    static let order = ["alpha", "beta", "gamma"]

    /// Three cached accounts of 3, 0 and 4 tokens; every third token is trashed (and filtered out by
    /// the default query), and the titles need escaping in every format.
    static func cachedService() async throws -> (TokenService, [String: [Token]]) {
        let cache = try TokenCache.inMemory()
        var byAccount: [String: [Token]] = [:]
        for (account, count) in zip(order, [3, 0, 4]) {
            let tokens = (0..<count).map { index in
                Token.fixture(vendor: .truefoundry, account: account, id: "\(account)-\(index)",
                              kind: "personal", title: "\(account) \"\(index)\",\ttab ☃", trashed: index % 3 == 2)
            }
            try await cache.replaceAll(account: account, tokens: tokens, trashedIDs: [], fetchedAt: TestClock.now)
            byAccount[account] = tokens
        }
        let accounts = order.map { ConfiguredAccount(account: TestAccounts.account(.truefoundry, name: $0), credential: .literal("x")) }
        return (TokenService(accounts: accounts, cache: cache, transport: FailingTransport()), byAccount)
    }

    static func expected(_ format: ListingWriter.Format, _ tokens: [Token]) -> String {
        let kept = TokenFilter.apply(tokens, query: TokenQuery(), now: TestClock.now)
        return switch format {
        case .json: TokenOutput.json(kept, now: TestClock.now)
        case .ndjson: TokenOutput.ndjson(kept, now: TestClock.now)
        case .csv: TokenOutput.csv(kept, now: TestClock.now)
        }
    }

    /// Collects what the listing writes (the sink runs on the caller's task).
    final class Sink: @unchecked Sendable {
        var bytes: [UInt8] = []
        var text: String { String(decoding: bytes, as: UTF8.self) }
    }

    /// A listing of the three cached accounts in `format`, what it writes, and the cached tokens.
    static func listing(_ format: ListingWriter.Format) async throws -> (OrderedListing, Sink, [String: [Token]]) {
        let (service, byAccount) = try await cachedService()
        let sink = Sink()
        let listing = OrderedListing(order: order, service: service, query: TokenQuery(), format: format,
                                     now: TestClock.now, sink: { sink.bytes += $0 })
        return (listing, sink, byAccount)
    }

    static let finishOrders = [[0, 1, 2], [2, 1, 0], [1, 2, 0], [2, 0, 1]]

    @Test(arguments: [ListingWriter.Format.json, .ndjson, .csv], finishOrders)
    func anyFinishingOrderWritesTheConfigOrder(format: ListingWriter.Format, finishing: [Int]) async throws {
        var (listing, sink, byAccount) = try await Self.listing(format)
        for index in finishing { await listing.finished(Self.order[index]) }
        await listing.finish()
        #expect(listing.failures.isEmpty)
        #expect(sink.text == Self.expected(format, Self.order.flatMap { byAccount[$0] ?? [] }))
    }

    @Test func anAccountWaitsForTheOnesBeforeItAndGoesOutWhenTheyAreDone() async throws {
        var (listing, sink, byAccount) = try await Self.listing(.ndjson)
        await listing.finished("gamma")
        #expect(sink.text.isEmpty, "gamma went out before alpha and beta")
        await listing.finished("alpha")
        #expect(sink.text == Self.expected(.ndjson, byAccount["alpha"] ?? []))
        await listing.finished("beta")
        // beta has no tokens: its end lets gamma, rendered meanwhile, out before `finish`.
        #expect(sink.text == Self.expected(.ndjson, Self.order.flatMap { byAccount[$0] ?? [] }))
        await listing.finish()
        #expect(sink.text == Self.expected(.ndjson, Self.order.flatMap { byAccount[$0] ?? [] }))
    }

    @Test func aFailedAccountIsLeftOutAndHoldsNobodyUp() async throws {
        var (listing, sink, byAccount) = try await Self.listing(.json)
        await listing.finished("gamma")
        await listing.failed("alpha")
        #expect(sink.text.isEmpty, "beta has not ended yet")
        await listing.finished("beta")
        await listing.finish()
        #expect(sink.text == Self.expected(.json, byAccount["gamma"] ?? []))
    }

    @Test func accountsNeverReportedAreLeftOutAtTheEnd() async throws {
        var (listing, sink, byAccount) = try await Self.listing(.csv)
        await listing.finished("gamma")
        await listing.finish()
        #expect(sink.text == Self.expected(.csv, byAccount["gamma"] ?? []))
    }
}
