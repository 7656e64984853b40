import Foundation
import Testing
import TestSupport
import TokenDeckCore
@testable import TokenDeckUI

@Suite struct NavigationTests {
    /// 8,342 tokens in acme-prod, pages of 500, like the design's sketch.
    func sketchState() -> AppState {
        var state = dashboard(manyTokens(8342), size: Size(width: 120, height: 40), pageSize: 500)
        state.press(.tab, .tab, .char("j"), .enter)  // table → details → sidebar; acme-prod
        return state
    }

    @Test func pageIndicatorCountsWithThousandsSeparators() {
        var state = sketchState()
        #expect(state.selectedAccount == "acme-prod")
        #expect(state.screen.lines[1].contains("┌ acme-prod · provisionr   page 1/17 · 1–500 of 8,342 ─"))
        state.press(.char("n"))
        #expect(state.screen.lines[1].contains("acme-prod · provisionr   page 2/17 · 501–1,000 of 8,342"))
        state.press(.pageDown)
        #expect(state.screen.lines[1].contains("page 3/17 · 1,001–1,500 of 8,342"))
        state.press(.char("p"), .pageUp)
        #expect(state.screen.lines[1].contains("page 1/17 · 1–500 of 8,342"))
        state.press(.char("G"))
        #expect(state.screen.lines[1].contains("page 17/17 · 8,001–8,342 of 8,342"))
        #expect(state.selectedToken?.id == "tok_08342")
        state.press(.char("n"))  // no page after the last
        #expect(state.selectedToken?.id == "tok_08342")
        state.press(.char("g"))
        #expect(state.selectedToken?.id == "tok_00001")
    }

    @Test func nextPageShowsTheFirstRowsOfThatPageOnly() {
        var state = dashboard(manyTokens(250), pageSize: 100)
        state.press(.char("n"))
        let text = state.screen.text
        #expect(state.selectedToken?.id == "tok_00101")
        #expect(text.contains("tok_00101"))
        #expect(!text.contains("tok_00100"))
        #expect(text.contains("page 2/3 · 101–200 of 250"))
    }

    @Test func movingDownKeepsTheSelectionVisibleAndCrossesPages() {
        var state = dashboard(manyTokens(250), pageSize: 100)  // 100×20: 15 visible rows
        for step in 1...120 {
            state.press(.char("j"))
            let id = "tok_" + String(format: "%05d", step + 1)
            #expect(state.selectedToken?.id == id)
            #expect(state.screen.text.contains(id), "selection \(id) scrolled out of view")
        }
        #expect(state.screen.lines[1].contains("page 2/3 · 101–200 of 250"))
        for _ in 1...30 { state.press(.char("k")) }
        #expect(state.selectedToken?.id == "tok_00091")
        #expect(state.screen.text.contains("tok_00091"))
        #expect(state.screen.lines[1].contains("page 1/3"))
    }

    @Test func lastRowsOfAPageFillTheViewport() {
        var state = dashboard(manyTokens(250), pageSize: 100)
        state.press(.char("n"), .char("k"))  // last row of page 1
        let lines = state.screen.trimmedLines
        #expect(state.selectedToken?.id == "tok_00100")
        // 15 data rows: 86…100, the selection on the last one.
        #expect(lines[3].contains("tok_00086"))
        #expect(lines[17].contains("tok_00100"))
    }

    @Test func selectionStaysVisibleAfterAShrinkingResize() {
        var state = dashboard(manyTokens(100))
        for _ in 0..<12 { state.press(.down) }
        _ = App.update(&state, .resize(Size(width: 80, height: 12)))
        #expect(state.screen.text.contains("tok_00013"))
    }

    @Test func sidebarSelectsAnAccountAndCountsFollowTheFilters() {
        var state = dashboard()
        state.press(.tab, .tab)  // table → details → sidebar
        #expect(state.focus == .sidebar)
        state.press(.char("j"), .char("j"))
        #expect(state.selectedAccount == "agents")
        #expect(state.visibleIDs == ["4021", "4022"])
        #expect(state.screen.lines[1].contains("agents · metokens   page 1/1 · 1–2 of 2"))
        state.press(.enter)
        #expect(state.focus == .table)
        // Counts per account follow the search.
        state.press(.char("/"))
        state.type("agent")
        let lines = state.screen.trimmedLines
        #expect(lines[2].hasPrefix("│▸ All         2 │") == false)
        #expect(lines[2].contains("All"))
        #expect(lines[2].contains(" 2 │"))
        #expect(lines[3].contains("acme-prod") && lines[3].contains(" 0 │"))
        #expect(lines[4].contains("agents") && lines[4].contains(" 2 │"))
    }

    @Test func tabCyclesSidebarTableDetails() {
        var state = dashboard()
        #expect(state.focus == .table)
        state.press(.tab)
        #expect(state.focus == .details)
        state.press(.tab)
        #expect(state.focus == .sidebar)
        state.press(.tab)
        #expect(state.focus == .table)
        state.press(.backTab)
        #expect(state.focus == .sidebar)
    }

    @Test func aReloadKeepsTheSelectedTokenByKey() {
        var state = dashboard(manyTokens(50))
        state.press(.char("j"), .char("j"), .char("j"))
        #expect(state.selectedToken?.id == "tok_00004")
        // A newer token arrives at the top: the selection follows tok_00004 to its new row.
        let newer = Token.fixture(id: "tok_new", createdAt: TestClock.now)
        _ = App.update(&state, .tokensLoaded([newer] + manyTokens(50), fetchedAt: TestClock.now))
        #expect(state.selectedToken?.id == "tok_00004")
        #expect(state.selection == 4)
    }

    @Test func aReloadKeepsTheTopRowSelectedWhenTheSelectionWasThere() {
        var state = dashboard(manyTokens(50))
        #expect(state.selectedToken?.id == "tok_00001")
        let newer = Token.fixture(id: "tok_new", createdAt: TestClock.now)
        _ = App.update(&state, .tokensLoaded([newer] + manyTokens(50), fetchedAt: TestClock.now))
        #expect(state.selectedToken?.id == "tok_new")
        #expect(state.selection == 0)
    }

    @Test func moveKeysDoNotRecomputeTheFilteredView() {
        var state = dashboard(manyTokens(1000))
        let revision = state.view.revision
        state.press(.char("j"), .char("j"), .char("G"), .char("p"), .char("g"), .pageDown, .enter, .char("j"), .escape, .tab)
        _ = App.update(&state, .tick(TestClock.now.addingTimeInterval(5)))
        #expect(state.view.revision == revision)
        let rows = state.view.rows
        // Last used, then expiry: every fixture ties, so the rows stay as they are and nothing is
        // recomputed; the title sort reorders them.
        state.press(.char("s"), .char("s"))
        #expect(state.view.revision == revision)
        state.press(.char("s"))
        #expect(state.view.rows != rows)
        #expect(state.view.revision != revision)
    }

    @Test func mouseWheelAndClickMoveTheSelection() {
        var state = dashboard(manyTokens(50))
        state.press(.mouse(MouseEvent(kind: .wheelDown, x: 40, y: 5)))
        #expect(state.selectedToken?.id == "tok_00004")
        // Row y=5 is the third data row (header row 2).
        state.press(.mouse(MouseEvent(kind: .press, x: 40, y: 5)))
        #expect(state.selection == state.tableTop + 2)
    }
}
