import Foundation
import Testing
import TestSupport
import TokenDeckCore
@testable import TokenDeckUI

/// Whole screens as text: what a person sees at common sizes.
@Suite struct DashboardScreenTests {
    @Test func dashboardAt100x20ShowsHeaderSidebarTableAndKeys() {
        let state = dashboard()
        #expect(state.screen.trimmedLines == [
            "TokenDeck · 3 accounts                                                                    ⟳ 12s ago",
            "┌ Accounts ────────┐┌ All accounts   page 1/1 · 1–6 of 6 ──────────────────────────────────────────┐",
            "│▸0 All          6 ││ ID            HYG  TYPE        TITLE            STATUS    CREATED ↓  EXPIRES │",
            "│ 1 acme-prod    2 ││ pat-8              personal    Feature store    active    24h ago    in 300d │",
            "│ 2 agents       2 ││ wstok_01hq8…       svc_access  Vendor X (Prod)  expiring  2d ago     in 29d  │",
            "│ 3 ml-platform  2 ││ 4021          ∅    token       Nightly agent    active    5d ago     in 90d  │",
            "│                  ││ pat-7              personal    Notebook access  revoked   20d ago    in 100d │",
            "│                  ││ wstok_01hq8…  ◔∞   personal_…  Laptop CLI       active    40d ago    never   │",
            "│                  ││ 4022               token       Expired agent    expired   100d ago   24h ago │",
            "│                  ││                                                                              │",
            "│                  ││                                                                              │",
            "│                  ││                                                                              │",
            "│                  ││                                                                              │",
            "│                  ││                                                                              │",
            "│                  ││                                                                              │",
            "│                  ││                                                                              │",
            "│                  ││                                                                              │",
            "│                  ││                                                                              │",
            "└──────────────────┘└──────────────────────────────────────────────────────────────────────────────┘",
            " ?:help  /:search  t:type  x:trash  f:status  s:sort  enter:details  y:copy id  c:create  r:refresh",
        ])
    }

    @Test func minimumSizeDropsSidebarAndLowPriorityColumns() {
        let lines = dashboard(size: Size(width: 60, height: 12)).screen.trimmedLines
        #expect(lines == [
            "TokenDeck · 3 accounts                            ⟳ 12s ago",
            "┌ All accounts   page 1/1 · 1–6 of 6 ──────────────────────┐",
            "│ ID            TYPE        TITLE        STATUS    EXPIRES │",
            "│ pat-8         personal    Feature st…  active    in 300d │",
            "│ wstok_01hq8…  svc_access  Vendor X (…  expiring  in 29d  │",
            "│ 4021          token       Nightly ag…  active    in 90d  │",
            "│ pat-7         personal    Notebook a…  revoked   in 100d │",
            "│ wstok_01hq8…  personal_…  Laptop CLI   active    never   │",
            "│ 4022          token       Expired ag…  expired   24h ago │",
            "│                                                          │",
            "└──────────────────────────────────────────────────────────┘",
            " ?:help  /:search  t:type  x:trash  f:status  s:sort",
        ])
    }

    @Test func tooSmallTerminalShowsOnePlainLineAndNothingElse() {
        let screen = App.render(dashboard(), size: Size(width: 59, height: 30))
        #expect(screen.trimmedLines.first == "terminal too small (needs 60×12)")
        #expect(screen.trimmedLines.dropFirst().allSatisfy { $0.isEmpty })
        #expect(App.render(dashboard(), size: Size(width: 100, height: 11)).trimmedLines.first == "terminal too small (needs 60×12)")
    }

    @Test(arguments: [(0, 0), (1, 1), (10, 3), (3, 10), (59, 11), (60, 12), (61, 13), (80, 24), (300, 100), (1, 200), (200, 1)])
    func anySizeRendersWithoutCrashing(width: Int, height: Int) {
        var state = dashboard(manyTokens(250))
        let size = Size(width: width, height: height)
        _ = App.update(&state, .resize(size))
        for key: Key in [.char("j"), .char("G"), .enter, .char("?"), .escape, .tab, .tab, .char("t")] {
            _ = App.update(&state, .key(key))
            let screen = App.render(state, size: size)
            #expect(screen.size == size)
            #expect(screen.lines.count == height)
        }
    }

    @Test func largeTerminalShowsTheDetailsPaneUnderTheTable() {
        let lines = dashboard(size: Size(width: 120, height: 40)).screen.trimmedLines
        #expect(lines[27].hasPrefix("┌ Details   lines 1–10 of 16 ───") && lines[27].hasSuffix("───┐") && lines[27].count == 120)
        #expect(lines[28] == "│ ID          pat-8                                                                                                    │")
        #expect(lines[29] == "│ Account     ml-platform · truefoundry                                                                                │")
        #expect(lines[36] == "│ Last used   not reported by truefoundry                                                                              │")
    }

    @Test func demoHeaderShowsTheDemoChip() {
        let header = dashboard(demo: true).screen.trimmedLines[0]
        #expect(header.hasPrefix("TokenDeck · 3 accounts  DEMO "))
    }

    @Test func noScalarBelowSpaceAnywhereOnAnyScreen() {
        var state = dashboard(size: Size(width: 120, height: 40))
        var screens = [state.screen]
        for key: Key in [.enter, .char("?"), .escape, .escape, .char("t")] {
            state.press(key)
            screens.append(state.screen)
        }
        for screen in screens {
            for cell in screen.cells {
                #expect(cell.text.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value != 0x7F && !(0x80...0x9F).contains($0.value) })
            }
        }
    }
}

/// A big cache: the newest tokens first, with an honest "loading" in place of a total, until
/// the whole set arrives; a late preview never replaces the whole set.
@Test func theCachePreviewSaysItIsLoadingUntilTheWholeSetComes() {
    var state = AppState(accounts: dashboardAccounts, now: TestClock.now)
    _ = App.update(&state, .resize(Size(width: 120, height: 40)))
    let all = manyTokens(500)
    _ = App.update(&state, .cachePreview(Array(all.prefix(300)), total: 100_000))
    #expect(state.visibleTokenCount == 300)
    #expect(state.screen.text.contains("newest 1–100 · loading 100,000 cached…"))
    #expect(state.screen.trimmedLines.first?.hasSuffix("loading…") == true, "not \"not synced\" while the cache is read")
    _ = App.update(&state, .tokensLoaded(all, fetchedAt: TestClock.now))
    #expect(state.visibleTokenCount == 500)
    #expect(state.screen.text.contains("page 1/5 · 1–100 of 500"))
    _ = App.update(&state, .cachePreview(Array(all.prefix(10)), total: 100_000))
    #expect(state.visibleTokenCount == 500)
    #expect(!state.screen.text.contains("loading"))
}
