import Foundation
import Testing
import TestSupport
import TokenDeckCore
@testable import TokenDeckUI

@Suite struct PanelAndSyncTests {
    @Test func helpOverlayListsKeysAndLegendAndEscClosesIt() {
        var state = dashboard(size: Size(width: 100, height: 40))
        state.press(.char("?"))
        let text = state.screen.text
        #expect(text.contains("┌ Keys "))
        #expect(text.contains("x               trash: active → with trashed → only trashed"))
        #expect(text.contains("0 1–9           All accounts / the account with that number"))
        #expect(text.contains("f               status picker: active, expiring, expired…"))
        // The legend is at the end: j scrolls down to it.
        for _ in 0..<HelpOverlay.maxScroll(in: state.size) { state.press(.char("j")) }
        let end = state.screen.text
        #expect(end.contains("∅               never used"))
        #expect(end.contains("∞               never expires"))
        #expect(state.screen.trimmedLines.last == " esc:close  j/k:scroll")
        // Keys do not leak through the overlay.
        #expect(state.press(.char("x")).isEmpty)
        state.press(.escape)
        #expect(state.overlay == nil)
        #expect(!state.screen.text.contains("┌ Keys "))
    }

    @Test func detailsPaneShowsEveryFieldAndPrettyPrintedRawJSON() {
        let raw = #"{"id":"wstok_1","name":"svc_access","description":"Vendor X (Prod)","abilities":["read","write"],"expires_at":null}"#
        var token = Token.fixture(id: "wstok_1", owner: "alice", scopes: ["read", "write"], usageCount: 1234)
        token.rawJSON = raw
        var state = dashboard([token], size: Size(width: 100, height: 24))
        state.press(.enter)
        #expect(state.focus == .details)
        let lines = state.screen.trimmedLines
        #expect(lines.contains { $0.contains("│ ID          wstok_1") })
        #expect(lines.contains { $0.contains("│ Scopes      read, write") })
        #expect(lines.contains { $0.contains("│ Created     2024-04-21 00:00 UTC  (10d ago)") })
        #expect(state.screen.trimmedLines.last?.hasPrefix(" j/k:scroll") == true)
        state.press(.char("j"), .char("j"))
        #expect(state.screen.text.contains("│ Usage       1,234 requests"))
        #expect(state.screen.text.contains("┌ Details   lines 3–"))
        // Scroll down to the JSON.
        for _ in 0..<20 { state.press(.char("j")) }
        let scrolled = state.screen.text
        #expect(scrolled.contains("Raw provisionr JSON") || scrolled.contains("\"abilities\" : ["))
        #expect(scrolled.contains("\"description\" : \"Vendor X (Prod)\""))
        #expect(scrolled.contains("\"expires_at\" : null"))
        state.press(.char("G"))
        #expect(state.screen.text.contains("\"name\" : \"svc_access\""))
        state.press(.escape)
        #expect(state.focus == .table)
    }

    @Test func detailsLinesIncludeHygieneAndPrettyJSON() {
        var token = Token.fixture(lastUsedAt: nil, expiresAt: nil, usageCount: 0)
        token.rawJSON = #"{"b":1,"a":{"c":[1,2]}}"#
        let text = DetailsPane.lines(for: token, rawJSON: token.rawJSON, now: TestClock.now, width: 80).map { $0.map(\.text).joined() }
        #expect(text.contains("Hygiene     never used, no expiry"))
        #expect(text.contains("Expires     never"))
        #expect(Array(text.suffix(10)) == ["Raw provisionr JSON", "{", "  \"a\" : {", "    \"c\" : [", "      1,", "      2", "    ]", "  },", "  \"b\" : 1", "}"])
    }

    @Test func prettyJSONKeepsEscapesAndShowsEmptiesOnOneLine() {
        var token = Token.fixture()
        token.rawJSON = #"{"z":{},"list":[],"name":"a\"b\u001b[31m","n":1.5,"t":true}"#
        let text = DetailsPane.lines(for: token, rawJSON: token.rawJSON, now: TestClock.now, width: 80).map { $0.map(\.text).joined() }
        #expect(Array(text.suffix(7)) == ["{", "  \"list\" : [],", "  \"n\" : 1.5,", "  \"name\" : \"a\\\"b\\u001b[31m\",", "  \"t\" : true,", "  \"z\" : {}", "}"])
        // Not JSON: the text as it came, a line per line.
        let plain = DetailsPane.lines(for: token, rawJSON: "not json\nsecond", now: TestClock.now, width: 80).map { $0.map(\.text).joined() }
        #expect(Array(plain.suffix(2)) == ["not json", "second"])
    }

