import Foundation
import Testing

/// Read-only mode on the command line: `tokendeck create` refuses, exit 2, naming what turned it
/// on, before anything is validated or sent.
@Suite("read-only mode, end to end", .serialized)
struct ReadOnlyCommandTests {
    static let validCreate = ["--account", "acme-prod", "--name", "n", "--description", "d"]
    /// The offline config's account would be tried with this set: exit 1 if anything were sent.
    static let credential = ["TOKENDECK_TEST_UNSET_TOKEN": "abcd1234"]

    /// `offlineConfig`'s accounts with `read_only = true` on top.
    static func readOnlyConfig() throws -> (config: String, cache: String) {
        let config = try CreateCommandTests.offlineConfig()
        let text = String(decoding: FileManager.default.contents(atPath: config.config) ?? Data(), as: UTF8.self)
        _ = FileManager.default.createFile(atPath: config.config, contents: Data(("read_only = true\n\n" + text).utf8),
                                       attributes: [.posixPermissions: 0o600])
        return config
    }

    static func create(_ extra: [String], config: (config: String, cache: String)) throws -> CreateCommandTests.Run {
        try CreateCommandTests.tokendeck(["create", "--config", config.config, "--cache", config.cache] + extra,
                                         environment: credential)
    }

    @Test func theFlagRefusesWithExitTwoNamingIt() throws {
        let run = try Self.create(Self.validCreate + ["--read-only"], config: try CreateCommandTests.offlineConfig())
        #expect(run.status == 2)
        #expect(run.stderr == "tokendeck: read-only mode: creation is disabled (--read-only)\n")
        #expect(run.stdout.isEmpty)
    }

    @Test func theConfigSettingRefusesNamingTheFile() throws {
        let config = try Self.readOnlyConfig()
        let run = try Self.create(Self.validCreate, config: config)
        #expect(run.status == 2)
        #expect(run.stderr == "tokendeck: read-only mode: creation is disabled (read_only = true in \(config.config))\n")
        #expect(run.stdout.isEmpty)
    }

    @Test func bothCausesAreNamed() throws {
        let config = try Self.readOnlyConfig()
        let run = try Self.create(Self.validCreate + ["--read-only"], config: config)
        #expect(run.status == 2)
        #expect(run.stderr == "tokendeck: read-only mode: creation is disabled (read_only = true in \(config.config) and --read-only)\n")
    }

    @Test func theRefusalComesBeforeTheDraftIsChecked() throws {
        // A 56-character name would be refused for its length; read-only is said first, and only it.
        let run = try Self.create(["--account", "acme-prod", "--name", String(repeating: "n", count: 56), "--description", "d", "--read-only"],
                                  config: try CreateCommandTests.offlineConfig())
        #expect(run.status == 2)
        #expect(run.stderr == "tokendeck: read-only mode: creation is disabled (--read-only)\n")
    }

    @Test func theFlagRefusesEvenWithoutAConfigFile() throws {
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("tokendeck-none-\(UUID().uuidString)/config.toml").path
        let run = try CreateCommandTests.tokendeck(["create", "--config", missing] + Self.validCreate + ["--read-only"])
        #expect(run.status == 2)
        #expect(run.stderr == "tokendeck: read-only mode: creation is disabled (--read-only)\n")
    }

    @Test func readOnlyFalseStillCreates() throws {
        // Not refused: it goes on to send, and the unreachable vendor answers exit 1.
        let config = try CreateCommandTests.offlineConfig()
        let text = String(decoding: FileManager.default.contents(atPath: config.config) ?? Data(), as: UTF8.self)
        _ = FileManager.default.createFile(atPath: config.config, contents: Data(("read_only = false\n\n" + text).utf8),
                                       attributes: [.posixPermissions: 0o600])
        let run = try Self.create(Self.validCreate, config: config)
        #expect(run.status == 1)
        #expect(!run.stderr.contains("read-only"))
    }

    @Test func listingStillWorksInReadOnlyMode() async throws {
        let sandbox = try SandboxProcess()
        defer { sandbox.stop() }
        let run = try CreateCommandTests.tokendeck(
            ["list", "--config", sandbox.config, "--cache", sandbox.directory.appendingPathComponent("c.sqlite").path,
             "--read-only", "--format", "json", "--account", "sandbox-provisionr"],
            environment: sandbox.environment)
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let parsed = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]]
        #expect((parsed?.count ?? 0) > 0)
    }

    @Test func aNonBooleanSettingIsABadConfig() throws {
        let config = try CreateCommandTests.offlineConfig()
        let text = String(decoding: FileManager.default.contents(atPath: config.config) ?? Data(), as: UTF8.self)
        _ = FileManager.default.createFile(atPath: config.config, contents: Data(("read_only = \"yes\"\n\n" + text).utf8),
                                       attributes: [.posixPermissions: 0o600])
        let run = try Self.create(Self.validCreate, config: config)
        #expect(run.status == 2)
        #expect(run.stderr.contains("read_only"))
    }
}
