import Foundation
import Testing

/// The Changes view and the new-token marks in the real binary: the demo with churn, a second
/// sync records what changed, `+` marks the tokens that appeared, and `C` lists the events.
@Suite("Changes view end to end in tmux", .serialized)
struct ChangesViewEndToEndTests {
    /// The table rows marked new: "+" in the cell left of the id.
    static func newRows(_ screen: String) -> [String] {
        screen.split(separator: "\n").compactMap { line in
            guard let range = line.range(of: "││+") else { return nil }
            return String(line[range.upperBound...].prefix { $0 != " " })
        }
    }

    @Test func aSecondSyncMarksNewTokensAndTheViewListsTheirEvents() async throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("tokendeck-changes-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: home) }
        let command = "XDG_CONFIG_HOME=\(TmuxSession.shellQuoted(home.path)) " + TmuxSession.dashboardCommand("--demo --churn 20")
        let session = try TmuxSession(command, label: #function)
        try await session.waitUntil("the demo synced", timeout: 120) { screen in
            DashboardEndToEndTests.isSynced(screen) && screen.contains("q:quit")
                && DashboardEndToEndTests.demoAccounts.allSatisfy { DashboardEndToEndTests.sidebarCount(of: $0, in: screen) != nil }
        }
        // A first sync records nothing: no flood of new tokens.
        #expect(Self.newRows(try session.capture()).isEmpty)

        // The second sync compares with the first: the tokens churn created are new, newest first.
        try session.press("r")
        let marked = try await session.waitUntilSettled("tokens marked new", timeout: 120) { screen in
            !Self.newRows(screen).isEmpty && DashboardEndToEndTests.isSynced(screen)
        }
        let newID = try #require(Self.newRows(marked).first)

        try session.press("C")
        let view = try await session.waitUntilSettled("the Changes view", timeout: 60) { screen in
            screen.contains("┌ Changes · ") && screen.contains("WHEN") && screen.contains(" appeared ")
        }
        // The first appeared event's row: move the cursor there and jump to its token.
        let rows = DashboardEndToEndTests.lines(view).map(String.init)
        let header = try #require(rows.firstIndex { $0.contains("│ WHEN ") })
        let appeared = try #require(rows[(header + 1)...].firstIndex { $0.contains(" appeared ") })
        let fields = rows[appeared].split(separator: " ")
        let kindIndex = try #require(fields.firstIndex(of: "appeared"))
        let eventID = String(fields[kindIndex + 1])
        for _ in 0..<(appeared - header - 1) { try session.press("j") }
        try session.press("Enter")
        let jumped = try await session.waitUntilSettled("the token of the event selected", timeout: 60) { screen in
            !screen.contains("┌ Changes · ") && DashboardEndToEndTests.detailsText(screen).contains(eventID.replacingOccurrences(of: "…", with: ""))
        }
        #expect(!Self.newRows(jumped).isEmpty)
        #expect(!newID.isEmpty)
    }
}
