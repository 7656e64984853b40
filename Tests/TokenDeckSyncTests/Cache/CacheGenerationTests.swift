import Foundation
import GRDB
import Testing
import TokenDeckCore
@testable import TokenDeckSync

/// A sync writes its tokens once, under a generation of its own beside the live rows (`TokenRecord`):
/// what readers see, what a killed or parallel sync leaves, and how an older cache file is carried over.
@Suite("Cache generations")
struct CacheGenerationTests {
    static func tokens(_ count: Int, account: String = "acme", offset: Int = 0) -> [Token] {
        TokenCacheTests.tokens(count, account: account, offset: offset)
    }

    /// Rows in the file for `account`, live or not, read past the cache's own filter.
    static func allRows(_ path: String, account: String) throws -> Int {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        return try queue.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM token WHERE account = ?", arguments: [account]) ?? 0 }
    }

    @Test func aSyncKilledMidWayIsNeverSeenAndItsRowsGoWithTheNextCommit() async throws {
        let scratch = ScratchDirectory()
        let path = scratch.file("cache.sqlite")
        do {
            let cache = try TokenCache(path: path)
            try await cache.replaceAll(account: "acme", tokens: Self.tokens(4), trashedIDs: [], fetchedAt: Date())
            let staging = try await cache.beginStaging(account: "acme")
            // Enough for the cache to have written them (it writes a few pages at once).
            try await cache.stage(Self.tokens(TokenCache.tokensPerWrite, offset: 100), in: staging)
            // The process dies here: no commit, no discard.
        }
        let reopened = try TokenCache(path: path)
        #expect(try await reopened.tokens(account: "acme").map(\.id) == ["tok_0", "tok_1", "tok_2", "tok_3"])
        #expect(try await reopened.count() == 4)
        #expect(try Self.allRows(path, account: "acme") == 4 + TokenCache.tokensPerWrite)
        try await reopened.replaceAll(account: "acme", tokens: Self.tokens(2, offset: 200), trashedIDs: [], fetchedAt: Date())
        #expect(try await reopened.tokens(account: "acme").map(\.id) == ["tok_200", "tok_201"])
        #expect(try Self.allRows(path, account: "acme") == 2)
    }

    @Test func ofTwoProcessesSyncingOneAccountTheSyncBegunLaterWins() async throws {
        let scratch = ScratchDirectory()
        let path = scratch.file("cache.sqlite")
        let first = try TokenCache(path: path)
        let second = try TokenCache(path: path)
        try await first.replaceAll(account: "acme", tokens: Self.tokens(3), trashedIDs: [], fetchedAt: Date())

        let earlier = try await first.beginStaging(account: "acme")
        let later = try await second.beginStaging(account: "acme")
        try await first.stage(Self.tokens(5, offset: 100), in: earlier)
        try await second.stage(Self.tokens(2, offset: 200), in: later)
        // Each sees the live set, not the other's pages nor its own.
        #expect(try await second.tokens(account: "acme").map(\.id) == ["tok_0", "tok_1", "tok_2"])

        #expect(try await second.commit(later, fetchedAt: Date()) == 2)
        // The earlier sync's rows went with the commit; its own commit finds its generation gone and
        // answers with what the account has now, never a half of either.
        let result = try await first.commit(earlier, fetchedAt: Date(), queryKey: "sync", keepingUnseen: false)
        #expect(result == TokenCache.CommitResult(count: 2, kept: 0))
        #expect(try await first.tokens(account: "acme").map(\.id) == ["tok_200", "tok_201"])
        #expect(try Self.allRows(path, account: "acme") == 2)
    }

    @Test func pagesOfASupersededSyncThatDiedGoWithTheNextProcesssCheck() async throws {
        let scratch = ScratchDirectory()
        let path = scratch.file("cache.sqlite")
        do {
            let first = try TokenCache(path: path)
            let second = try TokenCache(path: path)
            let earlier = try await first.beginStaging(account: "acme")
            let later = try await second.beginStaging(account: "acme")
            try await second.stage(Self.tokens(2), in: later)
            try await second.commit(later, fetchedAt: Date())
            // The superseded sync goes on writing pages nobody will own, then its process dies.
            try await first.stage(Self.tokens(TokenCache.tokensPerWrite, offset: 100), in: earlier)
        }
        #expect(try Self.allRows(path, account: "acme") == 2 + TokenCache.tokensPerWrite)
        let next = try TokenCache(path: path)
        #expect(await next.verify() == nil)
        #expect(try Self.allRows(path, account: "acme") == 2)
        #expect(try await next.tokens(account: "acme").map(\.id) == ["tok_0", "tok_1"])
    }

