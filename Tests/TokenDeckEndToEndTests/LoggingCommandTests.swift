import Foundation
import Testing

/// The log file as the real binary writes it: under `$XDG_STATE_HOME`, mode 0600, at the level
/// `--log-level` or `TOKENDECK_LOG_LEVEL` asks for, secrets masked, and never on stdout or stderr.
@Suite("log file, end to end", .serialized)
struct LoggingCommandTests {
    typealias Run = CreateCommandTests.Run

    /// A fresh `XDG_STATE_HOME` and the log path under it.
    static func stateHome() throws -> (environment: [String: String], log: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tokendeck-state-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        // An empty TOKENDECK_LOG_LEVEL counts as unset, whatever the developer's shell exports.
        return (["XDG_STATE_HOME": directory, "TOKENDECK_LOG_LEVEL": ""], directory + "/tokendeck/tokendeck.log")
    }

    static func lines(_ path: String) -> [String] {
        String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self)
            .split(separator: "\n").map(String.init)
    }

    static func mode(_ path: String) throws -> Int {
        try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }

    /// A config whose one Provisionr account is on a loopback port nothing listens on, with the
    /// secret in its base URL too, so every request line the log writes would carry it.
    static func unreachableConfig(secret: String) throws -> (config: String, cache: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tokendeck-logcfg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let config = directory.appendingPathComponent("config.toml").path
        let text = """
            [[accounts]]
            name = "acme-prod"
            vendor = "provisionr"
            base_url = "http://127.0.0.1:9/\(secret)/api/v1"
            token_env = "TOKENDECK_TEST_LOG_TOKEN"

            """
        _ = FileManager.default.createFile(atPath: config, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
        return (config, directory.appendingPathComponent("cache.sqlite").path)
    }

    // MARK: - Where, who may read it, and never the terminal

    @Test func aDebugRunWritesRequestLinesToTheStateFileAndNothingToTheTerminal() async throws {
        let sandbox = try SandboxProcess()
        defer { sandbox.stop() }
        let state = try Self.stateHome()
        let run = try CreateCommandTests.tokendeck(
            ["list", "--config", sandbox.config, "--cache", sandbox.directory.appendingPathComponent("c.sqlite").path,
             "--all", "--format", "json", "--log-level", "debug"],
            environment: sandbox.environment.merging(state.environment) { $1 })
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(run.stderr.isEmpty, "stderr: \(run.stderr)")
        // Standard output is the JSON array and only that.
        let parsed = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]]
        #expect((parsed?.count ?? 0) > 0)
        #expect(!run.stdout.contains("tokendeck.sync"))

        let lines = Self.lines(state.log)
        let requests = lines.filter { $0.contains(" debug tokendeck.sync: GET http://127.0.0.1:") }
        for vendor in ["provisionr", "prefactor", "metokens", "truefoundry"] {
            #expect(requests.contains { $0.contains("/\(vendor)") && $0.hasSuffix("attempt=1 vendor=\(vendor)") }, "no request line for \(vendor)")
        }
        #expect(lines.allSatisfy { $0.range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (trace|debug|info|notice|warning|error|critical) "#, options: .regularExpression) != nil })
        #expect(try Self.mode(state.log) == 0o600)
        #expect(try Self.mode((state.log as NSString).deletingLastPathComponent) == 0o700)
        // The sandbox's bearer tokens were resolved and sent; none reached the log.
        for secret in sandbox.environment.values { #expect(!lines.joined().contains(secret)) }
    }

    @Test func atTheDefaultLevelASuccessfulRunWritesNoLog() async throws {
        let sandbox = try SandboxProcess()
        defer { sandbox.stop() }
        let state = try Self.stateHome()
        let run = try CreateCommandTests.tokendeck(
            ["list", "--config", sandbox.config, "--cache", sandbox.directory.appendingPathComponent("c.sqlite").path,
             "--all", "--format", "json"],
            environment: sandbox.environment.merging(state.environment) { $1 })
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: state.log))
    }

    // MARK: - Levels

    @Test func atInfoAnUnreachableVendorLogsTheFailureButNoRequestsAndMasksTheSecret() async throws {
        let secret = "log-secret-\(UUID().uuidString.prefix(8))"
        let config = try Self.unreachableConfig(secret: secret)
        let state = try Self.stateHome()
        let run = try CreateCommandTests.tokendeck(
            ["list", "--config", config.config, "--cache", config.cache, "--all", "--format", "json", "--log-level", "info"],
            environment: state.environment.merging(["TOKENDECK_TEST_LOG_TOKEN": secret]) { $1 })
        #expect(run.status == 1)
        let lines = Self.lines(state.log)
        // A refused connection is not retried: one failure at warning, and no debug request line.
        #expect(lines.count == 1)
        #expect(lines.first?.contains(" warning tokendeck.sync: GET http://127.0.0.1:9/") == true)
        #expect(lines.first?.hasSuffix("connection refused to 127.0.0.1:9 attempt=1 vendor=provisionr") == true)
        // The credential, registered when resolved, is masked wherever it appears.
        #expect(!lines.joined(separator: "\n").contains(secret))
        #expect(lines.first?.contains("http://127.0.0.1:9/‹redacted›/api/v1/workspace/tokens") == true)
        #expect(!run.stderr.contains("tokendeck.sync"))
        #expect(!run.stderr.contains(secret))
    }

    @Test func atInfoRetriesAreLoggedButNotRequests() async throws {
        // Every answer a fault (429 with Retry-After: 1, 500, 503, a cut body, or a slow one).
        let sandbox = try SandboxProcess(extraArguments: ["--fault-rate", "1", "--seed", "7"])
        defer { sandbox.stop() }
        let state = try Self.stateHome()
        _ = try CreateCommandTests.tokendeck(
            ["list", "--config", sandbox.config, "--cache", sandbox.directory.appendingPathComponent("c.sqlite").path,
             "--account", "sandbox-metokens", "--format", "json", "--log-level", "info"],
            environment: sandbox.environment.merging(state.environment) { $1 })
        let lines = Self.lines(state.log)
        let retries = lines.filter { $0.contains(" info tokendeck.sync: retrying GET http://127.0.0.1:") && $0.contains("/metokens/") }
        #expect(!retries.isEmpty, "log: \(lines)")
        #expect(retries.allSatisfy { $0.hasSuffix("vendor=metokens") })
        #expect(lines.allSatisfy { $0.contains(" info ") || $0.contains(" warning ") }, "log: \(lines)")
    }

    @Test func theFlagWinsOverTheVariable() async throws {
        let config = try Self.unreachableConfig(secret: "not-a-secret-path")
        let state = try Self.stateHome()
        let run = try CreateCommandTests.tokendeck(
            ["list", "--config", config.config, "--cache", config.cache, "--all", "--format", "json", "--log-level", "error"],
            environment: state.environment.merging(["TOKENDECK_TEST_LOG_TOKEN": "abcd1234", "TOKENDECK_LOG_LEVEL": "debug"]) { $1 })
        #expect(run.status == 1)
        // The failure is a warning: below `error`, so no file at all.
        #expect(!FileManager.default.fileExists(atPath: state.log))
    }

    @Test func theVariableSetsTheLevelWithoutAFlag() async throws {
        let config = try Self.unreachableConfig(secret: "not-a-secret-path")
        let state = try Self.stateHome()
        let run = try CreateCommandTests.tokendeck(
            ["list", "--config", config.config, "--cache", config.cache, "--all", "--format", "json"],
            environment: state.environment.merging(["TOKENDECK_TEST_LOG_TOKEN": "abcd1234", "TOKENDECK_LOG_LEVEL": "DEBUG"]) { $1 })
        #expect(run.status == 1)
        let lines = Self.lines(state.log)
        #expect(lines.filter { $0.contains(" debug tokendeck.sync: GET http://127.0.0.1:9/") }.count == 1)
        #expect(lines.filter { $0.contains(" warning tokendeck.sync: GET http://127.0.0.1:9/") }.count == 1)
    }

    // MARK: - Bad values: exit 2, named

    @Test func aBadVariableExitsTwoNamingItAndItsValue() throws {
        let state = try Self.stateHome()
        let run = try CreateCommandTests.tokendeck(["themes"], environment: state.environment.merging(["TOKENDECK_LOG_LEVEL": "loud"]) { $1 })
        #expect(run.status == 2)
        #expect(run.stderr == "tokendeck: TOKENDECK_LOG_LEVEL: 'loud' is not one of trace, debug, info, notice, warning, error, critical\n")
        #expect(run.stdout.isEmpty)
    }

    @Test func aBadFlagExitsTwoNamingIt() throws {
        let state = try Self.stateHome()
        let run = try CreateCommandTests.tokendeck(["themes", "--log-level", "verbose"], environment: state.environment)
        #expect(run.status == 2)
        #expect(run.stderr.contains("--log-level"))
        #expect(run.stderr.contains("'verbose'"))
        #expect(run.stdout.isEmpty)
    }

    // MARK: - The dashboard

    @Test func theDashboardLogsToTheFileNeverToTheScreen() async throws {
        let state = try Self.stateHome()
        let directory = state.environment["XDG_STATE_HOME"] ?? ""
        let session = try TmuxSession(
            "XDG_STATE_HOME=\(TmuxSession.shellQuoted(directory)) " + TmuxSession.dashboardCommand("--demo --log-level debug"))
        defer { session.kill() }
        let screen = try await session.waitUntil("the demo synced", timeout: 40) { DashboardEndToEndTests.isSynced($0) }
        #expect(!screen.contains("tokendeck.sync"))
        #expect(!screen.contains("GET http"))
        let requests = Self.lines(state.log).filter { $0.contains(" debug tokendeck.sync: GET http://127.0.0.1:") }
        #expect(requests.count >= 4)
        #expect(try Self.mode(state.log) == 0o600)
    }
}
