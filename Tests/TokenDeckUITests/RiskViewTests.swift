import Foundation
import Testing
import TestSupport
import TokenDeckCore
@testable import TokenDeckUI

/// Tokens breaking the built-in policy's rules in three accounts, at `TestClock.now`:
/// acme-prod: a1 no expiry + older 365d + unused + stale, a2 no expiry, a3 expires in 10 days;
/// agents: m1 no expiry, m2 unused + stale; ml-platform (TrueFoundry reports no use): t1 no expiry,
/// t2 expires in 5 days, t3 in the trash (past harm: never counted); m3 and a4 break nothing.
func riskTokens() -> [Token] {
    [
        Token.fixture(account: "acme-prod", id: "a1", kind: "svc_access", title: "Ancient bot",
                      createdAt: TestClock.days(-400), lastUsedAt: TestClock.days(-100), expiresAt: nil),
        Token.fixture(account: "acme-prod", id: "a2", kind: "personal_access", title: "Laptop CLI",
                      createdAt: TestClock.days(-10), lastUsedAt: TestClock.days(-1), expiresAt: nil),
        Token.fixture(account: "acme-prod", id: "a3", kind: "svc_access", title: "Deploy bot",
                      createdAt: TestClock.days(-20), lastUsedAt: TestClock.days(-1), expiresAt: TestClock.days(10)),
        Token.fixture(account: "acme-prod", id: "a4", kind: "svc_access", title: "Healthy bot",
                      createdAt: TestClock.days(-3), lastUsedAt: TestClock.days(-1), expiresAt: TestClock.days(100)),
        Token.fixture(vendor: .metokens, account: "agents", id: "m1", kind: "token", title: "Agent one",
                      createdAt: TestClock.days(-20), lastUsedAt: TestClock.days(-1), expiresAt: nil),
        Token.fixture(vendor: .metokens, account: "agents", id: "m2", kind: "token", title: "Agent two",
                      createdAt: TestClock.days(-200), lastUsedAt: TestClock.days(-120), expiresAt: TestClock.days(100)),
        Token.fixture(vendor: .metokens, account: "agents", id: "m3", kind: "token", title: "Agent three",
                      createdAt: TestClock.days(-2), lastUsedAt: TestClock.days(-1), expiresAt: TestClock.days(60)),
        Token.fixture(vendor: .truefoundry, account: "ml-platform", id: "t1", kind: "personal", title: "Notebook",
                      createdAt: TestClock.days(-30), lastUsedAt: nil, expiresAt: nil),
        Token.fixture(vendor: .truefoundry, account: "ml-platform", id: "t2", kind: "personal", title: "Feature store",
                      createdAt: TestClock.days(-4), lastUsedAt: nil, expiresAt: TestClock.days(5)),
        Token.fixture(vendor: .truefoundry, account: "ml-platform", id: "t3", kind: "personal", title: "Old notebook",
                      trashed: true, createdAt: TestClock.days(-500), lastUsedAt: nil, expiresAt: nil),
    ]
}

@Suite("Risk view and the risk filter")
struct RiskViewTests {
    static func risky(size: Size = Size(width: 100, height: 20)) -> AppState {
        dashboard(riskTokens(), size: size)
    }

    // MARK: - Counting

    @Test func nothingIsAssessedUntilTheViewOpensAndKeysNeverAssessAgain() {
        var state = Self.risky()
        state.press(.char("j"), .char("k"), .char("/"))
        state.type("bot")
        state.press(.enter, .char("x"), .char("x"), .char("x"))
        #expect(state.catalog.risks == nil)
        state.press(.char("/"), .ctrl("u"), .escape)
        state.press(.char("R"))
        #expect(state.catalog.risks?.assessment == 1)
        state.press(.char("j"), .right, .left, .char("k"), .enter)
        state.press(.char("j"), .char("k"), .char("/"))
        state.type("a")
        state.press(.backspace, .escape)
        // The filter stays on its assessment: a key press filters, it never assesses.
        #expect(state.catalog.risks?.assessment == 1)
    }

