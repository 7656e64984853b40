import Foundation
import Testing

/// Input from people: every flag of `list`, `create`, `sandbox` and the dashboard, and every
/// config key, given a bad value, makes the real binary exit 2 with a message naming the flag or
/// key, print nothing on stdout, and show no stack trace.
@Suite("Bad input from people", .serialized)
struct BadInputTests {
    /// A scratch directory with a valid, private config on a loopback port nothing listens on,
    /// and the XDG directories pointed inside it.
    struct Scratch {
        let directory: URL
        var config: String { directory.appendingPathComponent("config.toml").path }
        var environment: [String: String] {
            ["XDG_CONFIG_HOME": directory.appendingPathComponent("config").path,
             "XDG_CACHE_HOME": directory.appendingPathComponent("cache").path,
             "XDG_STATE_HOME": directory.appendingPathComponent("state").path]
        }

        init() throws {
            directory = FileManager.default.temporaryDirectory.appendingPathComponent("tokendeck-badinput-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try write(Self.validConfig, to: "config.toml")
        }

        @discardableResult
        func write(_ text: String, to name: String) throws -> String {
            let path = directory.appendingPathComponent(name).path
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
            return path
        }

        static let validConfig = account(name: "acme-prod", vendor: "provisionr", extra: "service = \"svc_123\"\n")

        static func account(name: String = "a", vendor: String = "provisionr",
                            baseURL: String = "\"http://127.0.0.1:9/api\"", credential: String = "token_env = \"TOKENDECK_TEST_UNSET\"\n",
                            extra: String = "") -> String {
            "[[accounts]]\nname = \"\(name)\"\nvendor = \"\(vendor)\"\nbase_url = \(baseURL)\n\(credential)\(extra)"
        }
    }

    /// What a stack trace or a crash report would leave in the output.
    static let crashMarkers = ["Fatal error", "Stack dump", "Backtrace", "backtrace", "Program crashed", "Thread 0", "Assertion", "0x0000", ".swift:"]

    static func expectUsageError(_ run: CreateCommandTests.Run, naming fragment: String, _ arguments: [String],
                                 sourceLocation: SourceLocation = #_sourceLocation) {
        let shown = arguments.joined(separator: " ")
        #expect(run.status == 2, "`tokendeck \(shown)` exited \(run.status): \(run.stderr)", sourceLocation: sourceLocation)
        #expect(run.stderr.contains(fragment), "`tokendeck \(shown)` did not name \(fragment): \(run.stderr)", sourceLocation: sourceLocation)
        #expect(run.stdout.isEmpty, "`tokendeck \(shown)` printed on stdout: \(run.stdout)", sourceLocation: sourceLocation)
        for marker in crashMarkers {
            #expect(!run.stderr.contains(marker), "`tokendeck \(shown)` showed \(marker): \(run.stderr)", sourceLocation: sourceLocation)
        }
    }

    // MARK: - Flags

    static let create = ["create", "--account", "acme-prod", "--name", "n", "--description", "d"]

    /// (arguments after the config, what the message must name)
    static let flagCases: [([String], String)] = [
        (["list", "--page", "0"], "--page"),
        (["list", "--page", "-3"], "--page"),
        (["list", "--page", "two"], "--page"),
        (["list", "--page-size", "0"], "--page-size"),
        (["list", "--page-size", "1001"], "--page-size"),
        (["list", "--page-size", "lots"], "--page-size"),
        (["list", "--format", "xml"], "--format"),
        (["list", "--trashed", "maybe"], "--trashed"),
        (["list", "--status", "dormant"], "--status"),
        (["list", "--vendor", "acme"], "--vendor"),
        (["list", "--account", "nope"], "--account"),
        (["list", "--export", "tokens.txt"], "--export"),
        (["list", "--type"], "--type"),
        (["list", "--search"], "--search"),
        (["list", "--log-level", "loud"], "--log-level"),
        (["list", "--cache"], "--cache"),
        (["list", "--no-such-flag"], "--no-such-flag"),
        (["list", "--all", "surplus-argument"], "surplus-argument"),
        (create + ["--expires", "tomorrow"], "expires"),
        (create + ["--expires", "2001-01-01"], "expires"),
        (create + ["--format", "xml"], "--format"),
        (["create", "--name", "n", "--description", "d"], "--account"),
        (["create", "--account", "acme-prod", "--description", "d"], "--name"),
        (["create", "--account", "acme-prod", "--name", "n"], "--description"),
        (["create", "--account", "nope", "--name", "n", "--description", "d"], "--account"),
        (["create", "--account", "acme-prod", "--name", String(repeating: "n", count: 56), "--description", "d"], "name"),
        (["create", "--account", "acme-prod", "--name", "", "--description", "d"], "name"),
        (["sandbox", "--port", "70000"], "--port"),
        (["sandbox", "--port", "-1"], "--port"),
        (["sandbox", "--port", "http"], "--port"),
        (["sandbox", "--tokens", "-5"], "--tokens"),
        (["sandbox", "--latency", "-1"], "--latency"),
        (["sandbox", "--fault-rate", "2"], "--fault-rate"),
        (["sandbox", "--fault-rate", "-0.5"], "--fault-rate"),
        (["sandbox", "--fault-rate", "nan"], "--fault-rate"),
        (["sandbox", "--churn", "-1"], "--churn"),
        (["sandbox", "--churn", "abc"], "--churn"),
        (["sandbox", "--churn", "inf"], "--churn"),
        (["--demo", "--churn", "-1"], "--churn"),
        (["--demo", "--churn", "abc"], "--churn"),
        (["sandbox", "--seed", "-1"], "--seed"),
        (["sandbox", "--host", ""], "--host"),
        (["sandbox", "--write-config", ""], "--write-config"),
        (["sandbox", "--write-config", "/dev/null/tokendeck/config.toml", "--tokens", "0"], "--write-config"),
        (["--log-level", "loud"], "--log-level"),
        (["--no-such-flag"], "--no-such-flag"),
        (["dashboard", "--cache"], "--cache"),
        (["--demo=yes"], "--demo"),
    ]

