import Foundation
import Testing
import TokenDeckCore
@testable import TokenDeckSandbox
@testable import TokenDeckSync

@Suite("Syncing against the sandbox")
struct SyncAgainstSandboxTests {
    @Test("Every vendor is paged to the end with no token lost or duplicated at a 20% fault rate",
          arguments: Vendor.allCases)
    func everyVendorPagedToTheEndUnderFaults(vendor: Vendor) async throws {
        try await SandboxHarness.with(tokens: 6000, faultRate: 0.2) { harness in
            let cache = try TokenCache.inMemory()
            let service = harness.service(cache: cache)
            let names = harness.accountNames(of: vendor)
            let events = await collect(service.sync(accounts: names))

            #expect(events.failures.isEmpty, "\(events.failures)")
            #expect(events.last == .finished)
            let sandboxVendor = try #require(SandboxVendor(rawValue: vendor.rawValue))
            let expected = await harness.sandbox.store.count(vendor: sandboxVendor, includeTrashed: true)
            let tokens = await service.cachedTokens()
            #expect(tokens.count == expected)
            #expect(Set(tokens.map(\.key)).count == expected, "duplicates in the cache")
            #expect(names.reduce(0) { $0 + (events.finishedCounts[$1] ?? -1) } == expected)
            let faulted = await harness.sandbox.faults.requestCount(vendor: sandboxVendor)
            #expect(faulted > 1)
        }
    }

    @Test func progressCountsPagesUpToTheKnownTotal() async throws {
        try await SandboxHarness.with(tokens: 3000) { harness in
            let service = harness.service(cache: try TokenCache.inMemory())
            let events = await collect(service.sync(accounts: ["metokens"]))
            var done: [Int] = []
            var known: Int?
            for case .progress("metokens", let pagesDone, let pagesKnown) in events {
                done.append(pagesDone)
                known = pagesKnown
            }
            // 600 metokens tokens at the sandbox's fixed 20 a page.
            #expect(done == Array(1...30))
            #expect(known == 30)
        }
    }

    @Test func provisionrTrashedMarksAreExactlyTheServersTrash() async throws {
        try await SandboxHarness.with(tokens: 4000, faultRate: 0.1) { harness in
            let service = harness.service(cache: try TokenCache.inMemory())
            let events = await collect(service.sync(accounts: ["provisionr"]))
            #expect(events.failures.isEmpty)

            let truth = await harness.sandbox.store.provisionrTokens()
            let cached = await service.cachedTokens(account: "provisionr")
            #expect(Set(cached.filter(\.trashed).map(\.id)) == Set(truth.filter(\.isTrashed).map(\.id)))
            #expect(Set(cached.filter { !$0.trashed }.map(\.id)) == Set(truth.filter { !$0.isTrashed }.map(\.id)))
            #expect(truth.contains { $0.isTrashed }, "the sandbox should hold some trashed tokens")
        }
    }

    /// A sync defines what the cache holds: always the whole set, the trash included and marked.
    @Test func provisionrSyncHoldsTheLiveTokensAndTheTrash() async throws {
        try await SandboxHarness.with(tokens: 2000) { harness in
            let service = harness.service(cache: try TokenCache.inMemory())
            _ = await collect(service.sync(accounts: ["provisionr"]))
            let cached = await service.cachedTokens(account: "provisionr")
            let live = await harness.sandbox.store.count(vendor: .provisionr, includeTrashed: false)
            let trashed = await harness.sandbox.store.trashedCount()
            #expect(trashed > 0)
            #expect(cached.count == live + trashed)
            #expect(cached.count { $0.trashed } == trashed)
        }
    }

    @Test func offlineReadAfterSyncReturnsWhatTheSyncStored() async throws {
        let scratch = ScratchDirectory()
        let path = scratch.file("cache.sqlite")
        let synced = try await SandboxHarness.with(tokens: 2000) { harness in
            let service = harness.service(cache: try TokenCache(path: path))
            _ = await collect(service.sync())
            return await service.cachedTokens()
        }
        // The sandbox is gone: a new process reading the same file must answer without the network.
        let offline = TokenService(accounts: try SandboxHarness.offlineAccounts(), cache: try TokenCache(path: path),
                                   transport: FailingTransport())
        let tokens = await offline.cachedTokens()
        #expect(tokens.count == 2000)
        #expect(tokens == synced)
        #expect(await offline.lastFetched(account: "metokens") != nil)
    }

