import Foundation
import Testing

/// Token actions in the real dashboard, in tmux, against a separate `tokendeck sandbox` that writes
/// a line for every request it answers (`--request-log`): what reached the vendor is counted by
/// the vendor, not by the client.
@Suite("Dashboard actions end to end in tmux", .serialized)
struct DashboardActionEndToEndTests {
    /// A sandbox, its config, a cache and XDG directories of the test's own, and the dashboard on them.
    final class Rig {
        let scratch: ScratchDirectory
        let sandbox: SeededSandbox
        let session: TmuxSession
        var requestLog: String { scratch.path("requests.log") }
        var actionsLog: String { scratch.path("state/tokendeck/actions.log") }

        init(arguments: String = "", label: String = #function) async throws {
            scratch = try ScratchDirectory("actions-e2e")
            sandbox = try SeededSandbox(tokens: 300, config: scratch.path("config.toml"),
                                        extraArguments: ["--request-log", scratch.path("requests.log")])
            var assignments = scratch.environment.map { "\($0.key)=\(TmuxSession.shellQuoted($0.value))" }
            assignments += sandbox.tokens.map { "\($0.key)=\(TmuxSession.shellQuoted($0.value))" }
            let command = assignments.sorted().joined(separator: " ") + " " + TmuxSession.dashboardCommand(
                "--config \(TmuxSession.shellQuoted(sandbox.config)) --cache \(TmuxSession.shellQuoted(scratch.path("cache.sqlite"))) \(arguments)")
            session = try TmuxSession(command, label: label)
            // Generous: a debug build's first sync on a loaded 2-core box is slow.
            // A whole frame of a finished sync: every account counted, and All their sum.
            try await session.waitUntil("the first sync done", timeout: 120) { screen in
                let counts = Self.accounts.compactMap { DashboardEndToEndTests.sidebarCount(of: $0, in: screen) }
                return DashboardEndToEndTests.isSynced(screen) && screen.contains("q:quit") && counts.count == Self.accounts.count
                    && DashboardEndToEndTests.sidebarCount(of: "All", in: screen) == counts.reduce(0, +)
            }
        }

        static let accounts = ["sandbox-provisionr", "sandbox-prefactor", "sandbox-prefactor-ops", "sandbox-metokens", "sandbox-truefoundry"]

        /// Waits for a refresh the test asked for to finish: the vendor has answered a listing
        /// request since (`listingsBefore` of `listing` before it), read before each capture, and the
        /// capture then shows no sync running.
        func waitForRefresh(listing: String, listingsBefore: Int, timeout: Double = 120) async throws {
            let deadline = Date().addingTimeInterval(timeout)
            var screen = ""
            repeat {
                let listings = requests(starting: listing).count
                screen = try session.capture()
                if listings > listingsBefore, DashboardEndToEndTests.isSynced(screen) { return }
                try await Task.sleep(for: .milliseconds(50))
            } while Date() < deadline
            throw EndToEndError(description: "timed out after \(timeout)s waiting for the refresh; last screen:\n\(screen)")
        }

        deinit {
            session.kill()
            sandbox.stop()
        }

        /// Requests the sandbox answered that change something (every POST and DELETE).
        func changingRequests() -> [String] {
            requests(starting: "POST ") + requests(starting: "DELETE ")
        }

        /// The request log's lines that start with `prefix`, in order.
        func requests(starting prefix: String) -> [String] {
            let text = (try? String(contentsOfFile: requestLog, encoding: .utf8)) ?? ""
            return text.split(separator: "\n").map(String.init).filter { $0.hasPrefix(prefix) }
        }

        func actionLines() -> [[String: Any]] {
            let text = (try? String(contentsOfFile: actionsLog, encoding: .utf8)) ?? ""
            return text.split(separator: "\n").compactMap { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any] }
        }

        /// The account's tokens in the dashboard's own cache, as `list --offline` reads them.
        func cached(_ account: String) throws -> [[String: Any]] {
            try list(["--offline", "--account", account], cache: scratch.path("cache.sqlite"))
        }

