import ArgumentParser
import Foundation
import TokenDeckCore
import TokenDeckSync

/// `tokendeck audit`: every token of the selected accounts checked against a policy, for cron and CI.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Check every token against a policy and print the violations.",
        discussion: """
            Syncs the selected accounts first (as list --all does), or reads the cache with --offline, and \
            checks every token not trashed or revoked against the policy: --policy FILE, else \
            $XDG_CONFIG_HOME/tokendeck/policy.toml, else the built-in one (max_lifetime_days = 365, \
            max_unused_days = 45, max_stale_days = 90, require_expiry = true, warn_before_expiry_days = 30). \
            Overrides per vendor ([vendors.NAME]) and per account ([accounts.NAME]); exceptions by token id \
            ([[exceptions]] id, account, reason, until), an ended exception being itself a violation. \
            Exit status: 0 no violations, 1 a vendor or network error (the other accounts are still checked), \
            2 bad usage, config or policy, 4 violations found.
            """)

    @Option(help: ArgumentHelp("The policy file (default: $XDG_CONFIG_HOME/tokendeck/policy.toml, else the built-in policy).",
                               valueName: "path"), completion: .file(extensions: ["toml"]))
    var policy: String?

    @Option(help: "Only this configured account.")
    var account: String?

    @Option(help: "Only accounts at this vendor (\(Vendor.allCases.map(\.rawValue).joined(separator: ", "))).",
            completion: .list(Vendor.allCases.map(\.rawValue)))
    var vendor: String?

    @Flag(help: "Check the cache only; never touch the network.")
    var offline = false

    @Flag(help: "Print the counts instead: rule × account, with totals, biggest first.")
    var summary = false

    @Option(help: "Output format: table, json, ndjson or csv.", completion: .list(AuditOutput.Format.allCases.map(\.rawValue)))
    var format: String = AuditOutput.Format.table.rawValue

    @OptionGroup var common: CommonOptions

    /// Violations found: distinct from a failure, so a cron job or CI step can tell them apart.
    static let violationsFound = ExitCode(4)

    func validate() throws {
        if let vendor, Vendor(rawValue: vendor) == nil {
            throw ValidationError("--vendor: '\(vendor)' is not one of \(Vendor.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if AuditOutput.Format(rawValue: format) == nil {
            throw ValidationError("--format: '\(format)' is not one of table, json, ndjson, csv")
        }
    }

    func run() async throws {
        let configuration = try CommandSetup.loadConfiguration(common)
        let rules: AuditPolicy
        do {
            rules = try AuditPolicy.load(path: policy)
        } catch {
            printError(error.description)
            throw ExitStatus.usage
        }
        let selected = try CommandSetup.selectAccounts(configuration, account: account, vendor: vendor)
        let cache = try CommandSetup.openCache(common)
        let transport = AsyncHTTPClientTransport()
        let service = TokenService(accounts: configuration.accounts, cache: cache, transport: transport)
        let now = Date()

        // A sync as `list --all` runs it (its warnings and failures), the cache read after.
        var outcome = ListOutcome()
        if offline {
            outcome.readyAccounts = Set(selected.map(\.account.name))
        } else {
            outcome = await ListCommand.syncedListing(service: service, accounts: selected, query: TokenQuery(trashed: .with),
                                                      now: now, reading: false)
        }
        await transport.shutdown()

        var violations: [PolicyViolation] = []
        var checked = 0
        for configured in selected where outcome.readyAccounts.contains(configured.account.name) {
            let name = configured.account.name
            do {
                let tokens = try await service.cachedTokensOrError(account: name, withRawJSON: false)
                checked += tokens.count { rules.checks($0, now: now) }
                violations += rules.violations(of: tokens, now: now)
                if offline, await service.lastFetched(account: name) == nil {
                    Output.note("\(name): nothing cached yet; run without --offline first")
                }
            } catch {
                outcome.failures.append((name, ListCommand.cacheFailure(error, account: configured)))
            }
        }
        let chosen = AuditOutput.Format(rawValue: format) ?? .table
        if summary {
            let matrix = RiskMatrix(violations, accountOrder: selected.map(\.account.name))
            Output.write(AuditOutput.render(matrix, format: chosen, width: TerminalWidth.current()))
        } else {
            Output.write(AuditOutput.render(violations, format: chosen, width: TerminalWidth.current()))
        }
        for (account, error) in outcome.failures(in: selected) {
            Output.note("\(account): \(Sanitizer.sanitize(error.description))")
        }
        let source = rules.path.map { "policy \($0)" } ?? "the built-in policy"
        let affected = Set(violations.map { [$0.token.account, $0.token.id] }).count
        Output.note("\(violations.count) violation\(violations.count == 1 ? "" : "s") in \(affected) of \(checked) tokens (\(source))")
        if !outcome.failures.isEmpty { throw ExitStatus.vendorError }
        if !violations.isEmpty { throw Self.violationsFound }
    }
}