    @Test func cacheFileNeverContainsACredential() async throws {
        let scratch = ScratchDirectory()
        let path = scratch.file("cache.sqlite")
        try await SandboxHarness.with(tokens: 2000) { harness in
            let cache = try TokenCache(path: path)
            let service = harness.service(cache: cache)
            let events = await collect(service.sync())
            #expect(events.failures.isEmpty)
            _ = try await service.createToken(account: "provisionr", request: .provisionr(ServiceAccessTokenRequest(
                service: "svc_sandbox", name: "ci deploy", description: "made by a test", expiresAt: nil)))
        }
        var bytes = Data()
        for file in [path, path + "-wal"] where FileManager.default.fileExists(atPath: file) {
            bytes.append(try Data(contentsOf: URL(fileURLWithPath: file)))
        }
        #expect(bytes.count > 100_000)
        for vendor in SandboxVendor.allCases {
            #expect(bytes.range(of: Data(vendor.bearerToken.utf8)) == nil, "\(vendor) credential in the cache file")
        }
    }

    @Test func retryAfterIsHonouredBeforeTheRetry() async throws {
        try await SandboxHarness.with(tokens: 200) { harness in
            await harness.sandbox.faults.force(.rateLimited(retryAfter: 1), vendor: .truefoundry, count: 1)
            let sleeper = RecordingSleeper()
            let service = harness.service(cache: try TokenCache.inMemory(), retry: RetryPolicy(sleep: sleeper.sleep))
            let events = await collect(service.sync(accounts: ["truefoundry"]))
            #expect(events.failures.isEmpty)
            #expect(sleeper.recorded.count == 1)
            #expect(sleeper.recorded.allSatisfy { $0 >= .seconds(1) }, "\(sleeper.recorded)")
            #expect(await harness.sandbox.faults.requestCount(vendor: .truefoundry) == 2)
        }
    }

    @Test func refusedCredentialIsAClearErrorAndNotRetried() async throws {
        try await SandboxHarness.with(tokens: 200) { harness in
            let sleeper = RecordingSleeper()
            let service = harness.service(cache: try TokenCache.inMemory(), retry: RetryPolicy(sleep: sleeper.sleep),
                                          credential: { _ in "not-the-right-token" })
            do throws(VendorError) {
                _ = try await service.fetchPage(account: "provisionr", query: TokenQuery())
                Issue.record("a refused credential must throw")
            } catch {
                #expect(error.kind == .http)
                #expect(error.status == 401)
                #expect(error.vendor == .provisionr)
                #expect(error.description.hasPrefix("provisionr HTTP 401"))
                #expect(!error.description.contains("not-the-right-token"))
            }
            #expect(sleeper.recorded.isEmpty)
            #expect(await harness.sandbox.faults.requestCount(vendor: .provisionr) == 1)

            let events = await collect(service.sync(accounts: ["metokens"]))
            #expect(events.failures["metokens"]?.status == 401)
            #expect(await service.cachedTokens(account: "metokens").isEmpty)
        }
    }

