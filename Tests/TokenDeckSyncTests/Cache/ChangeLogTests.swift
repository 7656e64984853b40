import Foundation
import Testing
import TestSupport
import TokenDeckCore
import TokenDeckSandbox
@testable import TokenDeckSync

@Suite("Changes between syncs")
struct ChangeLogTests {
    static func token(_ id: String, status: TokenStatus = .active, trashed: Bool = false, expires: Date? = TestClock.days(100),
                      lastUsed: Date? = nil) -> Token {
        Token.fixture(vendor: .prefactor, account: "a", id: id, title: "Token \(id)", vendorStatus: status, trashed: trashed,
                      lastUsedAt: lastUsed, expiresAt: expires)
    }

    @Test func aFirstSyncRecordsNothingAndASecondRecordsEachKindOfChange() async throws {
        let cache = try TokenCache.inMemory()
        let first = TestClock.now, second = TestClock.days(1)
        try await cache.replaceAll(account: "a", tokens: [
            Self.token("kept"), Self.token("gone"), Self.token("suspend"), Self.token("trash"), Self.token("back", trashed: true),
            Self.token("expiry"), Self.token("use"),
        ], trashedIDs: [], fetchedAt: first)
        #expect(try await cache.changes(since: nil).isEmpty)

        try await cache.replaceAll(account: "a", tokens: [
            Self.token("kept"), Self.token("suspend", status: .suspended), Self.token("trash", trashed: true), Self.token("back"),
            Self.token("expiry", expires: nil), Self.token("use", lastUsed: TestClock.days(1)), Self.token("new"),
        ], trashedIDs: [], fetchedAt: second)
        let changes = try await cache.changes(since: nil)
        #expect(changes.map { "\($0.kind.rawValue) \($0.tokenID)" } == [
            "appeared new", "disappeared gone", "status suspend", "trashed trash", "restored back", "expiry expiry", "first_used use",
        ])
        #expect(changes.allSatisfy { $0.at == second && $0.account == "a" && $0.vendor == .prefactor })
        let status = try #require(changes.first { $0.kind == .status })
        #expect(status.before == "active")
        #expect(status.after == "suspended")
        #expect(status.title == "Token suspend")
        let expiry = try #require(changes.first { $0.kind == .expiry })
        #expect(expiry.before == ExpiryParser.format(TestClock.days(100)))
        #expect(expiry.after == "never")
        #expect(changes.first { $0.kind == .firstUsed }?.after == ExpiryParser.format(TestClock.days(1)))
        #expect(try await cache.changes(since: TestClock.days(2)).isEmpty)
        #expect(try await cache.changes(since: nil, account: "b").isEmpty)

        // A sync that changes nothing records nothing, and changes older than 90 days are pruned.
        try await cache.replaceAll(account: "a", tokens: [Self.token("kept")], trashedIDs: [], fetchedAt: TestClock.days(95))
        let later = try await cache.changes(since: nil)
        #expect(later.allSatisfy { $0.at == TestClock.days(95) })
        #expect(Set(later.map(\.tokenID)) == ["suspend", "trash", "back", "expiry", "use", "new"])
    }

    /// What the dashboard reads: only the tokens that appeared after a moment (its new-token marks),
    /// and the newest events up to a limit (its Changes view) — never every change of a big sync.
    @Test func theAppearedTokensAndTheNewestEventsUpToALimit() async throws {
        let cache = try TokenCache.inMemory()
        try await cache.replaceAll(account: "a", tokens: [Self.token("x"), Self.token("y")], trashedIDs: [], fetchedAt: TestClock.now)
        try await cache.replaceAll(account: "a", tokens: [Self.token("x", expires: nil), Self.token("y"), Self.token("n1")],
                                   trashedIDs: [], fetchedAt: TestClock.days(1))
        try await cache.replaceAll(account: "a", tokens: [Self.token("x", expires: nil), Self.token("n1"), Self.token("n2")],
                                   trashedIDs: [], fetchedAt: TestClock.days(2))
        #expect(try await cache.appearedTokens(since: TestClock.now).map { "\($0.account)/\($0.id)" }.sorted() == ["a/n1", "a/n2"])
        // After, not at: the opening that saw day 1's sync does not mark its tokens again.
        #expect(try await cache.appearedTokens(since: TestClock.days(1)).map(\.id) == ["n2"])
        #expect(try await cache.appearedTokens(since: TestClock.days(2)).isEmpty)
        let all = try await cache.changes(since: nil)
        #expect(all.map { "\($0.kind.rawValue) \($0.tokenID)" } == ["appeared n2", "disappeared y", "appeared n1", "expiry x"])
        #expect(try await cache.changes(since: nil, limit: 2) == Array(all.prefix(2)))
        #expect(try await cache.changes(since: nil, limit: 0).isEmpty)
    }

    /// What the commit itself puts in the new set is no change: an action taken during the sync,
    /// and the tokens an unconfirmed walk keeps from the previous one.
    @Test func anActionDuringTheSyncAndTokensKeptUnconfirmedAreNoChanges() async throws {
        let cache = try TokenCache.inMemory()
        try await cache.replaceAll(account: "a", tokens: [Self.token("x"), Self.token("y"), Self.token("z")], trashedIDs: [],
                                   fetchedAt: TestClock.now)
        let staging = try await cache.beginStaging(account: "a")
        // The walk lists x before it is revoked, and never sees z.
        try await cache.stage([Self.token("x"), Self.token("y", status: .suspended), Self.token("w")], in: staging)
        try await cache.apply(.status(.revoked), account: "a", id: "x")
        let result = try await cache.commit(staging, fetchedAt: TestClock.days(1), queryKey: "sync", keepingUnseen: true)
        #expect(result.kept == 1)
        let changes = try await cache.changes(since: nil)
        #expect(changes.map { "\($0.kind.rawValue) \($0.tokenID)" } == ["appeared w", "status y"])
        #expect(try await cache.tokens(account: "a").map { "\($0.id) \($0.vendorStatus.rawValue)" } == [
            "x revoked", "y suspended", "w active", "z active",
        ])
    }

    /// Two syncs through the real client with the sandbox's data changed in between.
    @Test func twoSyncsWithTheSandboxChangedInBetween() async throws {
        try await SandboxHarness.with(tokens: 200) { harness in
            let cache = try TokenCache.inMemory()
            let service = harness.service(cache: cache)
            let store = harness.sandbox.store
            #expect(await collect(service.sync()).contains { if case .finished = $0 { true } else { false } })
            #expect(try await cache.changes(since: nil).isEmpty)

            let provisionr = try await cache.tokens(account: "provisionr").filter { !$0.trashed }.map(\.id)
            let prefactor = try await cache.tokens(account: "prefactor-1").filter { $0.vendorStatus == .active }.map(\.id)
            let trueFoundry = try await cache.tokens(account: "truefoundry").map(\.id)
            let toTrash = try #require(provisionr.first), toRevoke = try #require(prefactor.first)
            let toDelete = try #require(trueFoundry.first)
            let created = await store.create(vendor: .prefactor)
            let trashed = await store.trash(id: toTrash)
            let revoked = await store.revoke(vendor: .prefactor, id: toRevoke)
            let deleted = await store.delete(vendor: .truefoundry, id: toDelete)
            #expect([trashed, revoked, deleted] == [toTrash, toRevoke, toDelete])
            _ = await collect(service.sync())

            let changes = try await cache.changes(since: nil)
            #expect(Set(changes.map { "\($0.account) \($0.kind.rawValue) \($0.tokenID)" }) == [
                "prefactor-1 appeared \(created)", "provisionr trashed \(toTrash)", "prefactor-1 status \(toRevoke)",
                "truefoundry disappeared \(toDelete)",
            ])
            #expect(changes.first { $0.kind == .status }.map { [$0.before, $0.after] } == ["active", "revoked"])
        }
    }
}