    @Test func copyEmitsTheIDAndConfirmsInTheMessageLine() {
        var state = dashboard()
        let effects = state.press(.char("y"))
        #expect(effects == [.copyToClipboard("pat-8")])
        #expect(state.screen.text.contains("✓ copied pat-8 to the clipboard"))
        state.press(.char("j"))
        #expect(!state.screen.text.contains("copied"))
    }

    @Test func quitAndCtrlCQuitFromAnywhere() {
        var state = dashboard()
        #expect(state.press(.char("q")) == [.quit])
        #expect(state.shouldQuit)
        var searching = dashboard()
        searching.press(.char("/"))
        #expect(searching.press(.ctrl("c")) == [.quit])
        var helping = dashboard()
        helping.press(.char("?"))
        #expect(helping.press(.ctrl("c")) == [.quit])
    }

    /// A refresh fetches the whole set whatever the view shows: the trash filter is not part of it.
    @Test func refreshIsTheSameWhateverTheTrashFilter() {
        var state = dashboard()
        #expect(state.press(.char("r")) == [.refresh])
        state.press(.char("x"), .char("x"))
        #expect(state.press(.char("r")) == [.refresh])
        #expect(state.press(.char(":")) == [])
        state.type("refresh")
        #expect(state.press(.enter) == [.refresh])
    }

    @Test func anUnconfirmedAccountIsMarkedUntilItsNextWalkBegins() {
        var state = dashboard(size: Size(width: 120, height: 40))
        App.update(&state, .syncStarted)
        App.update(&state, .syncUnconfirmed(account: "acme-prod", count: 3))
        #expect(state.screen.lines.contains { $0.contains("acme-prod: changed during sync — 3 tokens unconfirmed") })
        let marked = state.screen.lines.filter { $0.contains("!acme-prod") }
        #expect(marked.count == 1, "\(state.screen.lines)")
        App.update(&state, .syncFinished(Date()))
        #expect(state.screen.lines.contains { $0.contains("!acme-prod") })
        App.update(&state, .syncStarted)
        App.update(&state, .syncProgress(account: "acme-prod", pagesDone: 1, pagesKnown: 2))
        #expect(!state.screen.lines.contains { $0.contains("!acme-prod") })
    }

    @Test func syncFailureShowsAnErrorLineAndKeepsTheTokens() {
        var state = dashboard()
        _ = App.update(&state, .syncStarted)
        _ = App.update(&state, .syncFailed(account: "acme-prod", message: "provisionr HTTP 401: Unauthenticated."))
        let lines = state.screen.trimmedLines
        #expect(lines[18].hasPrefix(" ✗ acme-prod: provisionr HTTP 401: Unauthenticated."))
        #expect(lines[18].hasSuffix("esc dismisses"))
        #expect(state.screen.style(at: "acme-prod: provisionr")?.role == .error)
        #expect(state.visibleTokenCount == 6)
        #expect(state.screen.text.contains("Feature store"))
        _ = App.update(&state, .syncFailed(account: "agents", message: "metokens HTTP 503: down"))
        #expect(state.screen.text.contains("agents: metokens HTTP 503: down  (+1 more)"))
        state.press(.escape)
        #expect(!state.screen.text.contains("✗"))
    }

    @Test func headerShowsSyncProgressAndFreshness() {
        var state = dashboard()
        _ = App.update(&state, .syncStarted)
        _ = App.update(&state, .syncProgress(account: "acme-prod", pagesDone: 30, pagesKnown: 100))
        _ = App.update(&state, .syncProgress(account: "agents", pagesDone: 4, pagesKnown: 20))
        #expect(state.screen.trimmedLines[0].hasSuffix("syncing 34/120 pages  ⟳ 12s ago"))
        _ = App.update(&state, .syncProgress(account: "ml-platform", pagesDone: 1, pagesKnown: nil))
        #expect(state.screen.trimmedLines[0].hasSuffix("syncing 35 pages  ⟳ 12s ago"))
        let finished = TestClock.now.addingTimeInterval(2)
        _ = App.update(&state, .syncFinished(finished))
        _ = App.update(&state, .tick(finished.addingTimeInterval(65)))
        #expect(state.screen.trimmedLines[0].hasSuffix("⟳ 1m ago"))
    }

    @Test func beforeAnyDataTheTableSaysLoading() {
        var state = AppState(accounts: dashboardAccounts, now: TestClock.now)
        _ = App.update(&state, .resize(Size(width: 80, height: 20)))
        let text = state.screen.text
        #expect(text.contains("loading tokens…"))
        #expect(state.screen.trimmedLines[0].hasSuffix("loading…"))
        #expect(state.press(.char("j"), .char("G"), .enter, .char("y")) == [])
    }
}
