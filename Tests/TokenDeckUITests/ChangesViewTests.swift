import Foundation
import Testing
import TestSupport
import TokenDeckCore
@testable import TokenDeckUI

/// Change events as the runtime reads them from the cache for the sample tokens, newest first.
func sampleChanges() -> [ChangeEvent] {
    [
        ChangeEvent(at: TestClock.now.addingTimeInterval(-120), account: "ml-platform", tokenID: "pat-8", title: "Feature store",
                    kind: "appeared", detail: "appeared"),
        ChangeEvent(at: TestClock.now.addingTimeInterval(-3_600), account: "ml-platform", tokenID: "pat-7", title: "Notebook access",
                    kind: "status", detail: "status active → revoked"),
        ChangeEvent(at: TestClock.days(-1), account: "acme-prod", tokenID: "wstok_01hq8xc3", title: "Old deploy bot",
                    kind: "trashed", detail: "moved to the trash"),
        ChangeEvent(at: TestClock.days(-2), account: "agents", tokenID: "4030", title: "Gone\u{1B}[31m agent",
                    kind: "disappeared", detail: "disappeared (deleted, or no longer listed)"),
    ]
}

@Suite("Changes view and new-token marks")
struct ChangesViewTests {
    @Test func capitalCAndColonChangesAskTheRuntimeForTheChanges() {
        var state = dashboard()
        #expect(state.press(.char("C")) == [.loadChanges])
        #expect(state.changesPanel?.events == nil)
        #expect(state.screen.trimmedLines.contains { $0.contains("reading the cache…") })
        state.press(.escape)
        #expect(state.changesPanel == nil)
        state.press(.char(":"))
        state.type("changes")
        #expect(state.press(.enter) == [.loadChanges])
        #expect(state.changesPanel != nil)
    }

    @Test func anAnswerAfterTheViewClosedIsDropped() {
        var state = dashboard()
        state.press(.char("C"), .escape)
        _ = App.update(&state, .changesLoaded(sampleChanges(), error: nil))
        #expect(state.changesPanel == nil)
    }

    @Test func theChangesViewAt100x20() {
        var state = dashboard()
        state.press(.char("C"))
        _ = App.update(&state, .changesLoaded(sampleChanges(), error: nil))
        state.press(.char("j"))
        let expected: [String] = [
            #"TokenDeck · 3 accounts                                                                    ⟳ 12s ago"#,
            #"┌ ┌ Changes · 4 events, newest first ────────────────────────────────────────────────────────────┐─┐"#,
            #"│▸│ WHEN     ACCOUNT      KIND         TOKEN                          DETAIL                     │ │"#,
            #"│ │ 2m ago   ml-platform  appeared     pat-8 Feature store            appeared                   │ │"#,
            #"│ │ 1h ago   ml-platform  status       pat-7 Notebook access          status active → revoked    │ │"#,
            #"│ │ 24h ago  acme-prod    trashed      wstok_01hq8xc3 Old deploy bot  moved to the trash         │ │"#,
            #"│ │ 2d ago   agents       disappeared  4030 Gone␛[31m agent           disappeared (deleted, or … │ │"#,
            #"│ │                                                                                              │ │"#,
            #"│ │                                                                                              │ │"#,
            #"│ │                                                                                              │ │"#,
            #"│ │                                                                                              │ │"#,
            #"│ │                                                                                              │ │"#,
            #"│ │                                                                                              │ │"#,
            #"│ │                                                                                              │ │"#,
            #"│ │                                                                                              │ │"#,
            #"│ │                                                                                              │ │"#,
            #"│ │                                                                                              │ │"#,
            #"│ │                                                                                              │ │"#,
            #"└─└──────────────────────────────────────────────────────────────────────────────────────────────┘─┘"#,
            #" j/k:move  enter:go to token  esc:close"#,
        ]
        #expect(state.screen.trimmedLines == expected)
    }