    /// Every vendor's create: a retry could mint a second token.
    @Test(arguments: [
        ("provisionr", CreateTokenRequest.provisionr(ServiceAccessTokenRequest(service: "svc_sandbox", name: "n", description: "d", expiresAt: nil))),
        ("prefactor-1", .prefactor(PrefactorTokenRequest(scope: .account))),
        ("truefoundry", .trueFoundry(TrueFoundryTokenRequest(name: "once"))),
    ])
    func createIsSentOnceEvenWhenTheServerFails(account: String, request: CreateTokenRequest) async throws {
        try await SandboxHarness.with(tokens: 200) { harness in
            let vendor = SandboxVendor(rawValue: request.vendor.rawValue) ?? .provisionr
            await harness.sandbox.faults.force(.status(500), vendor: vendor, count: nil)
            let sleeper = RecordingSleeper()
            let service = harness.service(cache: try TokenCache.inMemory(), retry: RetryPolicy(sleep: sleeper.sleep))
            await #expect(throws: VendorError.self) {
                try await service.createToken(account: account, request: request)
            }
            #expect(await harness.sandbox.faults.requestCount(vendor: vendor) == 1)
            #expect(sleeper.recorded.isEmpty)
        }
    }

    @Test func createdTokenGoesIntoTheCache() async throws {
        try await SandboxHarness.with(tokens: 200) { harness in
            let service = harness.service(cache: try TokenCache.inMemory())
            let created = try await service.createToken(account: "provisionr", request: .provisionr(ServiceAccessTokenRequest(
                service: "svc_sandbox", name: "deploy", description: "Deploy bot", expiresAt: nil)))
            #expect(created.token.kind == "svc_access")
            let cached = await service.cachedTokens(account: "provisionr")
            #expect(cached.map(\.id) == [created.token.id])
            if let secret = created.secret { #expect(!cached[0].rawJSON.contains(secret)) }
        }
    }

    @Test("Paging metadata that always promises more still ends at the first empty page, with every token",
          arguments: Vendor.allCases)
    func endlessNextPageMetadataEndsAtTheEmptyPage(vendor: Vendor) async throws {
        try await SandboxHarness.with(tokens: 1000) { harness in
            let sandboxVendor = try #require(SandboxVendor(rawValue: vendor.rawValue))
            await harness.sandbox.faults.force(.endlessNextPage, vendor: sandboxVendor, count: nil)
            let service = harness.service(cache: try TokenCache.inMemory())
            let names = harness.accountNames(of: vendor)
            let events = await collect(service.sync(accounts: names))
            #expect(events.failures.isEmpty, "\(events.failures)")
            let expected = await harness.sandbox.store.count(vendor: sandboxVendor, includeTrashed: true)
            #expect(Set(await service.cachedTokens().map(\.key)).count == expected)
            #expect(await harness.sandbox.faults.requestCount(vendor: sandboxVendor) < 200)
        }
    }

    @Test func onePageIsFilteredOnTheServerWhereTheVendorCan() async throws {
        try await SandboxHarness.with(tokens: 3000) { harness in
            let service = harness.service(cache: try TokenCache.inMemory())
            let query = TokenQuery(kind: "svc_access", trashed: .only, page: 1, pageSize: 25)
            let (tokens, page) = try await service.fetchPage(account: "provisionr", query: query)
            #expect(!tokens.isEmpty)
            #expect(tokens.allSatisfy { $0.kind == "svc_access" && $0.trashed })
            let truth = await harness.sandbox.store.provisionrTokens().filter { $0.type == "svc_access" && $0.isTrashed }
            #expect(page.total == truth.count)

            let second = try await service.fetchPage(account: "truefoundry", query: TokenQuery(page: 2, pageSize: 50))
            #expect(second.tokens.count == 50)
            #expect(second.page.total == 600)
        }
    }

    @Test func cancellingTheConsumerStopsTheSyncPromptlyAndKeepsTheCache() async throws {
        try await SandboxHarness.with(tokens: 20_000) { harness in
            await harness.sandbox.faults.setLatency(milliseconds: 50)
            let cache = try TokenCache.inMemory()
            let service = harness.service(cache: cache, maxConcurrentRequests: 2)
            let stream = await service.sync(accounts: ["metokens"])
            let (progressed, progress) = AsyncStream<Int>.makeStream()
            let consumer = Task {
                var pages = 0
                for await event in stream {
                    if case .progress(_, let done, _) = event {
                        pages = done
                        progress.yield(done)
                    }
                }
                return pages
            }
            for await done in progressed where done >= 3 { break }
            consumer.cancel()
            let pages = await consumer.value
            let atStop = await harness.sandbox.faults.requestCount(vendor: .metokens)

            // A whole sync of another vendor, start to finish, as a barrier instead of a sleep: by
            // its end, at most the two requests that were on the wire have reached metokens.
            let other = await collect(service.sync(accounts: ["truefoundry"]))
            #expect(other.failures.isEmpty)
            let settled = await harness.sandbox.faults.requestCount(vendor: .metokens)
            #expect(settled <= atStop + 2, "\(settled - atStop) requests after the consumer stopped")
            // 200 pages would have been fetched had the sync gone on.
            #expect(settled < 20, "\(settled) requests")
            #expect(pages >= 3)
            #expect(try await cache.count(account: "metokens") == 0)
        }
    }
}

extension SandboxHarness {
    /// The same account names as `accounts()`, pointing nowhere: for reading the cache offline.
    static func offlineAccounts() throws -> [ConfiguredAccount] {
        let base = try #require(URL(string: "http://127.0.0.1:9"))
        let names: [(String, Vendor)] = [("provisionr", .provisionr), ("prefactor-1", .prefactor), ("prefactor-2", .prefactor),
                                         ("metokens", .metokens), ("truefoundry", .truefoundry)]
        return names.map { ConfiguredAccount(account: Account(name: $0.0, vendor: $0.1, baseURL: base), credential: .literal("x")) }
    }
}

/// A transport with no network at all: any request is a test failure.
struct FailingTransport: HTTPTransport {
    func send(_ request: HTTPRequestSpec, timeout: Duration) async throws -> HTTPResponseData {
        Issue.record("offline read touched the network: \(request.url)")
        throw TransportError(message: "offline")
    }
}