    @Test("A bad flag value exits 2 naming the flag", arguments: flagCases)
    func badFlag(arguments: [String], naming fragment: String) throws {
        let scratch = try Scratch()
        // `--config` first where the command takes it, so no command falls back to a default file.
        let full = arguments.first == "sandbox" ? arguments : [arguments[0], "--config", scratch.config] + arguments.dropFirst()
        let run = try CreateCommandTests.tokendeck(full.first?.hasPrefix("-") == true ? arguments : full, environment: scratch.environment)
        Self.expectUsageError(run, naming: fragment, arguments)
    }

    @Test("A config path that does not exist is named, for every command that reads one", arguments: ["list", "create", "accounts"])
    func missingConfigFile(command: String) throws {
        let scratch = try Scratch()
        let missing = scratch.directory.appendingPathComponent("nope.toml").path
        var arguments = [command, "--config", missing]
        if command == "create" { arguments += ["--account", "a", "--name", "n", "--description", "d"] }
        Self.expectUsageError(try CreateCommandTests.tokendeck(arguments, environment: scratch.environment), naming: missing, arguments)
    }

    // MARK: - Config keys

    typealias Account = Scratch

    /// (config text, what the message must name)
    static let configCases: [(String, String)] = [
        ("theme = 5\n", "theme"),
        ("page_size = 0\n", "page_size"),
        ("page_size = 1001\n", "page_size"),
        ("page_size = \"big\"\n", "page_size"),
        ("read_only = \"yes\"\n", "read_only"),
        ("colour = \"red\"\n", "colour"),
        ("accounts = \"x\"\n", "accounts"),
        ("[[acounts]]\nname = \"a\"\n", "acounts"),
        ("page_size = = 3\n", "config.toml:1:"),
        ("[!]\n", "table header"),
        ("[[ \u{202E}accounts]]\n", "U+202E"),
        (Account.account(name: ""), "accounts[1].name"),
        (Account.account(vendor: "acme"), "accounts[1].vendor"),
        (Account.account(baseURL: "5"), "accounts[1].base_url"),
        (Account.account(baseURL: "\"ftp://127.0.0.1/x\""), "accounts[1].base_url"),
        (Account.account(baseURL: "\"http://example.com/x\""), "accounts[1].base_url"),
        (Account.account(baseURL: "\"https://user:pw@example.com/x\""), "accounts[1].base_url"),
        (Account.account(credential: "token_env = \"\"\n"), "accounts[1].token_env"),
        (Account.account(credential: "token_env = \"not a variable\"\n"), "accounts[1].token_env"),
        (Account.account(credential: "token_command = \"\"\n"), "accounts[1].token_command"),
        (Account.account(credential: "token_command = []\n"), "accounts[1].token_command"),
        (Account.account(credential: "token_command = \"pass 'open\"\n"), "accounts[1].token_command"),
        (Account.account(credential: "token_env = \"X\"\ntoken_command = \"x\"\n"), "accounts[1].token_command"),
        (Account.account(credential: ""), "token_env"),
        (Account.account(credential: "tokn_env = \"X\"\n"), "accounts[1].tokn_env"),
        (Account.account(extra: "service = \"\"\n"), "accounts[1].service"),
        (Account.account(vendor: "prefactor", extra: "service = \"svc\"\n"), "accounts[1].service"),
        (Account.account(vendor: "prefactor", extra: "account_id = 5\n"), "accounts[1].account_id"),
        (Account.account() + Account.account(), "accounts[2].name"),
        ("[[accounts]]\nvendor = \"provisionr\"\nbase_url = \"http://127.0.0.1:9/x\"\ntoken_env = \"X\"\n", "accounts[1].name"),
    ]

