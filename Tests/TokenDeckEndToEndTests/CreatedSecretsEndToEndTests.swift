import Foundation
import Testing

/// After creating one token of each vendor that documents creation, at the most verbose log
/// level, no secret the vendors returned is in the cache file, the log file or actions.log; each
/// was printed once, on stdout, and never on stderr.
@Suite("Created tokens' secrets stay secret, end to end", .serialized)
struct CreatedSecretsEndToEndTests {
    @Test func oneTokenOfEachVendorLeavesNoSecretInTheCacheTheLogsOrActionsLog() throws {
        let scratch = try ScratchDirectory("created-secrets")
        let sandbox = try SeededSandbox(tokens: 60, config: scratch.path("config.toml"))
        defer { sandbox.stop() }
        var environment: [String: String?] = scratch.environment
        for (key, value) in sandbox.tokens { environment[key] = value }
        let cache = scratch.path("cache/tokendeck/cache.sqlite")
        func create(_ arguments: [String]) throws -> [String: Any] {
            let run = try RawRun.tokendeck(["create", "--format", "json", "--log-level", "trace", "--config", sandbox.config, "--cache", cache]
                                           + arguments, environment: environment)
            #expect(run.status == 0, "\(arguments): \(run.stderrText)")
            return try #require(try JSONSerialization.jsonObject(with: run.stdout) as? [String: Any], "\(run.stdoutText)")
        }
        let provisionr = try create(["--account", "sandbox-provisionr", "--name", "secret check", "--description", "one of each"])
        let prefactor = try create(["--account", "sandbox-prefactor", "--expires", "90d"])
        let trueFoundry = try create(["--account", "sandbox-truefoundry", "--name", "secret-check-\(UUID().uuidString.prefix(8))"])

        // Prefactor and TrueFoundry send the secret once; Provisionr's spec documents none.
        let secrets = [prefactor, trueFoundry].compactMap { $0["secret"] as? String }
        #expect(secrets.count == 2 && secrets.allSatisfy { $0.count >= 20 }, "\(secrets)")
        #expect(provisionr["secret"] == nil)
        let ids = [provisionr, prefactor, trueFoundry].compactMap { $0["id"] as? String }
        #expect(ids.count == 3)

        let cacheFiles = try scratch.files(under: "cache")
        #expect(cacheFiles.contains { $0.path.hasSuffix("cache.sqlite") && $0.data.count > 4096 }, "no cache written")
        // The created tokens are cached (without their secrets).
        #expect(ids.allSatisfy { id in cacheFiles.contains { $0.data.contains(id) } }, "a created token is missing from the cache")
        let stateFiles = try scratch.files(under: "state")
        #expect(stateFiles.contains { $0.path.hasSuffix("tokendeck/tokendeck.log") && $0.data.count > 0 }, "the trace log is empty")
        let actionsLog = try #require(stateFiles.first { $0.path.hasSuffix("tokendeck/actions.log") }, "no actions.log")
        for file in cacheFiles + stateFiles {
            for secret in secrets { #expect(!file.data.contains(secret), "\(file.path) holds a created token's secret") }
        }

        let lines = try String(decoding: actionsLog.data, as: UTF8.self).split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
        #expect(lines.map { $0["vendor"] as? String } == ["provisionr", "prefactor", "truefoundry"])
        #expect(lines.allSatisfy { $0["action"] as? String == "create" && $0["result"] as? String == "created" })
        #expect(lines.compactMap { $0["id"] as? String } == ids)
        let mode = try FileManager.default.attributesOfItem(atPath: actionsLog.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }
}
