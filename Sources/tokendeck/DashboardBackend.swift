import Foundation
import TokenDeckCore
import TokenDeckSandbox
import TokenDeckSync

/// What the dashboard reads from: the user's accounts and cache, or, for the demo, the
/// embedded sandbox with a cache that vanishes with the process (the user's real cache
/// never sees demo data).
struct DashboardBackend {
    static let demoTokenCount = 3000
    static let demoSeed: UInt64 = 42
    static let demoService = "svc_demo"

    var accounts: [ConfiguredAccount]
    var cache: TokenCache
    var isDemo: Bool
    /// Running only for the demo; stopped by `shutdown()`.
    var sandbox: RunningSandbox?

    /// The sandbox on a free loopback port and one account per vendor on it; `churnRate`
    /// changes its data under the dashboard (events per second); `gzip` has it answer compressed.
    static func demo(churnRate: Double = 0, gzip: Bool = false) async throws -> DashboardBackend {
        let sandbox = try await Sandbox.start(SandboxConfiguration(host: "127.0.0.1", port: 0, tokens: demoTokenCount,
                                                                   seed: demoSeed, churnRate: churnRate, gzip: gzip))
        var accounts: [ConfiguredAccount] = []
        for sandboxVendor in SandboxVendor.allCases {
            guard let vendor = Vendor(rawValue: sandboxVendor.rawValue) else { continue }
            // The demo's Provisionr account has a service, so `c` opens a form ready for a name.
            let account = Account(name: demoAccountName(vendor), vendor: vendor, baseURL: sandbox.baseURL(for: sandboxVendor),
                                  service: vendor == .provisionr ? demoService : nil)
            accounts.append(ConfiguredAccount(account: account, credential: .literal(sandboxVendor.bearerToken)))
        }
        return DashboardBackend(accounts: accounts, cache: try TokenCache.inMemory(), isDemo: true, sandbox: sandbox)
    }

    static func configured(_ configuration: Configuration, cachePath: String) throws -> DashboardBackend {
        DashboardBackend(accounts: configuration.accounts, cache: try TokenCache(path: cachePath), isDemo: false, sandbox: nil)
    }

    /// Demo accounts are named after their vendor so the sidebar says what each one is.
    static func demoAccountName(_ vendor: Vendor) -> String { "demo-\(vendor.rawValue)" }

    func shutdown() async {
        await sandbox?.stop()
    }
}
