import Foundation
import Synchronization
import TokenDeckCore
import TokenDeckSandbox
@testable import TokenDeckSync

/// An in-process sandbox on port 0 and the real AsyncHTTPClient transport pointed at it.
struct SandboxHarness {
    let sandbox: RunningSandbox
    let transport: AsyncHTTPClientTransport

    /// Runs `body` against a fresh sandbox and always stops both ends afterwards.
    static func with<T>(
        tokens: Int = 3000, faultRate: Double = 0, seed: UInt64 = 42, churnRate: Double = 0,
        now: Date? = nil, gzip: Bool = false,
        _ body: (SandboxHarness) async throws -> T
    ) async throws -> T {
        let sandbox = try await Sandbox.start(SandboxConfiguration(
            tokens: tokens, seed: seed, faultRate: faultRate, slowResponseSeconds: 0.05, now: now,
            churnRate: churnRate, gzip: gzip))
        let harness = SandboxHarness(sandbox: sandbox, transport: AsyncHTTPClientTransport(connectTimeout: .seconds(2)))
        do {
            let result = try await body(harness)
            await harness.stop()
            return result
        } catch {
            await harness.stop()
            throw error
        }
    }

    func stop() async {
        await transport.shutdown()
        await sandbox.stop()
    }

    /// One account per vendor (two for Prefactor, whose sandbox holds two accounts), with the sandbox's tokens.
    func accounts(credential: ((Vendor) -> String)? = nil) -> [ConfiguredAccount] {
        var accounts: [ConfiguredAccount] = []
        for vendor in Vendor.allCases {
            let sandboxVendor = SandboxVendor(rawValue: vendor.rawValue) ?? .provisionr
            let secret = credential?(vendor) ?? sandboxVendor.bearerToken
            let baseURL = sandbox.baseURL(for: sandboxVendor)
            if vendor == .prefactor {
                for (index, accountID) in sandbox.store.prefactorAccountIDs.enumerated() {
                    accounts.append(ConfiguredAccount(
                        account: Account(name: "prefactor-\(index + 1)", vendor: vendor, baseURL: baseURL, accountID: accountID),
                        credential: .literal(secret)))
                }
            } else {
                accounts.append(ConfiguredAccount(
                    account: Account(name: vendor.rawValue, vendor: vendor, baseURL: baseURL, service: "svc_sandbox"),
                    credential: .literal(secret)))
            }
        }
        return accounts
    }

    func accountNames(of vendor: Vendor) -> [String] {
        accounts().filter { $0.account.vendor == vendor }.map(\.account.name)
    }

    func service(cache: TokenCache, retry: RetryPolicy = .fastForTests, maxConcurrentRequests: Int = 8,
                 credential: ((Vendor) -> String)? = nil) -> TokenService {
        TokenService(accounts: accounts(credential: credential), cache: cache, transport: transport, retry: retry,
                     maxConcurrentRequests: maxConcurrentRequests)
    }
}

extension RetryPolicy {
    /// Enough attempts that a 20% fault rate cannot plausibly exhaust them, and no real waiting.
    static var fastForTests: RetryPolicy {
        RetryPolicy(maxAttempts: 12, baseDelay: .milliseconds(1), maxDelay: .milliseconds(5), sleep: { _ in await Task.yield() })
    }
}

/// A sleep that records what it was asked to wait and returns at once.
final class RecordingSleeper: Sendable {
    private let delays = Mutex<[Duration]>([])

    var recorded: [Duration] { delays.withLock { $0 } }

    var sleep: @Sendable (Duration) async throws -> Void {
        { [self] duration in
            delays.withLock { $0.append(duration) }
            try Task.checkCancellation()
        }
    }
}

/// Collects a sync's events until `finished`.
func collect(_ stream: AsyncStream<SyncEvent>) async -> [SyncEvent] {
    var events: [SyncEvent] = []
    for await event in stream { events.append(event) }
    return events
}

extension [SyncEvent] {
    var failures: [String: VendorError] {
        var failures: [String: VendorError] = [:]
        for case .accountFailed(let account, let error) in self { failures[account] = error }
        return failures
    }

    /// Accounts a sync could not confirm, with the tokens it kept unconfirmed.
    var unconfirmed: [String: Int] {
        var counts: [String: Int] = [:]
        for case .accountUnconfirmed(let account, let count) in self { counts[account] = count }
        return counts
    }

    var finishedCounts: [String: Int] {
        var counts: [String: Int] = [:]
        for case .accountFinished(let account, let count, _) in self { counts[account] = count }
        return counts
    }
}

/// A scratch directory removed when the test ends.
struct ScratchDirectory: ~Copyable {
    let path: String
    init() {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("tokendeck-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func file(_ name: String) -> String { path + "/" + name }
}
