import Foundation
import GRDB
import Testing
import TokenDeckCore
@testable import TokenDeckSync

@Suite("The token cache")
struct TokenCacheTests {
    static func tokens(_ count: Int, account: String = "acme", vendor: Vendor = .provisionr, offset: Int = 0) -> [Token] {
        (0..<count).map { index in
            let number = index + offset
            return Token(
                vendor: vendor, account: account, id: "tok_\(number)", kind: "svc_access", title: "Token \(number)",
                vendorStatus: .active, trashed: false,
                createdAt: Date(timeIntervalSince1970: 1_700_000_000 + Double(number)),
                lastUsedAt: number % 3 == 0 ? nil : Date(timeIntervalSince1970: 1_710_000_000.25),
                expiresAt: nil, owner: number % 2 == 0 ? "ops@example.com" : nil,
                scopes: number % 5 == 0 ? ["read", "write \"all\""] : [], usageCount: number % 7 == 0 ? number : nil,
                rawJSON: #"{"id":"tok_\#(number)","description":"Token \#(number)","abilities":["read"],"name":"svc_access"}"#)
        }
    }

    @Test func replaceAllStoresEveryFieldAndReadsItBackInOrder() async throws {
        let cache = try TokenCache.inMemory()
        let written = Self.tokens(50)
        let fetchedAt = Date(timeIntervalSince1970: 1_720_000_000)
        try await cache.replaceAll(account: "acme", tokens: written, trashedIDs: ["tok_3"], fetchedAt: fetchedAt)
        var expected = written
        expected[3].trashed = true
        #expect(try await cache.tokens(account: "acme") == expected)
        #expect(try await cache.lastFetched(account: "acme") == fetchedAt)
        #expect(try await cache.trashedIDs(account: "acme") == ["tok_3"])
        #expect(try await cache.lastFetched(account: "other") == nil)
    }

    @Test func aLightReadLeavesTheVendorJSONOutAndItIsReadPerToken() async throws {
        let cache = try TokenCache.inMemory()
        let written = Self.tokens(20)
        try await cache.replaceAll(account: "acme", tokens: written, trashedIDs: [], fetchedAt: Date())
        let light = try await cache.tokens(account: nil, withRawJSON: false)
        #expect(light.allSatisfy { $0.rawJSON.isEmpty })
        // Everything else as written.
        #expect(light.map { var token = $0; token.rawJSON = written[Int($0.id.dropFirst(4)) ?? 0].rawJSON; return token } == written)
        #expect(try await cache.rawJSON(account: "acme", id: "tok_7") == written[7].rawJSON)
        #expect(try await cache.rawJSON(account: "acme", id: "tok_404") == nil)
        #expect(try await cache.rawJSON(account: "other", id: "tok_7") == nil)
    }

    @Test func stagedPagesReplaceTheAccountOnlyAtCommitInListingOrder() async throws {
        let scratch = ScratchDirectory()
        let cache = try TokenCache(path: scratch.file("cache.sqlite"))
        let fetchedAt = Date(timeIntervalSince1970: 1_720_000_000)
        try await cache.replaceAll(account: "acme", tokens: Self.tokens(5), trashedIDs: [], fetchedAt: fetchedAt)
        try await cache.replaceAll(account: "beta", tokens: Self.tokens(2, account: "beta"), trashedIDs: [], fetchedAt: fetchedAt)

        let staging = try await cache.beginStaging(account: "acme")
        let fresh = Self.tokens(6, offset: 100)
        try await cache.stage(Array(fresh[0..<3]), in: staging)
        // Until the commit the cache answers with the old set.
        #expect(try await cache.tokens(account: "acme").map(\.id) == ["tok_0", "tok_1", "tok_2", "tok_3", "tok_4"])
        // A page that shifted under the walk lists tok_102 again, changed and trashed: it keeps its
        // first place and takes the last content.
        var again = fresh[2]
        again.title = "renamed"
        again.trashed = true
        try await cache.stage([again] + Array(fresh[3..<6]), in: staging)
        let count = try await cache.commit(staging, fetchedAt: fetchedAt.addingTimeInterval(60))
        #expect(count == 6)
        let stored = try await cache.tokens(account: "acme")
        #expect(stored.map(\.id) == ["tok_100", "tok_101", "tok_102", "tok_103", "tok_104", "tok_105"])
        #expect(stored[2].title == "renamed" && stored[2].trashed)
        #expect(stored[0] == fresh[0])
        #expect(try await cache.count(account: "beta") == 2)
        #expect(try await cache.lastFetched(account: "acme") == fetchedAt.addingTimeInterval(60))

        // A discarded staging leaves the cache as it was.
        let abandoned = try await cache.beginStaging(account: "acme")
        try await cache.stage(Self.tokens(3, offset: 900), in: abandoned)
        await cache.discard(abandoned)
        #expect(try await cache.tokens(account: "acme").map(\.id) == stored.map(\.id))
    }

    @Test func aTokenCreatedWhileASyncWalksItsAccountSurvivesTheCommit() async throws {
        let cache = try TokenCache.inMemory()
        try await cache.replaceAll(account: "acme", tokens: Self.tokens(3), trashedIDs: [], fetchedAt: Date())
        let staging = try await cache.beginStaging(account: "acme")
        try await cache.stage(Self.tokens(3), in: staging)
        // Created after the walk passed the page it would be on; and one the walk did see, changed.
        let created = Self.tokens(1, offset: 500)[0]
        var seen = Self.tokens(1, offset: 1)[0]
        seen.title = "as created"
        try await cache.upsert([created, seen])
        // Another account's create is not this sync's business.
        try await cache.upsert(Self.tokens(1, account: "beta", offset: 900))
        try await cache.commit(staging, fetchedAt: Date())
        let stored = try await cache.tokens(account: "acme")
        #expect(stored.map(\.id) == ["tok_0", "tok_1", "tok_2", "tok_500"])
        // The walk's copy wins for a token it listed.
        #expect(stored[1].title == "Token 1")
        #expect(try await cache.count(account: "beta") == 1)
    }

    @Test func replacingOneAccountLeavesTheOthers() async throws {
        let cache = try TokenCache.inMemory()
        let now = Date()
        try await cache.replaceAll(account: "a", tokens: Self.tokens(10, account: "a"), trashedIDs: [], fetchedAt: now)
        try await cache.replaceAll(account: "b", tokens: Self.tokens(5, account: "b"), trashedIDs: [], fetchedAt: now)
        try await cache.replaceAll(account: "a", tokens: Self.tokens(3, account: "a", offset: 100), trashedIDs: [], fetchedAt: now)
        #expect(try await cache.tokens(account: "a").map(\.id) == ["tok_100", "tok_101", "tok_102"])
        #expect(try await cache.count(account: "b") == 5)
        #expect(try await cache.count() == 8)
    }

    @Test func fileIsPrivateAndItsNewDirectoryToo() async throws {
        let scratch = ScratchDirectory()
        let path = scratch.file("nested/tokendeck/cache.sqlite")
        let cache = try TokenCache(path: path)
        try await cache.replaceAll(account: "a", tokens: Self.tokens(3, account: "a"), trashedIDs: [], fetchedAt: Date())
        #expect(try Self.mode(path) == 0o600)
        #expect(try Self.mode((path as NSString).deletingLastPathComponent) == 0o700)
        #expect(cache.notices.isEmpty)
    }

    @Test func garbageFileIsMovedAsideAndRebuilt() async throws {
        let scratch = ScratchDirectory()
        let path = scratch.file("cache.sqlite")
        let garbage = Data((0..<8192).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
        try garbage.write(to: URL(fileURLWithPath: path))

        let cache = try TokenCache(path: path)
        #expect(cache.notices.count == 1)
        let notice = try #require(cache.notices.first)
        #expect(notice.contains(path) && notice.contains(".corrupt-"))
        try await cache.replaceAll(account: "a", tokens: Self.tokens(2, account: "a"), trashedIDs: [], fetchedAt: Date())
        #expect(try await cache.count() == 2)

        let aside = try FileManager.default.contentsOfDirectory(atPath: scratch.path).filter { $0.hasPrefix("cache.sqlite.corrupt-") }
        #expect(aside.count == 1)
        #expect(try Data(contentsOf: URL(fileURLWithPath: scratch.file(aside[0]))) == garbage)
    }

    @Test func damageInsideTheFileIsFoundByVerifyThenMovedAsideAndRebuilt() async throws {
        let scratch = ScratchDirectory()
        let path = scratch.file("cache.sqlite")
        do {
            let cache = try TokenCache(path: path)
            try await cache.replaceAll(account: "a", tokens: Self.tokens(5_000, account: "a"), trashedIDs: [], fetchedAt: Date())
        }
        try await DatabaseQueue(path: path).writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
        // Four pages of the token table, halfway through the file, overwritten.
        let size = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seek(toOffset: UInt64(size / 2 / 4096 * 4096))
        try handle.write(contentsOf: Data(repeating: 0x5A, count: 4 * 4096))
        try handle.close()

        // Opening reads only what is cheap: the first frame does not wait for every page.
        let reopened = try TokenCache(path: path)
        #expect(reopened.notices.isEmpty)
        let notice = try #require(await reopened.verify())
        #expect(notice.contains(path) && notice.contains("is damaged") && notice.contains(".corrupt-"))
        #expect(try await reopened.count() == 0)
        try await reopened.replaceAll(account: "a", tokens: Self.tokens(3, account: "a"), trashedIDs: [], fetchedAt: Date())
        #expect(try await reopened.count() == 3)
        // Once per process, and the new file is sound.
        #expect(await reopened.verify() == nil)
        let check = try await DatabaseQueue(path: path).read { try String.fetchOne($0, sql: "PRAGMA quick_check") }
        #expect(check == "ok")
        let aside = try FileManager.default.contentsOfDirectory(atPath: scratch.path).filter { $0.hasPrefix("cache.sqlite.corrupt-") && !$0.hasSuffix("-wal") && !$0.hasSuffix("-shm") }
        #expect(aside.count == 1)
    }

    @Test func aSoundFileVerifiesWithoutNotice() async throws {
        let scratch = ScratchDirectory()
        let cache = try TokenCache(path: scratch.file("cache.sqlite"))
        try await cache.replaceAll(account: "a", tokens: Self.tokens(500, account: "a"), trashedIDs: [], fetchedAt: Date())
        #expect(await cache.verify() == nil)
        #expect(try await cache.count() == 500)
    }

    @Test func foreignSQLiteDatabaseIsMovedAside() async throws {
        let scratch = ScratchDirectory()
        let path = scratch.file("cache.sqlite")
        try await DatabaseQueue(path: path).write { db in
            try db.execute(sql: "CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('precious')")
        }
        let cache = try TokenCache(path: path)
        #expect(cache.notices.first?.contains("not a TokenDeck cache") == true)
        #expect(try await cache.count() == 0)
    }

    @Test func cacheFromANewerTokenDeckIsMovedAside() async throws {
        let scratch = ScratchDirectory()
        let path = scratch.file("cache.sqlite")
        do {
            let cache = try TokenCache(path: path)
            try await cache.replaceAll(account: "a", tokens: Self.tokens(2, account: "a"), trashedIDs: [], fetchedAt: Date())
        }
        try await DatabaseQueue(path: path).write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v9: from the future')")
        }
        let reopened = try TokenCache(path: path)
        #expect(reopened.notices.first?.contains("newer TokenDeck") == true)
        #expect(try await reopened.count() == 0)
    }

    @Test func ourOwnFileReopensWithoutNotice() async throws {
        let scratch = ScratchDirectory()
        let path = scratch.file("cache.sqlite")
        do {
            let cache = try TokenCache(path: path)
            try await cache.replaceAll(account: "a", tokens: Self.tokens(7, account: "a"), trashedIDs: [], fetchedAt: Date())
        }
        let reopened = try TokenCache(path: path)
        #expect(reopened.notices.isEmpty)
        #expect(try await reopened.count() == 7)
    }

    @Test func theNewestTokensOfEveryAccountComeFirst() async throws {
        let cache = try TokenCache.inMemory()
        try await cache.replaceAll(account: "acme", tokens: Self.tokens(50), trashedIDs: [], fetchedAt: Date())
        try await cache.replaceAll(account: "beta", tokens: Self.tokens(20, account: "beta", offset: 45), trashedIDs: [], fetchedAt: Date())
        let newest = try await cache.newestTokens(limit: 4)
        // beta holds 45…64, acme 0…49: the four newest are beta's 64, 63, 62, 61.
        #expect(newest.map(\.id) == ["tok_64", "tok_63", "tok_62", "tok_61"])
        #expect(newest.allSatisfy { $0.account == "beta" })
        #expect(try await cache.newestTokens(limit: 1_000).count == 70)
        // A sync that replaces beta with older tokens replaces what a first frame shows.
        try await cache.replaceAll(account: "beta", tokens: Self.tokens(3, account: "beta", offset: 900), trashedIDs: [], fetchedAt: Date())
        try await cache.replaceAll(account: "acme", tokens: Self.tokens(2, offset: 1), trashedIDs: [], fetchedAt: Date())
        #expect(try await cache.newestTokens(limit: 2).map(\.id) == ["tok_902", "tok_901"])
        #expect(try await cache.newestTokens(limit: 1_001).map(\.id) == ["tok_902", "tok_901", "tok_900", "tok_2", "tok_1"])
    }

    /// 100,000 tokens in and out unchanged (how fast: `tokendeck-bench --filter cache`).
    @Test func hundredThousandTokensRoundTrip() async throws {
        let scratch = ScratchDirectory()
        let cache = try TokenCache(path: scratch.file("cache.sqlite"))
        let tokens = Self.tokens(100_000)
        try await cache.replaceAll(account: "acme", tokens: tokens, trashedIDs: [], fetchedAt: Date())
        let read = try await cache.tokens(account: "acme")
        #expect(read.count == 100_000)
        #expect(Set(read.map(\.id)) == Set(tokens.map(\.id)))
        #expect(read.first { $0.id == tokens[54_321].id } == tokens[54_321])
        #expect(read.last == tokens.last)
    }

    static func mode(_ path: String) throws -> mode_t {
        var info = stat()
        guard stat(path, &info) == 0 else { throw CacheError(path: path, message: "no such file") }
        return info.st_mode & 0o777
    }
}
