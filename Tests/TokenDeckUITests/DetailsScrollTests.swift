import Foundation
import Testing
import TestSupport
import TokenDeckCore
@testable import TokenDeckUI

/// Scrolling the details pane over a long vendor JSON: clamped at both ends, `k` after `G` one line
/// up from the end, whichever way the JSON was printed (kept in the state for the keys, in the
/// frame memo for render).
@Suite struct DetailsScrollTests {
    func state() -> AppState {
        var token = Token.fixture(id: "long-json")
        token.rawJSON = "{" + (1...60).map { "\"key\($0)\":\($0)" }.joined(separator: ",") + "}"
        var state = dashboard([token], size: Size(width: 100, height: 30))
        state.press(.enter)
        return state
    }

    /// "lines A–B of N" from the details pane's title.
    func shownRange(_ state: AppState) -> String? {
        let text = state.screen.text
        guard let range = text.range(of: #"lines \d+–\d+ of \d+"#, options: .regularExpression) else { return nil }
        return String(text[range])
    }

    @Test func scrollingStopsAtTheEndAndKGoesUpOneLineFromIt() throws {
        var state = state()
        let top = try #require(shownRange(state))
        let total = try #require(Int(top.split(separator: " ").last ?? ""))
        let rows = state.detailsScrollRowsForTest
        state.press(.char("G"))
        #expect(shownRange(state) == "lines \(total - rows + 1)–\(total) of \(total)")
        state.press(.char("j"), .char("j"))
        #expect(shownRange(state) == "lines \(total - rows + 1)–\(total) of \(total)")
        state.press(.char("k"))
        #expect(shownRange(state) == "lines \(total - rows)–\(total - 1) of \(total)")
        state.press(.char("g"), .char("k"))
        #expect(shownRange(state) == top)
    }
}

extension AppState {
    /// Text rows inside the details pane's border.
    var detailsScrollRowsForTest: Int { Layout(size: size, state: self).detailsRows }
}
