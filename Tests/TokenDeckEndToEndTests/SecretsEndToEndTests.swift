import Foundation
import Testing

/// Credentials never leave the places they come from: not into the cache file, the log file,
/// stdout or stderr (error messages included), nor the command line of any process TokenDeck
/// starts. The real binary against the sandbox, with the log at its most verbose.
@Suite("Secrets stay secret, end to end", .serialized)
struct SecretsEndToEndTests {
    /// Every byte string of `secrets` found in `data`, with `what` for the message.
    static func expectNoSecret(_ secrets: [String], in data: Data, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for secret in secrets {
            #expect(!data.contains(secret), "\(what) holds the credential \(secret)", sourceLocation: sourceLocation)
        }
    }

    /// A `token_command` program: records the command line of every process in the tree of the
    /// TokenDeck that started it (`ps`, while TokenDeck waits on it), then prints the token.
    static func writeTokenProgram(at path: String, token: String, psDump: String, exitStatus: Int = 0) throws {
        let script = """
            #!/bin/sh
            ps -eo pid=,ppid=,args= > '\(psDump)'
            echo "tokendeck=$PPID" >> '\(psDump)'
            printf '%s\\n' '\(token)'
            echo 'this stderr repeats the token: \(token)' >&2
            exit \(exitStatus)
            """
        try Data(script.utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: path)
    }

