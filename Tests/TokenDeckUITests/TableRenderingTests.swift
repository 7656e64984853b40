import Foundation
import Testing
import TestSupport
import TokenDeckCore
@testable import TokenDeckUI

@Suite struct TableRenderingTests {
    @Test func wideCharactersTakeTwoColumnsAndColumnsStillAlign() {
        let tokens = [
            Token.fixture(id: "tok_a", kind: "svc_access", title: "日本語のトークン名", createdAt: TestClock.days(-1)),
            Token.fixture(id: "tok_b", kind: "svc_access", title: "plain ascii title", createdAt: TestClock.days(-2)),
        ]
        let screen = dashboard(tokens).screen
        guard let wideRow = screen.dashboardRow(containing: "tok_a"), let plainRow = screen.dashboardRow(containing: "tok_b"),
              let header = screen.dashboardRow(containing: "STATUS") else {
            Issue.record("rows missing:\n\(screen.text)")
            return
        }
        // STATUS starts at the same cell column on the header and both rows.
        let statusColumn = screen.cellColumn(of: "STATUS", row: header)
        #expect(statusColumn != nil)
        #expect(screen.cellColumn(of: "active", row: wideRow) == statusColumn)
        #expect(screen.cellColumn(of: "active", row: plainRow) == statusColumn)
        // Every wide grapheme is followed by its continuation cell.
        let cells = (0..<screen.size.width).map { screen[$0, wideRow] }
        for (x, cell) in cells.enumerated() where DisplayWidth.of(cell.text) == 2 {
            #expect(cells[x + 1].isContinuation)
        }
        #expect(screen.lines[wideRow].contains("日本語のトークン名"))
    }

    @Test func wideTitleIsTruncatedByDisplayWidthWithAnEllipsis() {
        let tokens = [Token.fixture(id: "tok_a", title: String(repeating: "漢", count: 40))]
        let screen = dashboard(tokens, size: Size(width: 60, height: 12)).screen
        guard let row = screen.dashboardRow(containing: "tok_a") else { Issue.record("no row"); return }
        #expect(screen.lines[row].contains("漢…"))
        #expect(screen.trimmedLines[row].hasSuffix("│"))
    }

    @Test func hostileTitleRendersInertWithVisibleStandIns() {
        let hostile = "pwn\u{1B}]52;c;ZWNobyBoaQ==\u{07}\u{1B}[2J\u{9B}31m\u{202E}evil"
        let tokens = [Token.fixture(id: "tok_\u{1B}[31m", title: hostile, owner: "\u{1B}]0;title\u{07}")]
        var state = dashboard(tokens, size: Size(width: 140, height: 40))
        _ = App.update(&state, .syncFailed(account: "acme-prod", message: "provisionr HTTP 500: \u{1B}[5mboom\u{07}"))
        state.press(.enter)
        let screen = state.screen
        for cell in screen.cells {
            #expect(cell.text.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value != 0x7F && !(0x80...0x9F).contains($0.value) && $0.value != 0x202E })
        }
        #expect(screen.text.contains("pwn␛]52;c;ZWNob"))
        #expect(screen.text.contains("boom␇"))
    }

    @Test func rowsAreStyledByStatusAndTheSelectionIsReversed() {
        var state = dashboard()
        let screen = state.screen
        #expect(screen.style(at: "Expired agent")?.role == .error)
        #expect(screen.style(at: "Notebook access")?.role == .error)
        #expect(screen.style(at: "Vendor X (Prod)")?.role == .warn)
        // Selected (first) row: selection role and reverse, so mono still shows it.
        let selected = screen.style(at: "Feature store")
        #expect(selected?.role == .selection)
        #expect(selected?.reverse == true)
        // Zebra: the second active row (row index 3, odd) uses row_alt.
        #expect(screen.style(at: "Nightly agent")?.role == .text)
        state.press(.char("x"))
        let trashed = state.screen.style(at: "Old deploy bot")
        #expect(trashed?.role == .trashed)
        #expect(trashed?.dim == true)
    }

    @Test func zebraRowsAlternateOnActiveTokens() {
        let state = dashboard(manyTokens(4))
        let screen = state.screen
        #expect(screen.style(at: "Token number 2")?.role == .rowAlt)
        #expect(screen.style(at: "Token number 3")?.role == .text)
        #expect(screen.style(at: "Token number 4")?.role == .rowAlt)
    }

    @Test func hygieneGlyphsMarkNeverUsedUnusedAndNoExpiry() {
        let now = TestClock.now
        #expect(Hygiene.glyphs(for: .fixture(lastUsedAt: nil, expiresAt: nil, usageCount: 0), now: now) == "∅∞ ")
        #expect(Hygiene.glyphs(for: .fixture(createdAt: TestClock.days(-400), lastUsedAt: TestClock.days(-100)), now: now) == "◷ †")
        #expect(Hygiene.glyphs(for: .fixture(lastUsedAt: TestClock.days(-50)), now: now) == "◔  ")
        #expect(Hygiene.glyphs(for: .fixture(lastUsedAt: TestClock.days(-1)), now: now) == "")
        // Expired tokens say so in their status; no glyphs.
        #expect(Hygiene.glyphs(for: .fixture(lastUsedAt: nil, expiresAt: TestClock.days(-1)), now: now) == "")
    }

    @Test func relativeDatesReadAtAGlance() {
        let now = TestClock.now
        #expect(Format.relative(TestClock.days(-2), now: now) == "2d ago")
        #expect(Format.relative(TestClock.days(29), now: now) == "in 29d")
        #expect(Format.relative(nil, now: now) == "never")
        #expect(Format.relative(now.addingTimeInterval(-30), now: now) == "now")
        #expect(Format.relative(now.addingTimeInterval(-600), now: now) == "10m ago")
        #expect(Format.relative(TestClock.days(-800), now: now) == "2y ago")
        #expect(Format.thousands(8342) == "8,342")
        #expect(Format.thousands(1_234_567) == "1,234,567")
        #expect(Format.thousands(999) == "999")
        // The details pane's exact time agrees with a UTC calendar, seconds dropped, before 1970 too.
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        for seconds in [0.0, 59.9, -1, 951_782_400, 1_709_251_199, 4_102_444_800 + 86_399.5, -2_208_988_800] {
            let date = Date(timeIntervalSince1970: seconds)
            let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
            let expected = String(format: "%04d-%02d-%02d %02d:%02d UTC", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0)
            #expect(Format.timestamp(date) == expected, "\(seconds)")
        }
    }

    @Test func columnsAreDroppedByPriorityAsTheTableNarrows() {
        let sort = TokenSort()
        let cells = sampleTokens().map { TableColumn.texts(for: $0, now: TestClock.now) }
        // Each text sits at its column's ordinal.
        #expect(TableColumn.allCases.map(\.ordinal) == Array(0..<TableColumn.allCases.count))
        let wide = TableColumn.fit(available: 200, sort: sort, cells: cells).map(\.column)
        #expect(wide == TableColumn.allCases)
        let narrow = TableColumn.fit(available: 56, sort: sort, cells: cells).map(\.column)
        #expect(narrow.contains(.id) && narrow.contains(.title) && narrow.contains(.type))
        #expect(!narrow.contains(.owner))
        let tiny = TableColumn.fit(available: 20, sort: TokenSort(field: .title, ascending: true), cells: cells)
        #expect(tiny.map(\.column) == [.id, .title])
        #expect(tiny.reduce(0) { $0 + $1.width } + TableColumn.gap <= 20)
    }
}