    @Test func openingTheViewAgainInTheSameMinuteReusesTheAssessmentAndALaterMinuteMakesANewOne() {
        var state = Self.risky()
        state.press(.char("R"), .escape, .char("R"), .escape)
        #expect(state.catalog.risks?.assessment == 1)
        // The rules count days: a minute on, the view is counted again, as of then.
        _ = App.update(&state, .tick(state.now.addingTimeInterval(60)))
        state.press(.char("R"))
        #expect(state.catalog.risks?.assessment == 2)
        #expect(state.catalog.risks?.asOf == state.now)
    }

    @Test func theViewCountsWhatTheAuditPolicyFinds() throws {
        var state = Self.risky()
        state.press(.char("R"))
        let panel = try #require(state.riskPanel)
        // One rule set, one place: the same matrix `tokendeck audit --summary` builds from violations.
        let audit = RiskMatrix(AuditPolicy.builtIn.violations(of: riskTokens(), now: TestClock.now),
                               accountOrder: dashboardAccounts.map(\.name))
        #expect(panel.matrix == audit)
        #expect(panel.matrix.accounts == ["acme-prod", "agents", "ml-platform"])
        // Ties in the policy's rule order.
        #expect(panel.matrix.rows.map(\.rule) == [.noExpiry, .expiresSoon, .unused, .stale, .lifetime])
        #expect(panel.matrix.rows.map(\.total) == [4, 2, 2, 2, 1])
        #expect(panel.matrix.tokensPerAccount == [3, 2, 2])
        #expect(panel.labels == ["no expiry", "expires in 30d", "unused 45d", "stale 90d", "older 365d"])
    }

    @Test func thePolicyInTheStateSetsTheRulesAndTheLabels() throws {
        var state = Self.risky()
        state.policy = AuditPolicy(rules: .init(maxStaleDays: 15), path: "/home/me/.config/tokendeck/policy.toml")
        state.press(.char("R"))
        let panel = try #require(state.riskPanel)
        // Stale over 15 days: a1 (100), m2 (120) and m1? no — m1 was used a day ago. TrueFoundry reports no use.
        #expect(panel.labels == ["stale 15d"])
        #expect(panel.matrix.rows.map(\.total) == [2])
        #expect(panel.source == "/home/me/.config/tokendeck/policy.toml")
    }

    @Test func theCountsAreTakenWithinTheOtherFiltersButNotTheAccount() throws {
        var state = Self.risky()
        state.press(.char("2"))  // agents: the account is an axis of the matrix, not a filter of it
        state.press(.char(":"))
        state.type("type svc_access")
        state.press(.enter)
        state.press(.char("R"))
        let panel = try #require(state.riskPanel)
        #expect(panel.matrix.accounts == ["acme-prod"])
        // a1 breaks four rules, a3 one; a4 none; the other accounts' tokens are not svc_access.
        #expect(panel.matrix.rows.map(\.rule) == [.expiresSoon, .noExpiry, .lifetime, .unused, .stale])
        #expect(panel.matrix.rows.map(\.total) == [1, 1, 1, 1, 1])
        #expect(panel.within == ["type: svc_access"])
    }

    // MARK: - Keys

    @Test func enterOnARuleTotalFiltersEveryAccountToThoseTokens() {
        var state = Self.risky()
        state.press(.char("R"))
        #expect(state.riskPanel?.row == 0 && state.riskPanel?.column == 0)
        state.press(.enter)
        #expect(state.riskPanel == nil)
        #expect(state.query.risk == RiskFilter(rule: .noExpiry))
        #expect(state.selectedAccount == nil)
        #expect(Set(state.visibleIDs) == ["a1", "a2", "m1", "t1"])
        #expect(state.screen.trimmedLines[0].contains(" risk: no expiry "))
    }

    @Test func arrowsMoveToACellAndEnterShowsExactlyItsTokens() {
        var state = Self.risky()
        state.press(.char("R"), .down, .down, .right, .right)  // unused 45d × agents
        #expect(state.riskPanel?.count(row: 2, column: 2) == 1)
        state.press(.enter)
        #expect(state.query.risk == RiskFilter(rule: .unused))
        #expect(state.selectedAccount == "agents")
        #expect(state.visibleIDs == ["m2"])
        #expect(state.focus == .table)
    }