    /// The `args` of `root` and every process below it in a `ps -eo pid=,ppid=,args=` dump.
    static func commandLines(inTreeOf root: Int, dump: String) -> [String] {
        var children: [Int: [Int]] = [:]
        var args: [Int: String] = [:]
        for line in dump.split(separator: "\n") {
            let fields = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true)
            guard fields.count >= 2, let pid = Int(fields[0]), let ppid = Int(fields[1]) else { continue }
            children[ppid, default: []].append(pid)
            args[pid] = fields.count > 2 ? String(fields[2]) : ""
        }
        var tree: [String] = []
        var queue = [root]
        while let pid = queue.popLast() {
            if let line = args[pid] { tree.append(line) }
            queue += children[pid] ?? []
        }
        return tree
    }

    /// The sandbox config with truefoundry's credential from `token_command` instead of the environment.
    static func useTokenCommand(_ program: String, in config: String) throws {
        var text = try String(contentsOfFile: config, encoding: .utf8)
        text = text.replacingOccurrences(of: "token_env = \"TOKENDECK_SANDBOX_TRUEFOUNDRY_TOKEN\"", with: "token_command = [\"\(program)\"]")
        try Data(text.utf8).write(to: URL(fileURLWithPath: config))
    }

    @Test("A full sync at trace level leaves no credential in the cache, the log, the output or any child's command line")
    func fullSync() throws {
        let scratch = try ScratchDirectory("secrets")
        let sandbox = try SeededSandbox(tokens: 200, config: scratch.path("config.toml"))
        defer { sandbox.stop() }
        let secrets = Array(sandbox.tokens.values)
        #expect(secrets.count == 4 && secrets.allSatisfy { $0.count >= 16 })
        let dumpPath = scratch.path("ps.txt")
        let program = scratch.path("token-program")
        try Self.writeTokenProgram(at: program, token: sandbox.tokens["TOKENDECK_SANDBOX_TRUEFOUNDRY_TOKEN"]!, psDump: dumpPath)
        try Self.useTokenCommand(program, in: sandbox.config)

        var environment: [String: String?] = scratch.environment
        for (key, value) in sandbox.tokens where key != "TOKENDECK_SANDBOX_TRUEFOUNDRY_TOKEN" { environment[key] = value }
        environment["TOKENDECK_SANDBOX_TRUEFOUNDRY_TOKEN"] = .some(nil)
        let cache = scratch.path("cache/tokendeck/cache.sqlite")
        let run = try RawRun.tokendeck(["list", "--all", "--format", "json", "--log-level", "trace", "--config", sandbox.config, "--cache", cache],
                                       environment: environment)
        #expect(run.status == 0, "\(run.stderrText)")
        // Every vendor answered with the credential it was given, the command's one included.
        let rows = try #require(try JSONSerialization.jsonObject(with: run.stdout) as? [[String: Any]])
        #expect(Set(rows.compactMap { $0["vendor"] as? String }) == ["provisionr", "prefactor", "metokens", "truefoundry"])
        Self.expectNoSecret(secrets, in: run.stdout, "stdout")
        Self.expectNoSecret(secrets, in: run.stderr, "stderr")

        // The cache: every file of it (database, WAL, shared memory), as bytes.
        let cacheFiles = try scratch.files(under: "cache")
        #expect(cacheFiles.contains { $0.path.hasSuffix("cache.sqlite") && $0.data.count > 4096 }, "no cache written")
        for file in cacheFiles { Self.expectNoSecret(secrets, in: file.data, file.path) }

        // The log: written (trace logs every request, with its headers), and private.
        let log = scratch.path("state/tokendeck/tokendeck.log")
        let logData = try Data(contentsOf: URL(fileURLWithPath: log))
        #expect(logData.count > 0 && logData.contains("truefoundry"), "the trace log is empty")
        Self.expectNoSecret(secrets, in: logData, "the log file")
        let mode = try FileManager.default.attributesOfItem(atPath: log)[.posixPermissions] as? Int
        #expect(mode == 0o600, "the log file is \(String(mode ?? 0, radix: 8))")

        // `ps` as the credential program saw it, TokenDeck's tree only: the program ran
        // without a shell, and no command line holds a credential.
        let dump = try String(contentsOfFile: dumpPath, encoding: .utf8)
        let root = try #require(dump.split(separator: "\n").last { $0.hasPrefix("tokendeck=") }.flatMap { Int($0.dropFirst("tokendeck=".count)) })
        let lines = Self.commandLines(inTreeOf: root, dump: dump)
        #expect(lines.contains { $0.contains("tokendeck list") }, "TokenDeck is not in the dump:\n\(dump)")
        #expect(lines.contains { $0.contains(program) }, "the credential program is not below TokenDeck:\n\(lines)")
        #expect(!lines.contains { $0.hasPrefix("sh -c") || $0.hasPrefix("/bin/sh -c") }, "a shell ran the command:\n\(lines)")
        for line in lines { Self.expectNoSecret(secrets, in: Data(line.utf8), "the command line `\(line)`") }
    }

    @Test("A credential the vendor refuses is not repeated in the error, the output or the log")
    func refusedCredential() throws {
        let scratch = try ScratchDirectory("secrets-refused")
        let sandbox = try SeededSandbox(tokens: 40, config: scratch.path("config.toml"))
        defer { sandbox.stop() }
        let wrong = "wrong-token-value-\(UUID().uuidString)"
        var environment: [String: String?] = scratch.environment
        for key in sandbox.tokens.keys { environment[key] = wrong }
        let run = try RawRun.tokendeck(["list", "--all", "--log-level", "trace", "--config", sandbox.config, "--cache", scratch.path("cache.sqlite")],
                                       environment: environment)
        #expect(run.status == 1)
        // The error names the account and the refusal…
        #expect(run.stderrText.contains("sandbox-provisionr") && run.stderrText.contains("401"), "\(run.stderrText)")
        // …and nowhere the credential.
        Self.expectNoSecret([wrong], in: run.stdout, "stdout")
        Self.expectNoSecret([wrong], in: run.stderr, "the error message")
        let logData = try Data(contentsOf: URL(fileURLWithPath: scratch.path("state/tokendeck/tokendeck.log")))
        #expect(logData.contains("401"), "the failure is not logged")
        Self.expectNoSecret([wrong], in: logData, "the log file")
        for file in try scratch.files(under: ".") where file.path.hasSuffix(".sqlite") || file.path.contains(".sqlite-") {
            Self.expectNoSecret([wrong], in: file.data, file.path)
        }
        // `accounts` checks each credential and says which fail, without them.
        let accounts = try RawRun.tokendeck(["accounts", "--config", sandbox.config], environment: environment)
        #expect(accounts.status == 1)
        Self.expectNoSecret([wrong], in: accounts.stdout + accounts.stderr, "tokendeck accounts")
    }

    @Test("A failing token_command is a clear error naming the program, never its output")
    func failingTokenCommand() throws {
        let scratch = try ScratchDirectory("secrets-command")
        let sandbox = try SeededSandbox(tokens: 40, config: scratch.path("config.toml"))
        defer { sandbox.stop() }
        let secret = "printed-by-a-failing-program-\(UUID().uuidString)"
        let program = scratch.path("failing-program")
        try Self.writeTokenProgram(at: program, token: secret, psDump: scratch.path("ps.txt"), exitStatus: 3)
        try Self.useTokenCommand(program, in: sandbox.config)
        var environment: [String: String?] = scratch.environment
        for (key, value) in sandbox.tokens { environment[key] = value }
        let run = try RawRun.tokendeck(["list", "--all", "--log-level", "trace", "--account", "sandbox-truefoundry",
                                        "--config", sandbox.config, "--cache", scratch.path("cache.sqlite")], environment: environment)
        #expect(run.status == 1)
        #expect(run.stderrText.contains("token_command: \(program) exited with status 3"), "\(run.stderrText)")
        Self.expectNoSecret([secret], in: run.stdout + run.stderr, "the output")
        let logData = (try? Data(contentsOf: URL(fileURLWithPath: scratch.path("state/tokendeck/tokendeck.log")))) ?? Data()
        Self.expectNoSecret([secret], in: logData, "the log file")
    }
}
