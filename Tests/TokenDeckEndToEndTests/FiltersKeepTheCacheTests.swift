import Foundation
import Testing

/// The cache always holds each account's whole set: a view's filters, the trash included, are the
/// dashboard's own and never decide what a sync stores.
@Suite("Filters never change the cache", .serialized)
struct FiltersKeepTheCacheTests {
    @Test func pressingXAnyNumberOfTimesNeverChangesWhatTheOfflineListPrints() async throws {
        let scratch = try ScratchDirectory("xcache")
        let sandbox = try SeededSandbox(tokens: 400, config: scratch.path("config.toml"))
        defer { sandbox.stop() }
        var environment: [String: String?] = scratch.environment
        for (key, value) in sandbox.tokens { environment[key] = value }
        let cache = scratch.path("cache.sqlite")
        let common = ["--config", sandbox.config, "--cache", cache]
        let synced = try RawRun.tokendeck(["list", "--all", "--trashed", "with", "--format", "ndjson"] + common, environment: environment)
        #expect(synced.status == 0, "\(synced.stderrText)")
        let offline = ["list", "--offline", "--all", "--trashed", "with", "--format", "ndjson"] + common
        let before = try RawRun.tokendeck(offline, environment: environment)
        #expect(before.status == 0)
        let rows = before.stdout.split(separator: UInt8(ascii: "\n"))
        #expect(rows.count == 400, "every token of the sandbox, the trash included")
        #expect(rows.contains { String(decoding: $0, as: UTF8.self).contains(#""trashed":true"#) }, "no trashed token listed")

        // The dashboard on the same config and cache: x eight times (ending on trash: only), then a refresh.
        var assignments = scratch.environment.map { "\($0.key)=\(TmuxSession.shellQuoted($0.value))" }
        assignments += sandbox.tokens.map { "\($0.key)=\(TmuxSession.shellQuoted($0.value))" }
        let command = assignments.sorted().joined(separator: " ") + " "
            + TmuxSession.dashboardCommand("--config \(TmuxSession.shellQuoted(sandbox.config)) --cache \(TmuxSession.shellQuoted(cache)) --log-level debug")
        // Every request the dashboard sends is a debug line of its log: what tells that a sync ran.
        let log = scratch.path("state/tokendeck/tokendeck.log")
        func requestsLogged() -> Int {
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            return text.components(separatedBy: "GET http").count - 1
        }
        let session = try TmuxSession(command)
        try await session.waitUntil("the first sync done", timeout: 60) { DashboardEndToEndTests.isSynced($0) && $0.contains("q:quit") }
        let firstSync = requestsLogged()
        #expect(firstSync >= 5, "one request at least per account and listing")
        let states = ["trash: with", "trash: only", nil]
        for press in 0..<8 {
            try session.press("x")
            let expected = states[press % 3]
            try await session.waitUntil("x pressed \(press + 1) times", timeout: 30) { screen in
                let header = DashboardEndToEndTests.header(screen)
                return expected.map { header.contains($0) } ?? !header.contains("trash:")
            }
        }
        // The x presses sent nothing.
        #expect(requestsLogged() == firstSync)
        try session.press("r")
        // The same data again: the refresh sends as many requests as the first sync (whatever it is filtered to).
        try await session.waitUntil("the refresh done, still showing the trash only", timeout: 60) { screen in
            requestsLogged() >= 2 * firstSync && DashboardEndToEndTests.isSynced(screen)
                && DashboardEndToEndTests.header(screen).contains("trash: only")
        }
        try session.press("q")
        session.kill()

        let after = try RawRun.tokendeck(offline, environment: environment)
        #expect(after.status == 0)
        #expect(after.stdout == before.stdout, "the offline list changed: \(after.stdout.count) bytes, was \(before.stdout.count)")
    }
}