    @Test func anEmptyChangeLogSaysWhy() {
        var state = dashboard(size: Size(width: 100, height: 12))
        state.press(.char("C"))
        _ = App.update(&state, .changesLoaded([], error: nil))
        let expected: [String] = [
            #"TokenDeck · 3 accounts                                                                    ⟳ 12s ago"#,
            #"┌ ┌ Changes · 0 events, newest first ────────────────────────────────────────────────────────────┐─┐"#,
            #"│▸│ no changes recorded yet: a sync records what changed since the one before                    │ │"#,
            #"│ │                                                                                              │ │"#,
            #"│ │                                                                                              │ │"#,
            #"│ │                                                                                              │ │"#,
            #"│ │                                                                                              │ │"#,
            #"│ │                                                                                              │ │"#,
            #"│ │                                                                                              │ │"#,
            #"│ │                                                                                              │ │"#,
            #"└─└──────────────────────────────────────────────────────────────────────────────────────────────┘─┘"#,
            #" j/k:move  enter:go to token  esc:close"#,
        ]
        #expect(state.screen.trimmedLines == expected)
    }

    @Test func enterJumpsToTheTokenInTheTable() {
        var state = dashboard()
        state.press(.char("C"))
        _ = App.update(&state, .changesLoaded(sampleChanges(), error: nil))
        state.press(.char("j"), .char("k"), .enter)  // pat-8, shown by the current filters
        #expect(state.changesPanel == nil)
        #expect(state.selectedToken?.id == "pat-8")
        #expect(state.message == nil)
    }

    @Test func enterOnAHiddenTokenClearsTheFiltersToShowIt() {
        var state = dashboard()
        state.press(.char("2"), .char("/"))
        state.type("agent")
        state.press(.enter)
        state.press(.char("C"))
        _ = App.update(&state, .changesLoaded(sampleChanges(), error: nil))
        state.press(.char("j"), .char("j"), .enter)  // the trashed deploy bot in acme-prod
        #expect(state.selectedToken?.id == "wstok_01hq8xc3")
        #expect(state.query.trashed == .with && state.query.text.isEmpty && state.selectedAccount == nil)
        #expect(state.message?.text == "filters cleared to show wstok_01hq8xc3")
    }

    @Test func enterOnATokenNoLongerCachedSaysSo() {
        var state = dashboard()
        state.press(.char("C"))
        _ = App.update(&state, .changesLoaded(sampleChanges(), error: nil))
        state.press(.char("G"), .enter)
        #expect(state.message?.text == "4030 is no longer in agents")
    }

    @Test func aCacheErrorIsShownInTheView() {
        var state = dashboard()
        state.press(.char("C"))
        _ = App.update(&state, .changesLoaded(nil, error: "cannot read the cache's changes: disk I/O error"))
        #expect(state.screen.trimmedLines.contains { $0.contains("✗ cannot read the cache's changes: disk I/O error") })
    }

    @Test func tokensNewSinceLastOpenedAreMarkedWithAPlus() {
        var state = dashboard()
        _ = App.update(&state, .newSinceLastOpened(keys: [Token.key(account: "ml-platform", id: "pat-8")]))
        let lines = state.screen.trimmedLines
        let row = lines.first { $0.contains("pat-8") } ?? ""
        #expect(row.contains("││+pat-8"))
        let other = lines.first { $0.contains("wstok_01hq8…") } ?? ""
        #expect(other.contains("││ wstok_01hq8…"))
    }
}

@Suite("Freshness per account in the sidebar")
struct SidebarFreshnessTests {
    static func fresh(accounts: [AccountInfo] = dashboardAccounts, size: Size = Size(width: 100, height: 20)) -> AppState {
        var state = dashboard(accounts: accounts, size: size)
        _ = App.update(&state, .accountFreshness(account: "acme-prod", AccountFreshness(
            lastSynced: TestClock.now.addingTimeInterval(-120), rateLimit: RateLimitStatus(limit: 100, remaining: 42))))
        _ = App.update(&state, .accountFreshness(account: "agents", AccountFreshness(
            lastSynced: TestClock.days(-1), failed: true, failedStatus: 401)))
        _ = App.update(&state, .accountFreshness(account: "ml-platform", AccountFreshness(
            lastSynced: TestClock.now.addingTimeInterval(-30), backingOffUntil: TestClock.now.addingTimeInterval(4))))
        return state
    }