    @Test func aSyncBegunLaterKeepsItsPagesWhenAnEarlierOneCommits() async throws {
        let cache = try TokenCache.inMemory()
        try await cache.replaceAll(account: "acme", tokens: Self.tokens(3), trashedIDs: [], fetchedAt: Date())
        let earlier = try await cache.beginStaging(account: "acme")
        let later = try await cache.beginStaging(account: "acme")
        try await cache.stage(Self.tokens(4, offset: 300), in: later)
        try await cache.stage(Self.tokens(1, offset: 100), in: earlier)
        #expect(try await cache.commit(earlier, fetchedAt: Date()) == 1)
        #expect(try await cache.tokens(account: "acme").map(\.id) == ["tok_100"])
        try await cache.stage(Self.tokens(1, offset: 304), in: later)
        #expect(try await cache.commit(later, fetchedAt: Date()) == 5)
        #expect(try await cache.tokens(account: "acme").map(\.id) == ["tok_300", "tok_301", "tok_302", "tok_303", "tok_304"])
    }

    @Test func aTokenUpsertedIntoAnAccountNeverSyncedIsSeen() async throws {
        let cache = try TokenCache.inMemory()
        try await cache.upsert(Self.tokens(2, account: "fresh"))
        #expect(try await cache.tokens(account: "fresh").map(\.id) == ["tok_0", "tok_1"])
        try await cache.upsert(Self.tokens(1, account: "fresh", offset: 1))
        #expect(try await cache.count(account: "fresh") == 2)
    }

    @Test func removedAccountsLeaveNoGenerationBehind() async throws {
        let scratch = ScratchDirectory()
        let path = scratch.file("cache.sqlite")
        let cache = try TokenCache(path: path)
        try await cache.replaceAll(account: "a", tokens: Self.tokens(2, account: "a"), trashedIDs: [], fetchedAt: Date())
        try await cache.replaceAll(account: "b", tokens: Self.tokens(3, account: "b"), trashedIDs: [], fetchedAt: Date())
        try await cache.removeAccounts(notIn: ["b"])
        #expect(try await cache.count() == 3)
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        let accounts = try await queue.read { db in try String.fetchAll(db, sql: "SELECT account FROM generation ORDER BY account") }
        #expect(accounts == ["b"])
    }

    /// The queries read in storage order without sorting, one account through its generation's index.
    @Test func readsScanInStorageOrderWithoutASort() async throws {
        let scratch = ScratchDirectory()
        let path = scratch.file("cache.sqlite")
        let cache = try TokenCache(path: path)
        try await cache.replaceAll(account: "a", tokens: Self.tokens(3, account: "a"), trashedIDs: [], fetchedAt: Date())
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        for account in [nil, "a"] as [String?] {
            let sql = TokenRecord.selectSQL(account: account, withRawJSON: false)
            let plan = try await queue.read { db in
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: StatementArguments(account.map { [$0] } ?? []))
                    .map { $0["detail"] as String? ?? "" }
            }
            #expect(!plan.contains { $0.contains("TEMP B-TREE") }, "\(sql): \(plan)")
            if account != nil { #expect(plan.contains { $0.contains("token_generation") }, "\(plan)") }
        }
    }

    /// A file written by the previous schema (v2: no generations): every token is carried over, in
    /// its order, as its account's live generation.
    @Test func aVersionTwoCacheIsCarriedOverWhole() async throws {
        let scratch = ScratchDirectory()
        let path = scratch.file("cache.sqlite")
        do {
            let queue = try DatabaseQueue(path: path)
            try CacheSchema.migrator.migrate(queue, upTo: "v2: newest first")
            try await queue.write { db in
                for (index, account) in ["b", "a", "b"].enumerated() {
                    try db.execute(sql: """
                        INSERT INTO token (account, id, vendor, kind, title, vendor_status, trashed, created_at, scopes, raw_json)
                        VALUES (?, ?, 'provisionr', 'svc_access', ?, 'active', ?, ?, '["read"]', '{}')
                        """, arguments: [account, "tok_\(9 - index)", "Token \(index)", index == 2, 1_700_000_000 + index])
                }
                try db.execute(sql: "INSERT INTO fetch (account, query_key, fetched_at, count) VALUES ('b', 'sync', 1700000000, 2)")
            }
            try queue.close()
        }
        let cache = try TokenCache(path: path)
        #expect(cache.notices.isEmpty)
        #expect(try await cache.tokens().map(\.id) == ["tok_9", "tok_8", "tok_7"])
        #expect(try await cache.tokens(account: "b").map(\.title) == ["Token 0", "Token 2"])
        #expect(try await cache.trashedIDs(account: "b") == ["tok_7"])
        #expect(try await cache.tokens(account: "a").first?.scopes == ["read"])
        #expect(try await cache.lastFetched(account: "b") == Date(timeIntervalSince1970: 1_700_000_000))
        #expect(try await cache.newestTokens(limit: 2).map(\.id) == ["tok_7", "tok_8"])
        // And the next sync replaces it as usual.
        try await cache.replaceAll(account: "b", tokens: Self.tokens(1, account: "b", offset: 50), trashedIDs: [], fetchedAt: Date())
        #expect(try await cache.tokens().map(\.id) == ["tok_8", "tok_50"])
        #expect(try await cache.newestTokens(limit: 1).map(\.id) == ["tok_50"])
    }
}
