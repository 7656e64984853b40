import Foundation
import Testing

/// `tokendeck suspend|activate|revoke|delete` as a script runs them, against the sandbox.
@Suite(.serialized) struct ActionCommandTests {
    typealias Run = CreateCommandTests.Run

    static func tokendeck(_ arguments: [String], _ sandbox: SandboxProcess) throws -> Run {
        try CreateCommandTests.tokendeck(arguments + ["--config", sandbox.config,
                                                      "--cache", sandbox.directory.appendingPathComponent("cache.sqlite").path],
                                         environment: sandbox.environment.merging(["XDG_STATE_HOME": sandbox.directory.path]) { $1 })
    }

    /// The actions log's lines as `tokendeck actions` prints them, parsed.
    static func actions(_ sandbox: SandboxProcess) throws -> [[String: Any]] {
        let run = try tokendeck(["actions"], sandbox)
        return run.stdout.split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any]
        }
    }

    /// The account's tokens as `list --all --format ndjson` prints them.
    static func listed(_ account: String, _ sandbox: SandboxProcess) throws -> [[String: Any]] {
        let run = try tokendeck(["list", "--all", "--account", account, "--format", "ndjson"], sandbox)
        return run.stdout.split(separator: "\n").compactMap {
            (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any]
        }
    }

    @Test func suspendThenRevokeAPrefactorTokenAndTheListAgrees() throws {
        let sandbox = try SandboxProcess()
        defer { sandbox.stop() }
        let before = try Self.listed("sandbox-prefactor", sandbox)
        let id = try #require(before.first { $0["status"] as? String == "active" }?["id"] as? String)

        let suspended = try Self.tokendeck(["suspend", "--account", "sandbox-prefactor", id], sandbox)
        #expect(suspended.status == 0)
        #expect(suspended.stdout == "\(id)  suspended\n")
        let afterSuspend = try Self.tokendeck(["list", "--offline", "--all", "--account", "sandbox-prefactor", "--status", "suspended",
                                               "--format", "ndjson"], sandbox)
        #expect(afterSuspend.stdout.contains(id))

        // Without a terminal, a revoke needs --yes, and nothing is sent without it.
        let unconfirmed = try Self.tokendeck(["revoke", "--account", "sandbox-prefactor", id], sandbox)
        #expect(unconfirmed.status == 2)
        #expect(unconfirmed.stderr.contains("--yes"))
        let revoked = try Self.tokendeck(["revoke", "--yes", "--format", "json", "--account", "sandbox-prefactor", id], sandbox)
        #expect(revoked.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(revoked.stdout.utf8)) as? [String: Any]
        #expect(object?["result"] as? String == "revoked")
        #expect(object?["action"] as? String == "revoke")

        // Revoked is final: activate is the vendor's refusal, exit 1, said on stderr.
        let activated = try Self.tokendeck(["activate", "--account", "sandbox-prefactor", id], sandbox)
        #expect(activated.status == 1)
        #expect(activated.stdout.hasPrefix("\(id)  error"))
        #expect(activated.stderr.contains("invalid_action") || activated.stderr.contains("revoked"))
        let after = try Self.listed("sandbox-prefactor", sandbox)
        #expect(after.first { $0["id"] as? String == id }?["status"] as? String == "revoked")

        // Exactly one request per action reached the vendor; the unconfirmed revoke sent none.
        let sent = sandbox.changingRequests()
        #expect(sent.map { $0.split(separator: " ").prefix(2).joined(separator: " ") } == [
            "POST /prefactor/api/v1/api_token/\(id)/suspend", "POST /prefactor/api/v1/api_token/\(id)/revoke",
            "POST /prefactor/api/v1/api_token/\(id)/activate",
        ], "\(sent)")
        #expect(sent.map { $0.split(separator: " ").last.map(String.init) ?? "" } == ["200", "200", "400"], "\(sent)")

        // Every request sent is in the actions log, in order.
        let log = try Self.actions(sandbox)
        #expect(log.map { $0["action"] as? String ?? "" } == ["suspend", "revoke", "activate"])
        #expect(log.map { $0["result"] as? String ?? "" } == ["suspended", "revoked", "error"])
        #expect(log.allSatisfy { $0["id"] as? String == id && $0["account"] as? String == "sandbox-prefactor" })
        #expect(log.last?["status"] as? Int == 400)
        #expect(log.first?["user"] as? String == ProcessInfo.processInfo.userName)
        let path = sandbox.directory.appendingPathComponent("tokendeck/actions.log").path
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(!text.contains("sandbox-prefactor-token"))
    }

    @Test func deleteAtTrueFoundryRemovesTheTokenFromTheList() throws {
        let sandbox = try SandboxProcess()
        defer { sandbox.stop() }
        let before = try Self.listed("sandbox-truefoundry", sandbox)
        let ids = before.prefix(2).compactMap { $0["id"] as? String }
        #expect(ids.count == 2)
        let deleted = try Self.tokendeck(["delete", "--yes", "--account", "sandbox-truefoundry"] + ids, sandbox)
        #expect(deleted.status == 0)
        #expect(deleted.stdout == ids.map { "\($0)  deleted\n" }.joined())
        let after = try Self.listed("sandbox-truefoundry", sandbox)
        #expect(after.count == before.count - 2)
        let left = Set(after.compactMap { $0["id"] as? String })
        #expect(left.isDisjoint(with: ids))
        // One DELETE a token reached the vendor, nothing else that changes anything.
        #expect(sandbox.changingRequests() == ids.map { "DELETE /truefoundry/api/svc/v1/personal-access-tokens/\($0) 200" })
    }

    @Test func actionsAVendorDoesNotDocumentAndReadOnlyModeAreRefusedBeforeAnythingIsSent() throws {
        let sandbox = try SandboxProcess()
        defer { sandbox.stop() }
        let empty = try Self.tokendeck(["actions"], sandbox)
        #expect(empty.status == 0)
        #expect(empty.stdout.isEmpty)
        #expect(empty.stderr.contains("no action recorded yet"))
        let metokens = try Self.tokendeck(["revoke", "--yes", "--account", "sandbox-metokens", "1"], sandbox)
        #expect(metokens.status == 2)
        #expect(metokens.stderr.contains("metokens documents no action"))
        let trueFoundry = try Self.tokendeck(["suspend", "--account", "sandbox-truefoundry", "x"], sandbox)
        #expect(trueFoundry.status == 2)
        #expect(trueFoundry.stderr.contains("only delete"))
        let readOnly = try Self.tokendeck(["delete", "--yes", "--read-only", "--account", "sandbox-truefoundry", "x"], sandbox)
        #expect(readOnly.status == 2)
        #expect(readOnly.stderr.contains("read-only mode: delete is disabled (--read-only)"))
        let unknown = try Self.tokendeck(["delete", "--yes", "--account", "nobody", "x"], sandbox)
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("no account named 'nobody'"))
        #expect(try Self.actions(sandbox).isEmpty)
        #expect(sandbox.changingRequests().isEmpty)
    }
}