    @Test func theAnyRuleRowFiltersToTokensBreakingAnyRule() {
        var state = Self.risky()
        state.press(.char("R"), .end, .right)  // any rule × acme-prod
        state.press(.enter)
        #expect(state.query.risk == .anyRule)
        #expect(state.selectedAccount == "acme-prod")
        #expect(Set(state.visibleIDs) == ["a1", "a2", "a3"])
        #expect(state.screen.trimmedLines[0].contains(" risk: any rule "))
    }

    @Test func theCursorStaysInsideTheMatrix() {
        var state = Self.risky()
        state.press(.char("R"), .up, .left, .left)
        #expect(state.riskPanel?.row == 0 && state.riskPanel?.column == 0)
        state.press(.right, .right, .right, .right, .right, .down, .down, .down, .down, .down, .down, .down)
        #expect(state.riskPanel?.column == 3)
        #expect(state.riskPanel?.row == 5)  // five rules, then "any rule"
    }

    @Test func escClosesTheViewWithoutFiltering() {
        var state = Self.risky()
        state.press(.char("R"), .down, .escape)
        #expect(state.riskPanel == nil)
        #expect(state.query.risk == nil)
        #expect(state.visibleTokenCount == 9)
    }

    @Test func theRiskFilterCombinesWithTypeAndSearch() {
        var state = Self.risky()
        state.press(.char("R"), .enter)  // no expiry: a1 a2 m1 t1
        state.press(.char(":"))
        state.type("type svc_access")
        state.press(.enter)
        #expect(state.visibleIDs == ["a1"])
        state.press(.char(":"))
        state.type("type all")
        state.press(.enter, .char("/"))
        state.type("agent")
        #expect(state.visibleIDs == ["m1"])
        state.press(.ctrl("u"))
        state.type("o")  // Laptop CLI, Agent one, Notebook, Ancient bot
        #expect(Set(state.visibleIDs) == ["a1", "a2", "m1", "t1"])
        state.type("ne")  // Agent one
        #expect(state.visibleIDs == ["m1"])
        state.press(.enter)
        let header = state.screen.trimmedLines[0]
        #expect(header.contains(" risk: no expiry ") && header.contains(" /one "))
    }

    @Test func escClearsTheSearchFirstThenTheRiskFilter() {
        var state = Self.risky()
        state.press(.char("R"), .enter, .char("/"))
        state.type("bot")
        state.press(.enter)
        #expect(state.visibleIDs == ["a1"])
        state.press(.escape)
        #expect(state.query.text.isEmpty && state.query.risk != nil)
        #expect(state.visibleTokenCount == 4)
        state.press(.escape)
        #expect(state.query.risk == nil)
        #expect(state.visibleTokenCount == 9)
    }

    @Test func colonRisksOpensTheViewAndColonRiskSetsOrClearsTheFilter() {
        var state = Self.risky()
        state.press(.char(":"))
        state.type("risks")
        state.press(.enter)
        #expect(state.riskPanel != nil)
        state.press(.escape, .char(":"))
        state.type("risk stale")
        state.press(.enter)
        #expect(state.query.risk == RiskFilter(rule: .stale))
        #expect(Set(state.visibleIDs) == ["a1", "m2"])
        #expect(state.screen.trimmedLines[0].contains(" risk: stale 90d "))
        state.press(.char(":"))
        state.type("risk off")
        state.press(.enter)
        #expect(state.query.risk == nil)
        state.press(.char(":"))
        state.type("risk sideways")
        state.press(.enter)
        #expect(state.message?.kind == .error)
        #expect(state.message?.text.hasPrefix(":risk takes off, any or one of") == true)
    }

    @Test func theFilterHoldsAcrossAReloadAssessingTheNewTokens() {
        var state = Self.risky()
        state.press(.char("R"), .enter)  // no expiry
        var tokens = riskTokens().filter { $0.account == "agents" }
        tokens.append(Token.fixture(vendor: .metokens, account: "agents", id: "m9", kind: "token", title: "New forever",
                                    createdAt: TestClock.days(-1), lastUsedAt: nil, expiresAt: nil))
        _ = App.update(&state, .accountTokensLoaded(account: "agents", tokens: tokens, fetchedAt: TestClock.now))
        #expect(Set(state.visibleIDs) == ["a1", "a2", "m1", "m9", "t1"])
    }

