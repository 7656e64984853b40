import Foundation
import Testing

/// `tokendeck create` as a script runs it: the built binary, its exit status, stdout and stderr.
@Suite(.serialized) struct CreateCommandTests {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs the binary to completion with `environment` added to this process's own.
    static func tokendeck(_ arguments: [String], environment: [String: String] = [:]) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TmuxSession.binary)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Drain stderr concurrently so a chatty child cannot block on a full pipe.
        let errorData = ErrorDrain(errors.fileHandleForReading)
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: data, as: UTF8.self),
                   stderr: String(decoding: errorData.wait(), as: UTF8.self))
    }

    /// Reads a pipe to its end on another thread.
    final class ErrorDrain: @unchecked Sendable {
        private var data = Data()
        private let done = DispatchSemaphore(value: 0)
        init(_ handle: FileHandle) {
            Thread.detachNewThread { [self] in
                data = handle.readDataToEndOfFile()
                done.signal()
            }
        }
        func wait() -> Data {
            done.wait()
            return data
        }
    }

    /// A scratch directory with a config of one Provisionr and one Prefactor account on a loopback
    /// port nothing listens on: validation must fail before anything is sent.
    static func offlineConfig() throws -> (config: String, cache: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tokendeck-create-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let config = directory.appendingPathComponent("config.toml").path
        let text = """
            [[accounts]]
            name = "acme-prod"
            vendor = "provisionr"
            base_url = "http://127.0.0.1:9/provisionr/api/v1"
            token_env = "TOKENDECK_TEST_UNSET_TOKEN"
            service = "svc_123"

            [[accounts]]
            name = "pf"
            vendor = "prefactor"
            base_url = "http://127.0.0.1:9/prefactor"
            token_env = "TOKENDECK_TEST_UNSET_TOKEN"

            """
        FileManager.default.createFile(atPath: config, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
        return (config, directory.appendingPathComponent("cache.sqlite").path)
    }

    static func create(_ extra: [String], config: (config: String, cache: String)) throws -> Run {
        try tokendeck(["create", "--config", config.config, "--cache", config.cache] + extra)
    }

    // MARK: - Usage errors: exit 2, the field named

    @Test func aFiftySixCharacterNameExitsTwoNamingTheField() async throws {
        let run = try Self.create(["--account", "acme-prod", "--name", String(repeating: "n", count: 56), "--description", "d"],
                                  config: try Self.offlineConfig())
        #expect(run.status == 2)
        #expect(run.stderr.contains("tokendeck: --name: The name may not be longer than 55 characters (it has 56)."))
        #expect(run.stdout.isEmpty)
    }

    @Test func aMissingDescriptionAndABadExpiryAreBothNamed() async throws {
        let run = try Self.create(["--account", "acme-prod", "--name", "n", "--description", "  ", "--expires", "someday"],
                                  config: try Self.offlineConfig())
        #expect(run.status == 2)
        #expect(run.stderr.contains("--description: The description is required."))
        #expect(run.stderr.contains("--expires: Use a date"))
    }

    @Test func aPastExpiryIsRefused() async throws {
        let run = try Self.create(["--account", "acme-prod", "--name", "n", "--description", "d", "--expires", "2001-01-01"],
                                  config: try Self.offlineConfig())
        #expect(run.status == 2)
        #expect(run.stderr.contains("--expires: The expiry must be in the future."))
    }

    @Test func anUnknownAccountExitsTwo() async throws {
        let run = try Self.create(["--account", "nope", "--name", "n", "--description", "d"], config: try Self.offlineConfig())
        #expect(run.status == 2)
        #expect(run.stderr.contains("--account: no account named 'nope'"))
        #expect(run.stderr.contains("acme-prod"))
    }

    @Test func provisionrFlagsForAPrefactorAccountExitTwo() async throws {
        let run = try Self.create(["--account", "pf", "--name", "n", "--description", "d"], config: try Self.offlineConfig())
        #expect(run.status == 2)
        #expect(run.stderr.contains("'pf' is a prefactor account: --name, --description are not prefactor options"), "\(run.stderr)")
    }

    @Test func missingRequiredOptionsAndABadFormatExitTwo() async throws {
        let config = try Self.offlineConfig()
        #expect(try Self.create(["--account", "acme-prod", "--description", "d"], config: config).status == 2)
        #expect(try Self.create(["--account", "acme-prod", "--name", "n", "--description", "d", "--format", "xml"], config: config).status == 2)
    }

    @Test func anUnreachableVendorExitsOne() async throws {
        let config = try Self.offlineConfig()
        let run = try Self.tokendeck(
            ["create", "--config", config.config, "--cache", config.cache, "--account", "acme-prod", "--name", "n", "--description", "d"],
            environment: ["TOKENDECK_TEST_UNSET_TOKEN": "x"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("acme-prod"))
    }

    // MARK: - Against the sandbox

    @Test func createsATokenAtTheSandboxThatListThenShows() async throws {
        let sandbox = try SandboxProcess()
        defer { sandbox.stop() }
        let cache = sandbox.directory.appendingPathComponent("cache.sqlite").path
        let create = try Self.tokendeck(
            ["create", "--config", sandbox.config, "--cache", cache, "--account", "sandbox-provisionr",
             "--name", "CI deploy", "--description", "Token for the CI deploy job", "--expires", "30d", "--format", "json"],
            environment: sandbox.environment)
        #expect(create.status == 0, "stderr: \(create.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(create.stdout.utf8)) as? [String: Any]
        let id = try #require(object?["id"] as? String)
        #expect(object?["kind"] as? String == "svc_access")
        #expect(object?["title"] as? String == "Token for the CI deploy job")
        #expect(object?["account"] as? String == "sandbox-provisionr")
        #expect((object?["expires_at"] as? String)?.isEmpty == false)

        let list = try Self.tokendeck(
            ["list", "--config", sandbox.config, "--cache", cache, "--type", "svc_access", "--format", "json", "--all"],
            environment: sandbox.environment)
        #expect(list.status == 0, "stderr: \(list.stderr)")
        let listed = try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]] ?? []
        #expect(listed.contains { $0["id"] as? String == id && $0["account"] as? String == "sandbox-provisionr" })
    }

    @Test func theTableShowsIDTypeDescriptionAndExpiry() async throws {
        let sandbox = try SandboxProcess()
        defer { sandbox.stop() }
        let run = try Self.tokendeck(
            ["create", "--config", sandbox.config, "--cache", sandbox.directory.appendingPathComponent("c.sqlite").path,
             "--account", "sandbox-provisionr", "--service", "svc_other", "--name", "n", "--description", "Table check",
             "--expires", "2099-01-01"],
            environment: sandbox.environment.merging(["COLUMNS": "120"]) { $1 })
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let lines = run.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("ID") == true)
        #expect(lines.first?.contains("DESCRIPTION") == true)
        #expect(lines.count >= 2 && lines[1].contains("svc_access") && lines[1].contains("Table check") && lines[1].contains("2099-01-01T00:00:00Z"))
    }
}

