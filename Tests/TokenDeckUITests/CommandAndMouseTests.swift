import Foundation
import Testing
import TestSupport
import TokenDeckCore
@testable import TokenDeckUI

/// `:` commands with completion, `Y`, and the mouse: each drives the same state the keys do.
@Suite struct CommandAndMouseTests {
    static func wide() -> AppState {
        var state = dashboard(size: Size(width: 120, height: 40))
        state.themeNames = ["default", "high-contrast", "light", "mono"]
        return state
    }

    // MARK: - Command prompt

    @Test func colonOpensThePromptAndItTakesEveryKey() {
        var state = Self.wide()
        state.press(.char(":"))
        state.type("qxt")
        #expect(!state.shouldQuit)
        #expect(state.trashFilter == .none)
        #expect(state.commandPrompt?.text == "qxt")
        #expect(state.screen.trimmedLines.last?.hasPrefix(" :qxt") == true)
        state.press(.escape)
        #expect(state.commandPrompt == nil)
    }

    @Test func tabCompletesTheCommandThenItsArgument() {
        var state = Self.wide()
        state.press(.char(":"))
        state.type("acc")
        state.press(.tab)
        #expect(state.commandPrompt?.text == "account ")
        state.type("a")
        state.press(.tab)
        // "all", "acme-prod" and "agents" share only "a": all are offered, nothing is guessed.
        #expect(state.commandPrompt?.text == "account a")
        #expect(state.commandPrompt?.candidates == ["all", "acme-prod", "agents"])
        #expect(state.screen.trimmedLines.last?.contains("all  acme-prod  agents") == true)
        state.type("g")
        state.press(.tab)
        #expect(state.commandPrompt?.text == "account agents ")
        state.press(.enter)
        #expect(state.commandPrompt == nil)
        #expect(state.selectedAccount == "agents")
        #expect(Set(state.visibleIDs) == ["4021", "4022"])
    }

    @Test func typeTrashStatusSortAndSearchCommands() {
        var state = Self.wide()
        state.press(.char(":"))
        state.type("type svc_access")
        state.press(.enter)
        #expect(state.query.kind == "svc_access")
        #expect(state.visibleIDs == ["wstok_01hq8xa1"])

        state.press(.char(":"))
        state.type("trash only")
        #expect(state.press(.enter) == [])
        #expect(state.visibleIDs == ["wstok_01hq8xc3"])

        state.press(.char(":"))
        state.type("type all")
        state.press(.enter)
        state.press(.char(":"))
        state.type("trash none")
        state.press(.enter)
        state.press(.char(":"))
        state.type("status expired")
        state.press(.enter)
        #expect(state.visibleIDs == ["4022"])

        state.press(.char(":"))
        state.type("status all")
        state.press(.enter)
        state.press(.char(":"))
        state.type("sort title asc")
        state.press(.enter)
        #expect(state.query.sort == TokenSort(field: .title, ascending: true))
        #expect(state.visibleIDs.first == "4022")  // "Expired agent" sorts first

        state.press(.char(":"))
        state.type("search laptop")
        state.press(.enter)
        #expect(state.visibleIDs == ["wstok_01hq8xb2"])
    }

    @Test func themeAndExportBecomeEffectsForTheRuntime() {
        var state = Self.wide()
        state.press(.char(":"))
        state.type("theme li")
        state.press(.tab)
        #expect(state.commandPrompt?.text == "theme light ")
        #expect(state.press(.enter) == [.switchTheme("light")])

        state.press(.char(":"))
        state.type("type svc_access")
        state.press(.enter)
        state.press(.char(":"))
        state.type("export csv ~/tokens.csv")
        let effects = state.press(.enter)
        guard case .exportView(let format, let path, let tokens) = effects.first else {
            Issue.record("expected an export effect, got \(effects)")
            return
        }
        #expect(format == "csv")
        #expect(path == "~/tokens.csv")
        #expect(tokens.map(\.id) == ["wstok_01hq8xa1"], "the view as filtered, not everything")
    }

    @Test func mistakesAreNamedInTheMessageLine() {
        var state = Self.wide()
        state.press(.char(":"))
        state.type("acount agents")
        state.press(.enter)
        #expect(state.screen.text.contains("unknown command 'acount'"))
        state.press(.char(":"))
        state.type("account nobody")
        state.press(.enter)
        #expect(state.screen.text.contains("no account 'nobody' — accounts: acme-prod, agents, ml-platform"))
        state.press(.char(":"))
        state.type("export xml out.xml")
        #expect(state.press(.enter).isEmpty)
        #expect(state.screen.text.contains(":export csv|json FILE"))
        state.press(.char(":"))
        state.type("trash")
        state.press(.enter)
        #expect(state.screen.text.contains(":trash none|with|only"))
    }

    @Test func runtimeMessagesReachTheMessageLine() {
        var state = Self.wide()
        _ = App.update(&state, .statusMessage("exported 3 tokens to /tmp/x.csv", isError: false))
        #expect(state.screen.text.contains("✓ exported 3 tokens to /tmp/x.csv"))
    }

    // MARK: - Y

    @Test func capitalYCopiesTheSelectedTokenAsJSON() throws {
        var state = Self.wide()
        let effects = state.press(.char("Y"))
        guard case .copyToClipboard(let text) = effects.first else {
            Issue.record("expected a copy, got \(effects)")
            return
        }
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        // The newest token of the sample is selected at start.
        #expect(object["id"] as? String == "pat-8")
        #expect(object["account"] as? String == "ml-platform")
        #expect(object["kind"] as? String == "personal")
        #expect(object["title"] as? String == "Feature store")
        #expect(state.screen.text.contains("copied the JSON of pat-8"))
    }

    // MARK: - Mouse

    @Test func clickingAnAccountInTheSidebarShowsIt() throws {
        var state = Self.wide()
        let row = try #require(state.screen.dashboardRow(containing: "2 agents"))
        state.press(.mouse(MouseEvent(kind: .press, x: 4, y: row)))
        #expect(state.selectedAccount == "agents")
        #expect(state.focus == .sidebar)
    }

    @Test func clickingATableRowSelectsItAndTheWheelScrolls() throws {
        var state = Self.wide()
        let row = try #require(state.screen.dashboardRow(containing: "wstok_01hq8xb2"))
        let column = try #require(state.screen.cellColumn(of: "wstok_01hq8xb2", row: row))
        state.press(.mouse(MouseEvent(kind: .press, x: column, y: row)))
        #expect(state.selectedToken?.id == "wstok_01hq8xb2")
        let clicked = state.selection
        #expect(clicked == 4, "fifth newest of the sample")
        state.press(.mouse(MouseEvent(kind: .wheelUp, x: column, y: row)))
        #expect(state.selection == 1)
        state.press(.mouse(MouseEvent(kind: .wheelDown, x: column, y: row)))
        #expect(state.selection == 4)
    }

    @Test func clickingAKeyHintRunsIt() throws {
        var state = Self.wide()
        let bar = state.size.height - 1
        let column = try #require(state.screen.cellColumn(of: "t:type", row: bar))
        state.press(.mouse(MouseEvent(kind: .press, x: column + 2, y: bar)))
        #expect(state.screen.text.contains("Token type"), "the type picker opened")
        state.press(.escape)
        let help = try #require(state.screen.cellColumn(of: "?:help", row: bar))
        state.press(.mouse(MouseEvent(kind: .press, x: help, y: bar)))
        #expect(state.screen.text.contains("┌ Keys"))
    }
}
