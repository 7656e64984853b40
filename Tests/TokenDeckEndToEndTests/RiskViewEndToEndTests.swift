import Foundation
import Testing

/// The risk view in the real binary: from the dashboard to a table filtered by risk in at most
/// three keys, every step waited for on screen.
@Suite("Risk view end to end in tmux", .serialized)
struct RiskViewEndToEndTests {
    /// The demo in a 120×40 pane with a config home of its own (no policy.toml: the built-in
    /// policy), once every account has synced.
    private func launchDemo(label: String = #function) async throws -> (TmuxSession, URL) {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("tokendeck-risk-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        let command = "XDG_CONFIG_HOME=\(TmuxSession.shellQuoted(home.path)) " + TmuxSession.dashboardCommand()
        let session = try TmuxSession(command, label: label)
        try await session.waitUntil("the demo synced", timeout: 120) { screen in
            let counts = DashboardEndToEndTests.demoAccounts.compactMap { DashboardEndToEndTests.sidebarCount(of: $0, in: screen) }
            return DashboardEndToEndTests.isSynced(screen) && counts.count == DashboardEndToEndTests.demoAccounts.count
                && counts.allSatisfy { $0 > 0 } && screen.contains("q:quit")
        }
        return (session, home)
    }

    /// The risk view's rows: (label, total) for each line between its RULE header and its footer,
    /// read from the box's left border on (the sidebar is left of it).
    static func riskRows(_ screen: String) -> [(label: String, total: Int)] {
        let lines = DashboardEndToEndTests.lines(screen).map { Array($0) }
        let marker = Array("│ RULE ")
        guard let header = lines.firstIndex(where: { String($0).contains("│ RULE ") }),
              let column = (0..<lines[header].count).first(where: { Array(lines[header][$0...].prefix(marker.count)) == marker })
        else { return [] }
        var rows: [(String, Int)] = []
        for line in lines[(header + 1)...] {
            guard line.count > column + 2, line[column] == "│" else { break }
            let inner = String(line[(column + 2)...].prefix { $0 != "│" })
            if inner.contains("─") { continue }
            let words = inner.split(separator: " ")
            guard let first = words.firstIndex(where: { !$0.isEmpty && $0.allSatisfy { $0.isNumber || $0 == "," } }),
                  let total = Int(words[first].filter(\.isNumber)) else { break }
            rows.append((words[..<first].joined(separator: " "), total))
        }
        return rows
    }

    @Test func fromTheRiskViewToAFilteredTableInThreeKeys() async throws {
        let (session, home) = try await launchDemo()
        defer { try? FileManager.default.removeItem(at: home) }
        let before = try session.capture()
        let all = DashboardEndToEndTests.sidebarCount(of: "All", in: before) ?? 0

        try session.press("R")
        let view = try await session.waitUntilSettled("the risk view", timeout: 60) { screen in
            screen.contains("Risks · built-in policy") && !Self.riskRows(screen).isEmpty && screen.contains("token")
        }
        let rows = Self.riskRows(view)
        // Biggest first, "any rule" last: the totals of the rules never grow down the list.
        let rules = rows.filter { $0.label != "any rule" }
        #expect(!rules.isEmpty, "no rules in:\n\(view)")
        #expect(rules.map(\.total) == rules.map(\.total).sorted(by: >), "not biggest first:\n\(view)")
        #expect(rows.last?.label == "any rule")
        // The second rule's total, all accounts: down, then Enter.
        let chosen = rules.count > 1 ? rules[1] : rules[0]
        if rules.count > 1 { try session.press("Down") }
        try session.press("Enter")
        #expect(session.keyPresses <= 3)

        let filtered = try await session.waitUntilSettled("the table filtered to \(chosen.label)", timeout: 60) { screen in
            DashboardEndToEndTests.header(screen).contains("risk: \(chosen.label)")
                && DashboardEndToEndTests.pageIndicator(screen)?.total == chosen.total
                && !screen.contains("Risks · ")
        }
        #expect(DashboardEndToEndTests.sidebarCount(of: "All", in: filtered) == chosen.total)
        #expect(chosen.total <= all)

        // Esc takes the filter away again: every token is back.
        try session.press("Escape")
        try await session.waitUntilSettled("the filter cleared", timeout: 60) { screen in
            !DashboardEndToEndTests.header(screen).contains("risk:") && DashboardEndToEndTests.sidebarCount(of: "All", in: screen) == all
        }
    }
}