    @Test func theSidebarShowsAgeFailureBackOffAndRateLimit() {
        let state = Self.fresh()
        let expected: [String] = [
            #"TokenDeck · 3 accounts                                                                    ⟳ 12s ago"#,
            #"┌ Accounts ──────────┐┌ All accounts   page 1/1 · 1–6 of 6 ────────────────────────────────────────┐"#,
            #"│▸0 All            6 ││ ID              TYPE         TITLE            STATUS    CREATED ↓  EXPIRES │"#,
            #"│                    ││ pat-8           personal     Feature store    active    24h ago    in 300d │"#,
            #"│ 1 acme-prod      2 ││ wstok_01hq8xa1  svc_access   Vendor X (Prod)  expiring  2d ago     in 29d  │"#,
            #"│   2m · 42/100 left ││ 4021            token        Nightly agent    active    5d ago     in 90d  │"#,
            #"│ 2 agents         2 ││ pat-7           personal     Notebook access  revoked   20d ago    in 100d │"#,
            #"│   ✗ 401 · 24h      ││ wstok_01hq8xb2  personal_a…  Laptop CLI       active    40d ago    never   │"#,
            #"│ 3 ml-platform    2 ││ 4022            token        Expired agent    expired   100d ago   24h ago │"#,
            #"│   ⏳ 429 4s · 30s  ││                                                                            │"#,
            #"│                    ││                                                                            │"#,
            #"│                    ││                                                                            │"#,
            #"│                    ││                                                                            │"#,
            #"│                    ││                                                                            │"#,
            #"│                    ││                                                                            │"#,
            #"│                    ││                                                                            │"#,
            #"│                    ││                                                                            │"#,
            #"│                    ││                                                                            │"#,
            #"└────────────────────┘└────────────────────────────────────────────────────────────────────────────┘"#,
            #" ?:help  /:search  t:type  x:trash  f:status  s:sort  enter:details  y:copy id  c:create  r:refresh"#,
        ]
        #expect(state.screen.trimmedLines == expected)
    }

    @Test func pagesInProgressShowUnderTheAccount() {
        var state = Self.fresh()
        _ = App.update(&state, .syncStarted)
        _ = App.update(&state, .syncProgress(account: "acme-prod", pagesDone: 3, pagesKnown: 17))
        #expect(state.screen.trimmedLines[5].contains("⟳ 3/17 pages · 2m"))
    }

    @Test func aClickOnTheSecondLineChoosesTheAccountAbove() {
        var state = Self.fresh()
        state.press(.mouse(MouseEvent(kind: .press, x: 5, y: 7)))  // "✗ 401 · 24h" under agents
        #expect(state.selectedAccount == "agents")
    }

    @Test func withoutRoomForTwoLinesAFailureStillShows() {
        // Four accounts and All need ten lines; the sidebar has eight inside its box.
        let state = Self.fresh(accounts: dashboardAccounts + [AccountInfo(name: "spare", vendor: .prefactor)],
                               size: Size(width: 100, height: 12))
        let lines = state.screen.trimmedLines
        #expect(lines[3].hasPrefix("│ 1 acme-prod"))
        #expect(lines[4].hasPrefix("│ 2✗agents"))
        #expect(lines[5].hasPrefix("│ 3 ml-platform"))
    }

    @Test func aBackOffThatEndedShowsTheAgeAgain() {
        var state = Self.fresh()
        _ = App.update(&state, .tick(TestClock.now.addingTimeInterval(5)))
        #expect(state.screen.trimmedLines[9].contains("   35s "))
        #expect(!state.screen.trimmedLines[9].contains("⏳"))
    }
}
