import Foundation
import Testing
import TestSupport
import TokenDeckCore
@testable import TokenDeckUI

/// Render's memos live in a `FrameMemo` the runtime passes in, and a memo never changes a screen;
/// the index keeps a minute's statuses as a plain value.
@Suite struct FrameMemoTests {
    /// One memo across many frames (as the runtime keeps it) draws exactly what a fresh memo draws
    /// for each frame: the kept layout and JSON are used only for the frame they were made for.
    @Test func aMemoKeptAcrossFramesDrawsWhatAFreshOneDraws() {
        var state = dashboard(size: Size(width: 120, height: 30))
        let memo = FrameMemo()
        let steps: [(AppState) -> AppState] = [
            { $0 },
            { var s = $0; s.press(.char("j")); return s },
            { var s = $0; _ = App.update(&s, .tick(TestClock.now.addingTimeInterval(1))); return s },
            { var s = $0; s.press(.char("/")); s.type("vault"); return s },
            { var s = $0; s.press(.escape, .char("G")); return s },
            { var s = $0; _ = App.update(&s, .resize(Size(width: 100, height: 30))); return s },
            { var s = $0; s.press(.char("k"), .char("k")); return s },
        ]
        for (number, step) in steps.enumerated() {
            state = step(state)
            let size = state.size
            let withMemo = App.render(state, size: size, memo: memo)
            #expect(withMemo == App.render(state, size: size, memo: FrameMemo()), "step \(number)")
            // Twice with the same memo: the second frame comes from what the first kept.
            #expect(App.render(state, size: size, memo: memo) == withMemo, "step \(number), again")
        }
    }

    @Test func twoDashboardsSharingNoMemoNeverShareALayout() {
        let one = dashboard(size: Size(width: 120, height: 30))
        var other = one
        other.press(.char("s"))
        let memo = FrameMemo()
        let first = App.render(one, size: one.size, memo: memo)
        #expect(App.render(other, size: other.size, memo: memo) == App.render(other, size: other.size))
        #expect(App.render(one, size: one.size, memo: memo) == first)
    }

    /// A status worked out for a minute is kept for the rest of it (what a status filter and the
    /// picker read), and worked out again the next minute; without keeping, each ask is exact.
    @Test func keptStatusesLastTheirMinute() {
        let expiring = TokenStatus.allCases.firstIndex(of: .expiring).map(UInt8.init)
        let expired = TokenStatus.allCases.firstIndex(of: .expired).map(UInt8.init)
        var index = TokenIndex(tokens: [Token.fixture(expiresAt: TestClock.now.addingTimeInterval(10))], accountNames: ["acme-prod"], generation: 1)
        let start = TestClock.now.timeIntervalSinceReferenceDate
        #expect(index.statusColumns.statuses(asOf: start + 20).first == expired)
        index.keepStatuses(asOf: TestClock.now)
        #expect(index.statusColumns.statuses(asOf: start).first == expiring)
        #expect(index.statusColumns.statuses(asOf: start + 20).first == expiring)
        #expect(index.statusColumns.statuses(asOf: start + 60).first == expired)
        index.keepStatuses(asOf: TestClock.now.addingTimeInterval(60))
        #expect(index.statusColumns.statuses(asOf: start + 61).first == expired)
        // A copy keeps its own: the original's kept minute is untouched by the copy's.
        var copy = index
        copy.setVendorStatus(.suspended, at: 0)
        #expect(copy.statusColumns.statuses(asOf: start + 61).first == TokenStatus.allCases.firstIndex(of: .suspended).map(UInt8.init))
        #expect(index.statusColumns.statuses(asOf: start + 61).first == expired)
    }
}