        /// The account's tokens as a fresh `list --all` fetches them from the sandbox (not the dashboard's cache).
        func listed(_ account: String) throws -> [[String: Any]] {
            try list(["--account", account], cache: scratch.path("fresh-\(UUID().uuidString).sqlite"))
        }

        private func list(_ arguments: [String], cache: String) throws -> [[String: Any]] {
            var environment: [String: String?] = scratch.environment
            for (key, value) in sandbox.tokens { environment[key] = value }
            let run = try RawRun.tokendeck(["list", "--all", "--format", "ndjson", "--config", sandbox.config, "--cache", cache] + arguments,
                                           environment: environment)
            return run.stdoutText.split(separator: "\n").compactMap { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any] }
        }
    }

    /// The ids in the confirmation box's rows ("│ prefactor  sandbox-prefactor  01J…  title │"); the
    /// sidebar's "2 sandbox-prefactor  62" has no vendor before the account.
    static func confirmedIDs(_ screen: String, account: String) -> [String] {
        screen.split(separator: "\n").compactMap { line -> String? in
            guard let range = line.range(of: "(prefactor|truefoundry) +\(account) +[^ ]+", options: .regularExpression) else { return nil }
            return line[range].split(separator: " ").last.map(String.init)
        }
    }

    @Test func markThreePrefactorTokensInAFilteredViewAndRevokeThemInAtMostTenKeys() async throws {
        let rig = try await Rig()
        let session = rig.session
        // The filtered view: Sandbox Prefactor's active tokens.
        try session.press("2")
        try await session.waitFor("sandbox-prefactor · prefactor", timeout: 60)
        try session.press(":")
        try session.type("status active")
        try session.press("Enter")
        try await session.waitUntil("the active filter", timeout: 60) { $0.contains("status: active") && $0.contains("sandbox-prefactor · prefactor") }

        let start = session.keyPresses
        try session.press("Space", "Space", "Space")
        try await session.waitFor("3 marked", timeout: 60)
        try session.press("a")
        let menu = try await session.waitUntil("the whole action menu", timeout: 60) { screen in
            screen.contains("Actions · 3 marked") && screen.range(of: #"[1-4] delete +3 tokens"#, options: .regularExpression) != nil
        }
        let revokeDigit = try #require(menu.range(of: #"[1-4] revoke +3 tokens"#, options: .regularExpression).map { String(menu[$0].prefix(1)) },
                                       "no revoke entry for the three tokens: \(menu)")
        try session.press(revokeDigit)
        let confirmation = try await session.waitUntil("the whole typed confirmation", timeout: 60) { screen in
            screen.contains("Type revoke 3 to confirm") && screen.contains("Enter confirms") && Self.confirmedIDs(screen, account: "sandbox-prefactor").count == 3
        }
        let ids = Self.confirmedIDs(confirmation, account: "sandbox-prefactor")
        #expect(ids.count == 3, "\(confirmation)")
        #expect(confirmation.contains("This cannot be undone"))
        let typedStart = session.keyPresses
        try session.type("revoke 3")
        let typed = session.keyPresses - typedStart
        try session.press("Enter")
        try await session.waitFor("revoke: 3 succeeded", timeout: 90)
        #expect(session.keyPresses - start - typed <= 10, "keys besides the typed confirmation: \(session.keyPresses - start - typed)")

        // Exactly one request per token reached the vendor, each a revoke that it took.
        #expect(rig.changingRequests().sorted() == ids.map { "POST /prefactor/api/v1/api_token/\($0)/revoke 200" }.sorted())
        // The vendor's state after, as a fresh listing reads it.
        let after = try rig.listed("sandbox-prefactor")
        for id in ids {
            #expect(after.first { $0["id"] as? String == id }?["status"] as? String == "revoked", "\(id)")
        }
        // The dashboard's cache has the new state already (no sync since): what list --offline reads.
        let offline = try rig.cached("sandbox-prefactor")
        for id in ids {
            #expect(offline.first { $0["id"] as? String == id }?["status"] as? String == "revoked", "\(id) in the cache")
        }
        // A following sync confirms it: still revoked in the cache after `r` has walked the vendor again.
        let listingsBefore = rig.requests(starting: "GET /prefactor/api/v1/api_token").count
        try session.press("r")
        try await rig.waitForRefresh(listing: "GET /prefactor/api/v1/api_token", listingsBefore: listingsBefore)
        let resynced = try rig.cached("sandbox-prefactor")
        for id in ids {
            #expect(resynced.first { $0["id"] as? String == id }?["status"] as? String == "revoked", "\(id) after the sync")
        }
        #expect(rig.changingRequests().count == 3, "the sync sent no action")
        // And each one sent is a line of actions.log.
        let lines = rig.actionLines()
        #expect(lines.count == 3)
        #expect(Set(lines.compactMap { $0["id"] as? String }) == Set(ids))
        #expect(lines.allSatisfy { $0["action"] as? String == "revoke" && $0["result"] as? String == "revoked" })
    }

    @Test func deleteAfterACancelledOneSendsOneRequestAndWritesOneActionsLogLine() async throws {
        let rig = try await Rig()
        let session = rig.session
        try session.press("5")
        try await session.waitFor("sandbox-truefoundry · truefoundry", timeout: 60)
        try session.press(":")
        try session.type("delete")
        try session.press("Enter")
        try await session.waitUntil("the whole delete confirmation", timeout: 60) { screen in
            screen.contains("Type delete 1 to confirm") && screen.contains("Enter confirms")
        }
        // Esc first: nothing is sent.
        try session.type("delete 1")
        try session.press("Escape")
        try await session.waitFor("delete cancelled — nothing sent", timeout: 60)
        #expect(rig.changingRequests().isEmpty)

        try session.press(":")
        try session.type("delete")
        try session.press("Enter")
        let confirmation = try await session.waitUntil("the whole delete confirmation again", timeout: 60) { screen in
            screen.contains("Type delete 1 to confirm") && screen.contains("Enter confirms")
                && Self.confirmedIDs(screen, account: "sandbox-truefoundry").count == 1
        }
        let id = try #require(Self.confirmedIDs(confirmation, account: "sandbox-truefoundry").first)
        try session.type("delete 1")
        try session.press("Enter")
        try await session.waitFor("delete: 1 succeeded", timeout: 90)

        #expect(rig.changingRequests() == ["DELETE /truefoundry/api/svc/v1/personal-access-tokens/\(id) 200"])
        let lines = rig.actionLines()
        #expect(lines.count == 1)
        #expect(lines.first?["action"] as? String == "delete")
        #expect(lines.first?["id"] as? String == id)
        #expect(lines.first?["result"] as? String == "deleted")
        #expect(lines.first?["account"] as? String == "sandbox-truefoundry")
        #expect(try !rig.listed("sandbox-truefoundry").contains { $0["id"] as? String == id })
    }

    @Test func readOnlyModeRefusesTheMenuAndTheCommandsNamingTheFlag() async throws {
        let rig = try await Rig(arguments: "--read-only")
        let session = rig.session
        try session.press("2")
        try await session.waitFor("sandbox-prefactor · prefactor", timeout: 60)
        try session.press("a")
        let refused = try await session.waitFor("read-only mode: token actions are disabled (--read-only)", timeout: 60)
        #expect(!refused.contains("Actions ·"))
        try session.press("Escape")
        try await session.waitUntil("the refusal dismissed", timeout: 60) { !$0.contains("read-only mode: token actions") }
        try session.press(":")
        try session.type("revoke")
        try session.press("Enter")
        let again = try await session.waitFor("read-only mode: token actions are disabled (--read-only)", timeout: 60)
        #expect(!again.contains("Type revoke"))
        #expect(rig.changingRequests().isEmpty)
        #expect(rig.actionLines().isEmpty)
    }
}
