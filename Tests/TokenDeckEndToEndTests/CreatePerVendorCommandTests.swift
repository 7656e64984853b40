import Foundation
import Testing

/// `tokendeck create` for Prefactor and TrueFoundry: the real binary against the sandbox, each
/// vendor's flags, exit codes 0/1/2, the JSON outcome, and one actions.log line per request.
@Suite(.serialized) struct CreatePerVendorCommandTests {
    typealias Run = CreateCommandTests.Run

    /// A sandbox with its config, and a state directory of this test's own for actions.log.
    final class Fixture {
        let sandbox: SandboxProcess
        let state: String
        let cache: String
        init() throws {
            sandbox = try SandboxProcess()
            state = sandbox.directory.appendingPathComponent("state").path
            cache = sandbox.directory.appendingPathComponent("cache.sqlite").path
        }
        deinit { sandbox.stop() }

        func run(_ arguments: [String]) throws -> Run {
            try CreateCommandTests.tokendeck(arguments + ["--config", sandbox.config, "--cache", cache],
                                             environment: sandbox.environment.merging(["XDG_STATE_HOME": state]) { $1 })
        }

        func create(_ arguments: [String]) throws -> Run { try run(["create"] + arguments) }

        /// actions.log, a JSON object a line.
        func actions() throws -> [[String: Any]] {
            let text = try String(contentsOfFile: state + "/tokendeck/actions.log", encoding: .utf8)
            return try text.split(separator: "\n").map { line in
                try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            }
        }
    }

