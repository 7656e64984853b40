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

    /// Rows in the file for `account`, live or not: every generation's table, past the cache's view.
    static func allRows(_ path: String, account: String) throws -> Int {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        return try queue.read { db in
            let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name GLOB 'token_[0-9]*'")
            return try tables.reduce(0) { sum, table in
                sum + (try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table) WHERE account = ?", arguments: [account]) ?? 0)
            }
        }
    }

    /// The generation tables in the file.
    static func tables(_ path: String) throws -> [String] {
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        return try queue.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name GLOB 'token_[0-9]*' ORDER BY name")
        }
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

    @Test func aSupersededSyncWritesNothingMoreAndATableNobodyOwnsGoesWithTheNextProcesssCheck() async throws {
        let scratch = ScratchDirectory()
        let path = scratch.file("cache.sqlite")
        do {
            let first = try TokenCache(path: path)
            let second = try TokenCache(path: path)
            let earlier = try await first.beginStaging(account: "acme")
            let later = try await second.beginStaging(account: "acme")
            try await second.stage(Self.tokens(2), in: later)
            try await second.commit(later, fetchedAt: Date())
            // The superseded sync goes on staging pages (its table went with the later commit), then
            // its process dies: nothing of it is written.
            try await first.stage(Self.tokens(TokenCache.tokensPerWrite, offset: 100), in: earlier)
        }
        #expect(try Self.allRows(path, account: "acme") == 2)
        // A table no generation owns (as a crash between two statements of an older build could leave).
        do {
            let queue = try DatabaseQueue(path: path)
            try await queue.write { db in
                try db.execute(sql: "CREATE TABLE token_99 AS SELECT * FROM token")
            }
            try queue.close()
        }
        #expect(try Self.allRows(path, account: "acme") == 4)
        let next = try TokenCache(path: path)
        #expect(await next.verify() == nil)
        #expect(try Self.allRows(path, account: "acme") == 2)
        let tablesLeft = try Self.tables(path)
        #expect(tablesLeft.count == 1, "the table nobody owns was dropped: \(tablesLeft)")
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

    /// The queries read in storage order without sorting: one account's table, or the view of them all.
    @Test func readsScanInStorageOrderWithoutASort() async throws {
        let scratch = ScratchDirectory()
        let path = scratch.file("cache.sqlite")
        let cache = try TokenCache(path: path)
        try await cache.replaceAll(account: "a", tokens: Self.tokens(3, account: "a"), trashedIDs: [], fetchedAt: Date())
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        for account in [nil, "a"] as [String?] {
            let (sql, plan) = try await queue.read { db in
                let sql = try TokenRecord.selectSQL(account: account, withRawJSON: false, in: db) ?? ""
                return (sql, try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql).map { $0["detail"] as String? ?? "" })
            }
            #expect(!plan.contains { $0.contains("TEMP B-TREE") }, "\(sql): \(plan)")
            #expect(plan.contains { $0.hasPrefix("SCAN token_") }, "\(plan)")
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
        // Every account's tokens in their order, one account after another, in their generations'
        // order (v3 numbered the accounts as `SELECT DISTINCT` gave them: a, then b).
        let ids = try await cache.tokens().map(\.id)
        #expect(ids == ["tok_8", "tok_9", "tok_7"])
        #expect(try await cache.tokens(account: "b").map(\.title) == ["Token 0", "Token 2"])
        #expect(try await cache.trashedIDs(account: "b") == ["tok_7"])
        #expect(try await cache.tokens(account: "a").first?.scopes == ["read"])
        #expect(try await cache.lastFetched(account: "b") == Date(timeIntervalSince1970: 1_700_000_000))
        #expect(try await cache.newestTokens(limit: 2).map(\.id) == ["tok_7", "tok_8"])
        // And the next sync replaces it as usual.
        try await cache.replaceAll(account: "b", tokens: Self.tokens(1, account: "b", offset: 50), trashedIDs: [], fetchedAt: Date())
        #expect(try await cache.tokens().map(\.id) == ["tok_8", "tok_50"])
        #expect(try Self.tables(path).count == 2)
        #expect(try await cache.newestTokens(limit: 1).map(\.id) == ["tok_50"])
    }

    /// A token listed twice (pages that overlap, or shifted under the walk) keeps its first place and
    /// takes its last content, across the writes the staging is cut into.
    @Test func aTokenStagedTwiceKeepsItsFirstPlaceAndItsLastContent() async throws {
        let cache = try TokenCache.inMemory()
        let staging = try await cache.beginStaging(account: "acme")
        try await cache.stage(Self.tokens(3), in: staging)
        // More than one write apart: the second copy of tok_1 comes after a flush.
        try await cache.stage(Self.tokens(TokenCache.tokensPerWrite, offset: 10), in: staging)
        var again = Self.tokens(1, offset: 1)
        again[0].title = "renamed"
        try await cache.stage(again + Self.tokens(1, offset: 5000), in: staging)
        try await cache.commit(staging, fetchedAt: Date())
        let ids = try await cache.tokens(account: "acme").map(\.id)
        #expect(ids.count == 3 + TokenCache.tokensPerWrite + 1)
        #expect(Array(ids.prefix(4)) == ["tok_0", "tok_1", "tok_2", "tok_10"])
        #expect(ids.last == "tok_5000")
        #expect(try await cache.tokens(account: "acme")[1].title == "renamed")
    }

    /// An action that lands while a sync walks the account: the walk may have listed the token
    /// before it, and its commit must not bring the old state back.
    @Test func anActionDuringASyncSurvivesItsCommit() async throws {
        let cache = try TokenCache.inMemory()
        try await cache.replaceAll(account: "acme", tokens: Self.tokens(3), trashedIDs: [], fetchedAt: Date())
        let staging = try await cache.beginStaging(account: "acme")
        try await cache.stage(Self.tokens(3), in: staging)
        try await cache.apply(.status(.revoked), account: "acme", id: "tok_0")
        try await cache.apply(.deleted, account: "acme", id: "tok_2")
        #expect(try await cache.tokens(account: "acme").map(\.vendorStatus) == [.revoked, .active])
        try await cache.commit(staging, fetchedAt: Date())
        let after = try await cache.tokens(account: "acme")
        #expect(after.map(\.id) == ["tok_0", "tok_1"])
        #expect(after.map(\.vendorStatus) == [.revoked, .active])
        // The next sync says what the vendor says.
        try await cache.replaceAll(account: "acme", tokens: Self.tokens(3), trashedIDs: [], fetchedAt: Date())
        #expect(try await cache.tokens(account: "acme").map(\.vendorStatus) == [.active, .active, .active])
    }

    /// A second sync leaves one table for the account, and the view lists every account's live one.
    @Test func eachCommitLeavesOneTablePerAccount() async throws {
        let scratch = ScratchDirectory()
        let path = scratch.file("cache.sqlite")
        let cache = try TokenCache(path: path)
        for round in 0..<3 {
            try await cache.replaceAll(account: "a", tokens: Self.tokens(2 + round, account: "a"), trashedIDs: [], fetchedAt: Date())
            try await cache.replaceAll(account: "b", tokens: Self.tokens(1, account: "b"), trashedIDs: [], fetchedAt: Date())
        }
        #expect(try Self.tables(path).count == 2)
        #expect(try await cache.count() == 5)
        let queue = try DatabaseQueue(path: path)
        defer { try? queue.close() }
        let viewed = try await queue.read { db in try String.fetchAll(db, sql: "SELECT id FROM token") }
        // a's four, then b's one: each live table in its order, the view's tables in generation order.
        #expect(viewed == ["tok_0", "tok_1", "tok_2", "tok_3", "tok_0"])
        #expect(Set(viewed) == ["tok_0", "tok_1", "tok_2", "tok_3"])
    }

    /// A file of the previous schema (v3: one shared table, a column for the generation): each live
    /// generation's rows are carried over in their order, an abandoned sync's rows are not.
    @Test func aVersionThreeCacheIsCarriedOverWithoutItsDeadRows() async throws {
        let scratch = ScratchDirectory()
        let path = scratch.file("cache.sqlite")
        do {
            let queue = try DatabaseQueue(path: path)
            try CacheSchema.migrator.migrate(queue, upTo: "v3: generations")
            try await queue.write { db in
                try db.execute(sql: "INSERT INTO generation (id, account, live) VALUES (1, 'a', 1), (2, 'a', 0), (3, 'b', 1)")
                for (generation, id) in [(1, "tok_3"), (2, "tok_dead"), (3, "tok_b"), (1, "tok_1")] {
                    try db.execute(sql: """
                        INSERT INTO token (generation, account, id, vendor, kind, title, vendor_status, trashed, created_at, scopes, raw_json)
                        VALUES (?, ?, ?, 'provisionr', 'svc_access', ?, 'active', 0, 1700000000, '[]', '{}')
                        """, arguments: [generation, generation == 3 ? "b" : "a", id, "Token \(id)"])
                }
            }
            try queue.close()
        }
        let cache = try TokenCache(path: path)
        #expect(cache.notices.isEmpty)
        #expect(try await cache.tokens(account: "a").map(\.id) == ["tok_3", "tok_1"])
        #expect(try await cache.tokens(account: "b").map(\.id) == ["tok_b"])
        #expect(try await cache.rawJSON(account: "a", id: "tok_1") == "{}")
        #expect(try Self.tables(path) == ["token_1", "token_3"])
        #expect(try Self.allRows(path, account: "a") == 2)
    }
}