    @Test("A bad config key or value exits 2 naming the key, for list and create", arguments: configCases)
    func badConfig(text: String, naming fragment: String) throws {
        let scratch = try Scratch()
        let config = try scratch.write(text, to: "config.toml")
        for arguments in [["list", "--config", config], ["create", "--config", config, "--account", "a", "--name", "n", "--description", "d"]] {
            Self.expectUsageError(try CreateCommandTests.tokendeck(arguments, environment: scratch.environment), naming: fragment, arguments)
        }
    }

    @Test("A config file that is not UTF-8 is refused, naming the file")
    func nonUTF8Config() throws {
        let scratch = try Scratch()
        let config = scratch.directory.appendingPathComponent("config.toml")
        try Data([0x74, 0x68, 0x65, 0x6D, 0x65, 0x20, 0x3D, 0x20, 0x22, 0xFF, 0xFE, 0x22, 0x0A]).write(to: config)
        let arguments = ["list", "--config", config.path]
        Self.expectUsageError(try CreateCommandTests.tokendeck(arguments, environment: scratch.environment), naming: "UTF-8", arguments)
    }

    // MARK: - The dashboard, in a terminal

    /// The dashboard checks its config only once it has a terminal, so these run in tmux. The
    /// pane's shell prints the exit status and then waits on `cat`, so the pane (and what the
    /// program said) outlives the program however fast it exits.
    static func dashboardSession(_ arguments: String, environment: [String: String]) throws -> TmuxSession {
        let assignments = environment.map { "\($0.key)=\(TmuxSession.shellQuoted($0.value))" }.joined(separator: " ")
        return try TmuxSession("\(assignments) \(TmuxSession.dashboardCommand(arguments)); echo \"[exit=$?]\"; exec cat",
                               width: 200, height: 20)
    }

    /// Polls until the shell printed the program's exit status; returns it and the pane's text
    /// (-J joins the rows a long message wrapped over).
    static func waitForExit(_ session: TmuxSession) async throws -> (status: Int?, screen: String) {
        let screen = try await session.waitUntil("the dashboard to exit", timeout: 15) { $0.contains("[exit=") }
        let joined = try TmuxSession.tmux(["capture-pane", "-p", "-J", "-t", session.name])
        guard let range = screen.range(of: #"\[exit=(\d+)\]"#, options: .regularExpression) else { return (nil, joined) }
        return (Int(screen[range].filter(\.isNumber)), joined)
    }

    @Test("The dashboard with a bad config exits 2 naming the key, and leaves the terminal as it was", arguments: [
        ("page_size = 0\n", "page_size"),
        (Scratch.account(vendor: "acme"), "accounts[1].vendor"),
        ("[!]\n", "table header"),
    ])
    func dashboardBadConfig(text: String, naming fragment: String) async throws {
        let scratch = try Scratch()
        let config = try scratch.write(text, to: "config.toml")
        let session = try Self.dashboardSession("--config \(TmuxSession.shellQuoted(config))", environment: scratch.environment)
        defer { session.kill() }
        let (status, screen) = try await Self.waitForExit(session)
        #expect(status == 2, "screen:\n\(screen)")
        #expect(screen.contains(fragment), "the message does not name \(fragment):\n\(screen)")
        for marker in Self.crashMarkers { #expect(!screen.contains(marker), "\(marker) on screen:\n\(screen)") }
        #expect(try session.paneValue("#{alternate_on}") == "0", "left in the alternate screen")
    }

    @Test("The dashboard with a config path that does not exist exits 2 naming it")
    func dashboardMissingConfig() async throws {
        let scratch = try Scratch()
        let missing = scratch.directory.appendingPathComponent("nope.toml").path
        let session = try Self.dashboardSession("--config \(TmuxSession.shellQuoted(missing))", environment: scratch.environment)
        defer { session.kill() }
        let (status, screen) = try await Self.waitForExit(session)
        #expect(status == 2, "screen:\n\(screen)")
        #expect(screen.contains(missing), "the path is not named:\n\(screen)")
    }
}
