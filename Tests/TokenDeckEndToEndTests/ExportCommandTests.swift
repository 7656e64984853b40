import Foundation
import Testing

/// `tokendeck list --export PATH`: the listed tokens, with hygiene flags, to a file whose extension
/// chooses the format; a bad name is exit 2 before anything is fetched, a failed write leaves nothing.
@Suite("list --export, end to end", .serialized)
struct ExportCommandTests {
    static func scratch() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tokendeck-exp-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func list(_ sandbox: SandboxProcess, _ extra: [String]) throws -> CreateCommandTests.Run {
        try CreateCommandTests.tokendeck(
            ["list", "--config", sandbox.config, "--cache", sandbox.directory.appendingPathComponent("c.sqlite").path,
             "--account", "sandbox-provisionr", "--all", "--trashed", "with"] + extra,
            environment: sandbox.environment)
    }

    @Test func csvAndJSONHoldTheListedTokensWithHygieneFlags() async throws {
        let sandbox = try SandboxProcess()
        defer { sandbox.stop() }
        let directory = try Self.scratch()

        let listed = try Self.list(sandbox, ["--format", "json"])
        #expect(listed.status == 0, "stderr: \(listed.stderr)")
        let tokens = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
        #expect(!tokens.isEmpty)

        let json = try Self.list(sandbox, ["--export", directory + "/tokens.json"])
        #expect(json.status == 0, "stderr: \(json.stderr)")
        #expect(json.stdout.isEmpty)
        #expect(json.stderr.contains("exported \(tokens.count) tokens to \(directory)/tokens.json"))
        let exported = try #require(try JSONSerialization.jsonObject(
            with: FileManager.default.contents(atPath: directory + "/tokens.json") ?? Data()) as? [[String: Any]])
        #expect(exported.map { $0["id"] as? String } == tokens.map { $0["id"] as? String })
        #expect(exported.allSatisfy { $0["hygiene"] is [String] })
        // Every key of list's JSON is kept, and hygiene added.
        #expect(Set(exported[0].keys) == Set(tokens[0].keys).union(["hygiene"]))
        // The sandbox's data has tokens with flags: each one a known label.
        let labels = Set(exported.flatMap { $0["hygiene"] as? [String] ?? [] })
        #expect(!labels.isEmpty)
        #expect(labels.isSubset(of: ["expired", "expiring", "never used", "unused 45d", "stale 90d", "no expiry", "older 365d"]))
        // A token without an expiry is flagged so.
        for object in exported where object["expires_at"] is NSNull {
            #expect((object["hygiene"] as? [String])?.contains("no expiry") == true)
        }

        let csv = try Self.list(sandbox, ["--export", directory + "/tokens.CSV"])
        #expect(csv.status == 0, "stderr: \(csv.stderr)")
        let text = String(decoding: FileManager.default.contents(atPath: directory + "/tokens.CSV") ?? Data(), as: UTF8.self)
        let rows = text.split(separator: "\n")
        #expect(rows.first == "vendor,account,id,kind,title,status,trashed,created_at,last_used_at,expires_at,owner,scopes,usage_count,hygiene")
        #expect(rows.count == tokens.count + 1)
        #expect(rows.dropFirst().allSatisfy { $0.hasPrefix("provisionr,sandbox-provisionr,") })
        #expect(rows.contains { $0.hasSuffix("no expiry") || $0.contains("no expiry;") })
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).sorted() == ["tokens.CSV", "tokens.json"])
    }

    @Test func aBadExtensionExitsTwoNamingThePathAndWritesNothing() throws {
        let directory = try Self.scratch()
        let config = try CreateCommandTests.offlineConfig()
        let run = try CreateCommandTests.tokendeck(
            ["list", "--config", config.config, "--cache", config.cache, "--export", directory + "/tokens.xlsx"],
            environment: ["TOKENDECK_TEST_UNSET_TOKEN": "abcd1234"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("--export: '\(directory)/tokens.xlsx' must end in .csv or .json"))
        #expect(run.stdout.isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty)
    }

    @Test func aDirectoryNameExitsTwo() throws {
        let config = try CreateCommandTests.offlineConfig()
        let run = try CreateCommandTests.tokendeck(["list", "--config", config.config, "--cache", config.cache, "--export", "out/"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("--export: 'out/' is not a file name"))
    }

    @Test func anUnwritableDestinationExitsOneAndLeavesNoFile() async throws {
        let sandbox = try SandboxProcess()
        defer { sandbox.stop() }
        let directory = try Self.scratch()
        let target = directory + "/missing/tokens.csv"
        let run = try Self.list(sandbox, ["--export", target])
        #expect(run.status == 1)
        #expect(run.stderr.contains("tokendeck: cannot export to \(target): No such file or directory"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty)
    }

    @Test func anExistingFileIsReplacedWhole() async throws {
        let sandbox = try SandboxProcess()
        defer { sandbox.stop() }
        let directory = try Self.scratch()
        let target = directory + "/tokens.json"
        // Longer than any export of 60 tokens: a write in place would leave its tail behind.
        _ = FileManager.default.createFile(atPath: target, contents: Data(String(repeating: "x", count: 1_000_000).utf8))
        let run = try Self.list(sandbox, ["--export", target])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let data = FileManager.default.contents(atPath: target) ?? Data()
        #expect(try JSONSerialization.jsonObject(with: data) is [[String: Any]])
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["tokens.json"])
    }
}