    static func object(_ run: Run) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "stdout: \(run.stdout)")
    }

    // MARK: - Prefactor

    @Test func aPrefactorAccountTokenIsCreatedListedAndLoggedWithoutItsSecret() throws {
        let fixture = try Fixture()
        let run = try fixture.create(["--account", "sandbox-prefactor-ops", "--expires", "90d", "--format", "json"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let object = try Self.object(run)
        let id = try #require(object["id"] as? String)
        let secret = try #require(object["secret"] as? String)
        #expect(secret.hasPrefix("pfx_"))
        #expect(object["vendor"] as? String == "prefactor")
        #expect(object["account"] as? String == "sandbox-prefactor-ops")
        #expect(object["kind"] as? String == "account")
        #expect(object["status"] as? String == "active")
        #expect((object["expires_at"] as? String)?.isEmpty == false)

        let list = try fixture.run(["list", "--account", "sandbox-prefactor-ops", "--all", "--format", "json"])
        #expect(list.status == 0, "stderr: \(list.stderr)")
        let listed = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [[String: Any]])
        #expect(listed.contains { $0["id"] as? String == id && $0["kind"] as? String == "account" })

        let actions = try fixture.actions()
        #expect(actions.count == 1)
        #expect(actions.first?["action"] as? String == "create")
        #expect(actions.first?["id"] as? String == id)
        #expect(actions.first?["result"] as? String == "created")
        #expect(actions.first?["vendor"] as? String == "prefactor")
        #expect(try !String(contentsOfFile: fixture.state + "/tokendeck/actions.log", encoding: .utf8).contains(secret))
    }

    @Test func aPrefactorEnvironmentTokenNeedsItsEnvironmentID() throws {
        let fixture = try Fixture()
        let missing = try fixture.create(["--account", "sandbox-prefactor", "--token-scope", "environment"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("tokendeck: --environment-id: An environment token needs the environment ID."), "\(missing.stderr)")
        #expect(missing.stdout.isEmpty)

        let made = try fixture.create(["--account", "sandbox-prefactor", "--environment-id", "env_01", "--format", "json"])
        #expect(made.status == 0, "stderr: \(made.stderr)")
        #expect(try Self.object(made)["kind"] as? String == "environment")

        let table = try fixture.create(["--account", "sandbox-prefactor"])
        #expect(table.status == 0, "stderr: \(table.stderr)")
        #expect(table.stdout.split(separator: "\n").first?.contains("TITLE") == true, "\(table.stdout)")
        #expect(table.stdout.contains("secret (shown only this once; it is not cached): pfx_"))
    }

    @Test func prefactorFlagsThatDoNotFitAreUsageErrors() throws {
        let fixture = try Fixture()
        let name = try fixture.create(["--account", "sandbox-prefactor", "--name", "n"])
        #expect(name.status == 2)
        #expect(name.stderr.contains("'sandbox-prefactor' is a prefactor account: --name is not a prefactor option; "
            + "prefactor takes --token-scope, --account-id, --environment-id, --expires"), "\(name.stderr)")
        let mixed = try fixture.create(["--account", "sandbox-prefactor", "--token-scope", "environment", "--environment-id", "e", "--account-id", "a"])
        #expect(mixed.status == 2)
        #expect(mixed.stderr.contains("--account-id: an environment token takes --environment-id, not --account-id"), "\(mixed.stderr)")
        let scope = try fixture.create(["--account", "sandbox-prefactor", "--token-scope", "agent"])
        #expect(scope.status == 2)
        #expect(scope.stderr.contains("--token-scope: The scope must be account or environment (not agent)."), "\(scope.stderr)")
        #expect((try? fixture.actions()) == nil, "nothing was sent, so nothing is logged")
    }

    @Test func aPrefactorRefusalExitsOneWithTheOutcomeInJSON() throws {
        let fixture = try Fixture()
        let run = try fixture.create(["--account", "sandbox-prefactor", "--account-id", "acc_nobody", "--format", "json"])
        #expect(run.status == 1)
        #expect(run.stderr.contains("sandbox-prefactor: prefactor HTTP 404 (not_found): account acc_nobody not found"), "\(run.stderr)")
        let error = try #require(try Self.object(run)["error"] as? [String: Any])
        #expect(error["status"] as? Int == 404)
        #expect(error["code"] as? String == "not_found")
        #expect(error["message"] as? String == "account acc_nobody not found")
        let actions = try fixture.actions()
        #expect(actions.count == 1)
        #expect(actions.first?["result"] as? String == "error")
        #expect(actions.first?["status"] as? Int == 404)
        #expect(actions.first?["id"] is NSNull)
    }

    // MARK: - TrueFoundry

    @Test func aTrueFoundryTokenIsCreatedOnceAndItsNameThenTakenIs409() throws {
        let fixture = try Fixture()
        let name = "ci-bot-\(UUID().uuidString.prefix(8))"
        let first = try fixture.create(["--account", "sandbox-truefoundry", "--name", name, "--expires", "2099-01-01", "--format", "json"])
        #expect(first.status == 0, "stderr: \(first.stderr)")
        let object = try Self.object(first)
        #expect(object["title"] as? String == name)
        #expect(object["vendor"] as? String == "truefoundry")
        #expect(object["expires_at"] as? String == "2099-01-01T00:00:00Z")
        let secret = try #require(object["secret"] as? String)
        #expect(secret.hasPrefix("tfy-"))

        let again = try fixture.create(["--account", "sandbox-truefoundry", "--name", name, "--format", "json"])
        #expect(again.status == 1)
        #expect(again.stderr.contains("sandbox-truefoundry: truefoundry HTTP 409 (CONFLICT)"), "\(again.stderr)")
        #expect(again.stderr.contains("  --name: a personal access token named \(name) already exists"), "\(again.stderr)")
        let error = try #require(try Self.object(again)["error"] as? [String: Any])
        #expect(error["status"] as? Int == 409)
        #expect(error["fields"] as? [String: String] == ["name": "a personal access token named \(name) already exists"])

        let actions = try fixture.actions()
        #expect(actions.map { $0["result"] as? String } == ["created", "error"])
        #expect(actions.allSatisfy { $0["action"] as? String == "create" && $0["account"] as? String == "sandbox-truefoundry" })
        #expect(actions.first?["id"] as? String == object["id"] as? String)
    }

    @Test func trueFoundryFlagsThatDoNotFitAndAMissingNameAreUsageErrors() throws {
        let fixture = try Fixture()
        let description = try fixture.create(["--account", "sandbox-truefoundry", "--name", "n", "--description", "d", "--token-scope", "account"])
        #expect(description.status == 2)
        #expect(description.stderr.contains("--description, --token-scope are not truefoundry options; truefoundry takes --name, --expires"),
                "\(description.stderr)")
        let nameless = try fixture.create(["--account", "sandbox-truefoundry", "--expires", "30d"])
        #expect(nameless.status == 2)
        #expect(nameless.stderr.contains("--name: The name is required."), "\(nameless.stderr)")
    }

    @Test func metokensDocumentsNoCreate() throws {
        let fixture = try Fixture()
        let run = try fixture.create(["--account", "sandbox-metokens"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("'sandbox-metokens' is a metokens account, and metokens documents no way to create tokens"), "\(run.stderr)")
    }
}