    @Test func aTokenRevokedInTheDashboardLeavesTheFilter() {
        var state = Self.risky()
        state.press(.char("R"), .enter)
        guard let index = state.catalog.index(account: "acme-prod", id: "a2") else {
            Issue.record("a2 not loaded")
            return
        }
        state.catalog.setVendorStatus(.revoked, at: index)
        state.refreshView(fallbackToTop: false)
        #expect(Set(state.visibleIDs) == ["a1", "m1", "t1"])
    }

    // MARK: - Whole screens

    @Test func theRiskViewAt100x20() {
        var state = Self.risky()
        state.press(.char("R"), .down, .right)
        let expected: [String] = [
            #"TokenDeck · 3 accounts                                                                    ⟳ 12s ago"#,
            #"┌ Accounts ─────────┐┌ All accounts   page 1/1 · 1–9 of 9 ─────────────────────────────────────────┐"#,
            #"│▸0 All           9 ││ ID  HYG  TYPE        TITLE          STATUS    CREATED ↓  LAST USED  EXPIRES │"#,
            #"│ 1 acme-prod     4 ││ m3       token       Agent three    active    2d ago     24h ago    in 60d  │"#,
            #"│ 2 agents        3 │┌ Risks · built-in policy ──────────────────────────────┐  24h ago    in 100d │"#,
            #"│ 3 ml-platform   2 ││ RULE            TOTAL  acme-prod  agents  ml-platform │  —          in 5d   │"#,
            #"│                   ││ no expiry           4          2       1            1 │  24h ago    never   │"#,
            #"│                   ││ expires in 30d      2          1       0            1 │  24h ago    in 10d  │"#,
            #"│                   ││ unused 45d          2          1       1            0 │  24h ago    never   │"#,
            #"│                   ││ stale 90d           2          1       1            0 │  —          never   │"#,
            #"│                   ││ older 365d          1          1       0            0 │  120d ago   in 100d │"#,
            #"│                   ││ ───────────────────────────────────────────────────── │  100d ago   never   │"#,
            #"│                   ││ any rule            7          3       2            2 │                     │"#,
            #"│                   ││                                                       │                     │"#,
            #"│                   ││ 7 tokens at risk · all tokens                         │                     │"#,
            #"│                   │└───────────────────────────────────────────────────────┘                     │"#,
            #"│                   ││                                                                             │"#,
            #"│                   ││                                                                             │"#,
            #"└───────────────────┘└─────────────────────────────────────────────────────────────────────────────┘"#,
            #" ←↓↑→:move  enter:filter the table  esc:close"#,
        ]
        #expect(state.screen.trimmedLines == expected)
    }

    /// The cursor's cell is reversed, not only coloured: it shows on mono and NO_COLOR terminals.
    @Test func theCursorCellIsReversedForMonoTerminals() throws {
        var state = Self.risky()
        state.press(.char("R"), .down, .right)  // expires in 30d × acme-prod: 1
        let screen = state.screen
        let header = try #require(screen.dashboardRow(containing: "│ RULE "))
        let row = try #require(screen.dashboardRow(containing: "│ expires in 30d "))
        let column = try #require(screen.cellColumn(of: "acme-prod", row: header)) + "acme-prod".count - 1
        #expect(screen.lines[row].contains("expires in 30d      2          1"))
        #expect(screen[column, row].style.reverse)
        #expect(!screen[column + 3, row].style.reverse)  // the next column's cell, "agents"
    }

