import Foundation
import Testing
import TokenDeckCore
import TokenDeckSandbox
@testable import TokenDeckSync

/// A `tokendeck list --all` killed with SIGKILL at any moment leaves every account's cache as it was
/// before that sync or after it. The child is the real executable, so the kill lands in a real process.
@Suite("Killed during a sync")
struct KillDuringSyncTests {
    /// `.build/debug/tokendeck` of this package, found from this file's path.
    static let binary: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.appendingPathComponent(".build/debug/tokendeck").path
    }()

    static var binaryExists: Bool { FileManager.default.isExecutableFile(atPath: binary) }

    @Test(arguments: [20, 60, 110])
    func cacheHoldsTheOldOrTheNewSetAfterSIGKILL(killAfterRequests: Int) async throws {
        // `swift test` builds every product first; a missing binary is a failure, not a skip.
        try #require(Self.binaryExists, "needs the built executable \(Self.binary) (swift build)")
        let scratch = ScratchDirectory()
        let cachePath = scratch.file("cache.sqlite")
        let configPath = scratch.file("config.toml")
        try await SandboxHarness.with(tokens: 10_000) { harness in
            await harness.sandbox.faults.setLatency(milliseconds: 15)
            let accounts = harness.accounts()
            // The "before" state: a distinct set per account, so old and new can be told apart.
            let oldSets = try await Self.seed(cachePath: cachePath, accounts: accounts)
            try Self.writeConfig(configPath, accounts: accounts, harness: harness)

            let child = Process()
            child.executableURL = URL(fileURLWithPath: Self.binary)
            child.arguments = ["list", "--all", "--format", "ndjson", "--cache", cachePath, "--config", configPath]
            var environment = ["HOME": scratch.path, "PATH": "/usr/bin:/bin"]
            for vendor in SandboxVendor.allCases { environment[vendor.tokenEnvironmentVariable] = vendor.bearerToken }
            child.environment = environment
            child.standardOutput = FileHandle.nullDevice
            child.standardError = FileHandle.nullDevice
            try child.run()

            let deadline = ContinuousClock.now + .seconds(60)
            while await Self.totalRequests(harness) < killAfterRequests, child.isRunning, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(2))
            }
            let killedMidway = child.isRunning
            kill(child.processIdentifier, SIGKILL)
            child.waitUntilExit()

            let cache = try TokenCache(path: cachePath)
            #expect(cache.notices.isEmpty, "\(cache.notices)")
            let complete = try await Self.serverIDs(harness, accounts)
            var newSets = 0
            for configured in accounts {
                let name = configured.account.name
                let ids = Set(try await cache.tokens(account: name).map(\.id))
                #expect(ids == oldSets[name] || ids == complete[name], "\(name) holds \(ids.count) tokens: neither the old set nor the new one")
                if ids == complete[name] { newSets += 1 }
            }
            if killedMidway { #expect(newSets < accounts.count, "the child finished before the kill: the test proved nothing") }
        }
    }

    static func totalRequests(_ harness: SandboxHarness) async -> Int {
        var total = 0
        for vendor in SandboxVendor.allCases { total += await harness.sandbox.faults.requestCount(vendor: vendor) }
        return total
    }

    /// Every token id the server holds, per account, from an in-process sync into a scratch cache.
    static func serverIDs(_ harness: SandboxHarness, _ accounts: [ConfiguredAccount]) async throws -> [String: Set<String>] {
        let cache = try TokenCache.inMemory()
        let service = TokenService(accounts: accounts, cache: cache, transport: harness.transport, retry: .fastForTests)
        let events = await collect(service.sync())
        #expect(events.failures.isEmpty)
        var ids: [String: Set<String>] = [:]
        for token in try await cache.tokens() { ids[token.account, default: []].insert(token.id) }
        return ids
    }

    static func seed(cachePath: String, accounts: [ConfiguredAccount]) async throws -> [String: Set<String>] {
        let cache = try TokenCache(path: cachePath)
        var sets: [String: Set<String>] = [:]
        for configured in accounts {
            let name = configured.account.name
            let tokens = TokenCacheTests.tokens(25, account: name, vendor: configured.account.vendor)
                .map { token in var token = token; token.id = "old-\(name)-\(token.id)"; return token }
            try await cache.replaceAll(account: name, tokens: tokens, trashedIDs: [], fetchedAt: Date(timeIntervalSince1970: 0))
            sets[name] = Set(tokens.map(\.id))
        }
        return sets
    }

    static func writeConfig(_ path: String, accounts: [ConfiguredAccount], harness: SandboxHarness) throws {
        var text = "page_size = 100\n"
        for configured in accounts {
            let account = configured.account
            let vendor = SandboxVendor(rawValue: account.vendor.rawValue) ?? .provisionr
            text += """

                [[accounts]]
                name = "\(account.name)"
                vendor = "\(account.vendor.rawValue)"
                base_url = "\(account.baseURL.absoluteString)"
                token_env = "\(vendor.tokenEnvironmentVariable)"

                """
            if let accountID = account.accountID { text += "account_id = \"\(accountID)\"\n" }
        }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        chmod(path, 0o600)
    }
}
