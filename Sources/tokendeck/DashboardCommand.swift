import ArgumentParser
import Foundation
import Logging
import TokenDeckCore
import TokenDeckSync
import TokenDeckTerminal
import TokenDeckUI

/// `tokendeck` / `tokendeck --demo`: the dashboard. With no config file it runs the demo on
/// the embedded sandbox.
struct DashboardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard",
        abstract: "Browse every configured account's tokens (the default command).",
        discussion: "Without a config file this opens the demo on an embedded sandbox with generated tokens."
    )

    @Flag(name: .long, help: "Open the dashboard on the embedded sandbox with generated data, whatever the config says.")
    var demo = false

    @Option(parsing: .unconditional, help: ArgumentHelp("With the demo: changes per second to the embedded sandbox's data (create, delete, trash, revoke); 0 keeps it still.", valueName: "rate"))
    var churn = 0.0

    @Flag(help: "With the demo: the embedded sandbox answers gzip-compressed, as `tokendeck sandbox --gzip`.")
    var gzip = false

    @OptionGroup var common: CommonOptions

    func validate() throws {
        guard churn.isFinite, churn >= 0 else {
            throw ValidationError("--churn must be a non-negative number of changes per second, got \(churn).")
        }
    }

    func run() async throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            printError("the dashboard needs a terminal; use `tokendeck list` for scripts")
            throw ExitStatus.usage
        }
        let configuration: Configuration?
        do {
            configuration = try Configuration.load(path: common.config)
        } catch {
            printError(error.description)
            throw ExitStatus.usage
        }
        // The risk view applies the policy `tokendeck audit` does, found the same way; a bad file
        // is a usage error naming file:line, as it is there.
        let policy: AuditPolicy
        do {
            policy = try AuditPolicy.load(path: nil)
        } catch {
            printError(error.description)
            throw ExitStatus.usage
        }
        let (theme, themeNotice): (Theme, String?)
        do {
            (theme, themeNotice) = try loadTheme(configuration: configuration)
        } catch {
            printError(error.message)
            throw ExitStatus.usage
        }
        // Log lines (the embedded sandbox's server, the sync engine) go to the log file that
        // `Main` set up, never over the screen; the dashboard reports through its status bar.

        let backend: DashboardBackend
        do {
            if !demo, let configuration {
                backend = try DashboardBackend.configured(configuration, cachePath: common.cache ?? Configuration.defaultCachePath)
            } else {
                backend = try await DashboardBackend.demo(churnRate: churn, gzip: gzip)
            }
        } catch {
            printError("cannot start the dashboard: \(error)")
            throw ExitStatus.usage
        }
        // Said before the screen takes over, where the person can still read it.
        for notice in backend.cache.notices { printError(notice) }

        let transport = AsyncHTTPClientTransport()
        // The demo's actions and creates hit the embedded sandbox's made-up tokens: they stay out
        // of the user's audit trail.
        let service = TokenService(accounts: backend.accounts, cache: backend.cache, transport: transport,
                                   actionLog: backend.isDemo ? nil : ActionLog(path: Configuration.defaultActionsLogPath))
        let cachePath = common.cache ?? Configuration.defaultCachePath
        let sync = DashboardSync(service: service, accountNames: backend.accounts.map(\.account.name), cache: backend.cache,
                                 lastOpened: backend.isDemo ? nil : (LastOpened(), (cachePath as NSString).standardizingPath))
        let readOnly = ReadOnlyPolicy.isReadOnly(configuration: configuration, flag: common.readOnly)
        var state = AppState(
            accounts: backend.accounts.map {
                AccountInfo(name: $0.account.name, vendor: $0.account.vendor,
                            canCreate: !readOnly && $0.account.vendor.documentsTokenCreation, service: $0.account.service,
                            accountID: $0.account.accountID)
            },
            pageSize: configuration?.pageSize ?? Configuration.defaultPageSize,
            demo: backend.isDemo,
            readOnly: readOnly,
            now: Date()
        )
        state.policy = policy
        state.readOnlyCause = ReadOnlyPolicy.cause(configuration: configuration, flag: common.readOnly)
        let themePaths = ThemeLoader.defaultSearchPaths(executablePath: Self.executablePath())
        state.themeNames = ThemeLoader.available(searchPaths: themePaths)
        let environment = ProcessInfo.processInfo.environment
        let loadTheme: DashboardRunner.ThemeLoading = { name in
            do {
                return .success(try ThemeLoader.load(name, searchPaths: themePaths, environment: environment))
            } catch {
                return .failure(ThemeLoadFailure(message: "\(error)"))
            }
        }

        let runner = DashboardRunner(state: state, theme: theme, loadTheme: loadTheme, services: sync)
        let start = Task { await sync.start(send: runner.send) }
        var failure: (any Error)?
        do {
            try await runner.run()
        } catch {
            failure = error
        }
        start.cancel()
        await sync.stop()
        await transport.shutdown()
        await backend.shutdown()
        // The alternate screen took anything said before it; say it where it stays.
        if let themeNotice { printError(themeNotice) }
        if let failure {
            printError("\(failure)")
            throw ExitStatus.usage
        }
    }

    /// `--theme`, else the config's theme, else "default". A theme asked for by name that cannot
    /// be loaded is a usage error naming where it was asked for; the implicit default falls back
    /// to the built-in one with a notice (an install without theme files still runs).
    private func loadTheme(configuration: Configuration?) throws(ThemeChoiceError) -> (Theme, String?) {
        let paths = ThemeLoader.defaultSearchPaths(executablePath: Self.executablePath())
        let environment = ProcessInfo.processInfo.environment
        let requested: (name: String, source: String)?
        if let flag = common.theme {
            requested = (flag, "--theme")
        } else if let configured = configuration?.theme {
            requested = (configured, "\(configuration?.path ?? "config"): theme")
        } else {
            requested = nil
        }
        do {
            return (try ThemeLoader.load(requested?.name ?? "default", searchPaths: paths, environment: environment), nil)
        } catch {
            guard let requested else {
                return (Theme.builtInDefault, "theme default: \(error); using the built-in default")
            }
            throw ThemeChoiceError(message: "\(requested.source): \(error)")
        }
    }

    /// The binary's absolute path as it was started (found on PATH for a bare name), so
    /// themes installed beside it are found.
    static func executablePath() -> String {
        let invoked = CommandLine.arguments.first ?? "tokendeck"
        var url: URL
        if invoked.contains("/") {
            url = URL(fileURLWithPath: invoked, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
        } else if let found = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":")
            .map({ URL(fileURLWithPath: String($0)).appendingPathComponent(invoked) })
            .first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) {
            url = found
        } else {
            url = URL(fileURLWithPath: "/proc/self/exe")
        }
        // Not resolved: ThemeLoader looks beside the path as invoked and beside its target.
        return url.standardizedFileURL.path
    }
}

/// A theme named on the command line or in the config that cannot be used.
struct ThemeChoiceError: Error {
    var message: String
}
