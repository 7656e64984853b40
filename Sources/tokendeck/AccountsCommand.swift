import ArgumentParser
import Foundation
import TokenDeckCore
import TokenDeckSync

/// `tokendeck accounts`: each configured account and whether its credential works right now.
struct AccountsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accounts",
        abstract: "List the configured accounts, check each credential with one small request, and say when each last synced.",
        discussion: "Exit status: 0 when every credential works, 1 when any does not, 2 for a bad config.")

    @OptionGroup var common: CommonOptions

    func run() async throws {
        let configuration = try CommandSetup.loadConfiguration(common)
        guard !configuration.accounts.isEmpty else {
            Output.note("no accounts in \(configuration.path ?? "the configuration"); add [[accounts]] blocks")
            return
        }
        let transport = AsyncHTTPClientTransport()
        let checks = await Self.check(configuration.accounts, transport: transport)
        await transport.shutdown()

        let lastSyncs = await Self.lastSyncs(configuration.accounts, cachePath: common.cache ?? Configuration.defaultCachePath)
        let now = Date()
        let rows = configuration.accounts.enumerated().map { index, configured in
            [configured.account.name, configured.account.vendor.rawValue, configured.account.baseURL.absoluteString,
             checks[index].text, RelativeTime.describe(lastSyncs[configured.account.name], now: now),
             checks[index].rateLimit.map(Self.describe) ?? "—"]
        }
        let table = TextTable(columns: [
            TextTable.Column("NAME", minimumWidth: 8, shrinkOrder: 2),
            TextTable.Column("VENDOR", minimumWidth: 11, shrinkOrder: 3),
            TextTable.Column("BASE URL", minimumWidth: 12, shrinkOrder: 0),
            TextTable.Column("CREDENTIAL", minimumWidth: 12, shrinkOrder: 1),
            TextTable.Column("LAST SYNC", minimumWidth: 9, shrinkOrder: 4),
            TextTable.Column("RATE LIMIT", minimumWidth: 10, shrinkOrder: 5),
        ], rows: rows)
        // Never cut: a credential problem is only actionable when read whole, so long rows wrap instead.
        Output.write(table.render(width: Int.max / 2))
        if checks.contains(where: { !$0.works }) { throw ExitStatus.vendorError }
    }

    struct Check: Sendable {
        var works: Bool
        var text: String
        /// What the vendor's answer said of its rate limit, where it says anything.
        var rateLimit: RateLimitStatus? = nil
    }

    /// "42/100 left", "42 left", or "—" when the vendor reports nothing.
    static func describe(_ status: RateLimitStatus) -> String {
        status.remainingText ?? "—"
    }

    /// When each account last synced, from the cache when there is one (never created here:
    /// checking credentials leaves no file behind).
    static func lastSyncs(_ accounts: [ConfiguredAccount], cachePath: String) async -> [String: Date] {
        guard FileManager.default.fileExists(atPath: cachePath), let cache = try? TokenCache(path: cachePath) else { return [:] }
        var found: [String: Date] = [:]
        for configured in accounts {
            if let date = try? await cache.lastFetched(account: configured.account.name) { found[configured.account.name] = date }
        }
        return found
    }

    /// One check per account, all at once, in the accounts' order.
    static func check(_ accounts: [ConfiguredAccount], transport: any HTTPTransport) async -> [Check] {
        await withTaskGroup(of: (Int, Check).self) { group in
            for (index, configured) in accounts.enumerated() {
                group.addTask { (index, await check(configured, transport: transport)) }
            }
            var results = Array(repeating: Check(works: false, text: "not checked"), count: accounts.count)
            for await (index, check) in group { results[index] = check }
            return results
        }
    }

    /// Resolves the credential (so a missing one is named as such), then asks for one token.
    static func check(_ configured: ConfiguredAccount, transport: any HTTPTransport) async -> Check {
        let credential: String
        do {
            credential = try await CredentialResolver.resolve(configured.credential)
        } catch {
            return Check(works: false, text: error.description)
        }
        // A throwaway in-memory cache: checking credentials must not change what the cache holds.
        // The resolved value is handed over as a literal so a token_command runs once, not twice.
        let probe = ConfiguredAccount(account: configured.account, credential: .literal(credential))
        do {
            let service = TokenService(accounts: [probe], cache: try TokenCache.inMemory(), transport: transport, retry: RetryPolicy(maxAttempts: 2))
            _ = try await service.fetchPage(account: configured.account.name, query: TokenQuery(page: 1, pageSize: 1))
            return Check(works: true, text: "ok", rateLimit: await service.rateLimits.status(account: configured.account.name))
        } catch let error as VendorError {
            return Check(works: false, text: Self.describe(error), rateLimit: nil)
        } catch {
            return Check(works: false, text: "could not check: \(error)")
        }
    }

    /// "401 unauthorized: <vendor message>", "timed out …": short enough for one table cell.
    static func describe(_ error: VendorError) -> String {
        let message = error.message.replacingOccurrences(of: "\n", with: " ")
        guard let status = error.status else { return message }
        let reason: String = switch status {
        case 401: "unauthorized"
        case 403: "forbidden"
        case 404: "not found (check base_url)"
        case 429: "rate limited"
        case 500...599: "server error"
        default: "error"
        }
        return "\(status) \(reason): \(message)"
    }
}