    @Test func theTableFilteredFromTheRiskView() {
        var state = Self.risky()
        state.press(.char("R"), .down, .down, .enter)
        let expected: [String] = [
            #"TokenDeck · 3 accounts  risk: unused 45d                                                  ⟳ 12s ago"#,
            #"┌ Accounts ─────────┐┌ All accounts   page 1/1 · 1–2 of 2 ─────────────────────────────────────────┐"#,
            #"│▸0 All           2 ││ ID  HYG  TYPE        TITLE            STATUS  CREATED ↓  LAST USED  EXPIRES │"#,
            #"│ 1 acme-prod     1 ││ m2  ◷    token       Agent two        active  200d ago   120d ago   in 100d │"#,
            #"│ 2 agents        1 ││ a1  ◷∞†  svc_access  Ancient bot      active  1y ago     100d ago   never   │"#,
            #"│ 3 ml-platform   0 ││                                                                             │"#,
            #"│                   ││                                                                             │"#,
            #"│                   ││                                                                             │"#,
            #"│                   ││                                                                             │"#,
            #"│                   ││                                                                             │"#,
            #"│                   ││                                                                             │"#,
            #"│                   ││                                                                             │"#,
            #"│                   ││                                                                             │"#,
            #"│                   ││                                                                             │"#,
            #"│                   ││                                                                             │"#,
            #"│                   ││                                                                             │"#,
            #"│                   ││                                                                             │"#,
            #"│                   ││                                                                             │"#,
            #"└───────────────────┘└─────────────────────────────────────────────────────────────────────────────┘"#,
            #" ?:help  /:search  t:type  x:trash  f:status  s:sort  enter:details  y:copy id  c:create  r:refresh"#,
        ]
        #expect(state.screen.trimmedLines == expected)
    }

    @Test func anEmptyRiskView() {
        var state = dashboard(riskTokens().filter { ["a4", "m3"].contains($0.id) }, size: Size(width: 80, height: 14))
        state.press(.char("R"))
        let expected: [String] = [
            #"TokenDeck · 3 accounts                                                ⟳ 12s ago"#,
            #"┌ All accounts   page 1/1 · 1–2 of 2 ──────────────────────────────────────────┐"#,
            #"│ ID  HYG  TYPE        TITLE             STATUS  CREATED ↓  LAST USED  EXPIRES │"#,
            #"│ m3       token       Agent three       active  2d ago     24h ago    in 60d  │"#,
            #"│ a4       svc_acc┌ Risks · built-in policy ─────────────────┐h ago    in 100d │"#,
            #"│                 │ no token in view breaks the policy       │                 │"#,
            #"│                 │                                          │                 │"#,
            #"│                 │ 0 tokens at risk · all tokens            │                 │"#,
            #"│                 └──────────────────────────────────────────┘                 │"#,
            #"│                                                                              │"#,
            #"│                                                                              │"#,
            #"│                                                                              │"#,
            #"└──────────────────────────────────────────────────────────────────────────────┘"#,
            #" ←↓↑→:move  enter:filter the table  esc:close"#,
        ]
        #expect(state.screen.trimmedLines == expected)
        state.press(.enter)
        #expect(state.riskPanel == nil && state.query.risk == nil)
    }

    @Test func manyAccountsScrollSidewaysWithTheCursor() {
        let accounts = (1...8).map { AccountInfo(name: "account-\($0)", vendor: .provisionr) }
        let tokens = (1...8).map { Token.fixture(account: "account-\($0)", id: "x\($0)", expiresAt: nil) }
        var state = dashboard(tokens, accounts: accounts, size: Size(width: 80, height: 16))
        state.press(.char("R"))
        let first = state.screen.trimmedLines.joined(separator: "\n")
        #expect(first.contains("account-1") && !first.contains("account-8"))
        state.press(.end)
        for _ in 0..<8 { state.press(.right) }
        let last = state.screen.trimmedLines.joined(separator: "\n")
        #expect(last.contains("account-8") && !last.contains("account-1 "))
        state.press(.enter)
        #expect(state.selectedAccount == "account-8")
        #expect(state.visibleIDs == ["x8"])
    }

    // MARK: - The hygiene column

    @Test func theHygieneColumnHasAHeaderAndTheHelpALegend() {
        var state = dashboard()
        #expect(state.screen.trimmedLines[2].contains("HYG"))
        state.press(.char("?"))
        let help = HelpOverlay.lines().map { $0.map(\.text).joined() }
        #expect(help.contains { $0.contains("HYG column") })
        for entry in Hygiene.legend {
            #expect(help.contains { $0.contains(entry.glyph) && $0.contains(entry.meaning) })
        }
        #expect(help.contains { $0.contains("R :risks") })
    }
}