/// A small sandbox (60 tokens) with its config in a scratch directory: `SeededSandbox` with the
/// defaults these command tests share.
final class SandboxProcess {
    let directory: URL
    let config: String
    private let sandbox: SeededSandbox
    /// The `export NAME=value` lines it printed, as an environment.
    var environment: [String: String] { sandbox.tokens }

    /// Where the sandbox writes a line (`METHOD PATH STATUS`) for every request it answers.
    var requestLog: String { directory.appendingPathComponent("requests.log").path }

    /// `extraArguments` go after the defaults (a later `--seed`, `--fault-rate` wins).
    init(extraArguments: [String] = []) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("tokendeck-sandbox-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        config = directory.appendingPathComponent("config.toml").path
        sandbox = try SeededSandbox(tokens: 60, config: config,
                                    extraArguments: ["--request-log", directory.appendingPathComponent("requests.log").path] + extraArguments)
    }

    /// The requests that reached the sandbox and change something (every POST and DELETE), in
    /// order, as the sandbox logged them: what was sent, counted by the vendor's side.
    func changingRequests() -> [String] {
        let text = (try? String(contentsOfFile: requestLog, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map(String.init).filter { $0.hasPrefix("POST ") || $0.hasPrefix("DELETE ") }
    }

    func stop() { sandbox.stop() }
}
