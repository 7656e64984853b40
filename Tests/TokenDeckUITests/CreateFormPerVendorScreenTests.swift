import Foundation
import Testing
import TestSupport
import TokenDeckCore
@testable import TokenDeckUI

/// The create form per vendor as whole screens, line by line: the fields follow the chosen
/// account's vendor (Prefactor: scope and the id it needs, expiry; TrueFoundry: name, expiry),
/// errors land on their fields with what was typed kept, the secret is shown once and `y`
/// copies it, and metokens says it documents no create.
@Suite("The create form per vendor, whole screens")
struct CreateFormPerVendorScreenTests {
    static let accounts = [
        AccountInfo(name: "acme-prod", vendor: .provisionr, canCreate: true, service: "svc_123"),
        AccountInfo(name: "pf-prod", vendor: .prefactor, canCreate: true, accountID: "acc_01"),
        AccountInfo(name: "agents", vendor: .metokens),
        AccountInfo(name: "ml-platform", vendor: .truefoundry),
    ]

    /// The dashboard at 100×24 on the account of sidebar number `digit`, `c` pressed.
    static func opened(account digit: Character) -> AppState {
        var state = dashboard(accounts: accounts, size: Size(width: 100, height: 24))
        state.press(.char(digit), .char("c"))
        return state
    }

    /// Prefactor: account, scope (a chooser, focused), the account id from the config, expiry
    /// (empty is Prefactor's own default).
    @Test func prefactorsFormAsItOpens() {
        let state = Self.opened(account: "2")
        #expect(state.createForm?.focused == .scope)
        let expected: [String] = [
            #"TokenDeck · 4 accounts                                                                    ⟳ 12s ago"#,
            #"┌ Accounts ────────┐┌ pf-prod · prefactor   no tokens ─────────────────────────────────────────────┐"#,
            #"│ 0 All          6 ││                                                                              │"#,
            #"│ 1 acme-prod    2 ││                                                                              │"#,
            #"│▸2 pf-pro┌ New Prefactor API token ─────────────────────────────────────────────────────┐         │"#,
            #"│ 3 agents│   Account        ◂ pf-prod ▸  prefactor                        2/3           │         │"#,
            #"│ 4 ml-pla│                                                                              │         │"#,
            #"│         │ ▸ Scope          ◂ account ▸  the whole account                              │         │"#,
            #"│         │                                                                              │         │"#,
            #"│         │   Account ID     acc_01                                                      │         │"#,
            #"│         │                                                                              │         │"#,
            #"│         │   Expires                                                      default       │         │"#,
            #"│         │                                                                              │         │"#,
            #"│         │                                                                              │         │"#,
            #"│         │                                                                              │         │"#,
            #"│         │                                                                              │         │"#,
            #"│         │                                                                              │         │"#,
            #"│         │ ←/→ scope · Enter/^S create · Tab/↑↓ field · ^P 7d/30d/90d/1y · Esc cancel   │         │"#,
            #"│         └──────────────────────────────────────────────────────────────────────────────┘         │"#,
            #"│                  ││                                                                              │"#,
            #"│                  ││                                                                              │"#,
            #"│                  ││                                                                              │"#,
            #"└──────────────────┘└──────────────────────────────────────────────────────────────────────────────┘"#,
            #" enter:create  tab:next field  ctrl-p:expiry preset  esc:cancel"#,
        ]
        #expect(state.screen.trimmedLines == expected)
    }

    /// Space turns the scope to environment: the account id gives way to the environment id,
    /// which Enter says is required, focus on it.
    @Test func prefactorsEnvironmentScopeAsksForTheEnvironmentID() {
        var state = Self.opened(account: "2")
        #expect(state.press(.char(" "), .enter).isEmpty)
        #expect(state.createForm?.focused == .environmentID)
        let expected: [String] = [
            #"TokenDeck · 4 accounts                                                                    ⟳ 12s ago"#,
            #"┌ Accounts ────────┐┌ pf-prod · prefactor   no tokens ─────────────────────────────────────────────┐"#,
            #"│ 0 All          6 ││                                                                              │"#,
            #"│ 1 acme-prod    2 ││                                                                              │"#,
            #"│▸2 pf-pro┌ New Prefactor API token ─────────────────────────────────────────────────────┐         │"#,
            #"│ 3 agents│   Account        ◂ pf-prod ▸  prefactor                        2/3           │         │"#,
            #"│ 4 ml-pla│                                                                              │         │"#,
            #"│         │   Scope          ◂ environment ▸  one environment                            │         │"#,
            #"│         │                                                                              │         │"#,
            #"│         │ ▸ Environment ID                                                             │         │"#,
            #"│         │                  An environment token needs the environment ID.              │         │"#,
            #"│         │   Expires                                                      default       │         │"#,
            #"│         │                                                                              │         │"#,
            #"│         │                                                                              │         │"#,
            #"│         │                                                                              │         │"#,
            #"│         │                                                                              │         │"#,
            #"│         │                                                                              │         │"#,
            #"│         │ Enter/^S create · Tab/↑↓ field · ^P 7d/30d/90d/1y · Esc cancel               │         │"#,
            #"│         └──────────────────────────────────────────────────────────────────────────────┘         │"#,
            #"│                  ││                                                                              │"#,
            #"│                  ││                                                                              │"#,
            #"│                  ││                                                                              │"#,
            #"└──────────────────┘└──────────────────────────────────────────────────────────────────────────────┘"#,
            #" enter:create  tab:next field  ctrl-p:expiry preset  esc:cancel"#,
        ]
        #expect(state.screen.trimmedLines == expected)
    }

    /// TrueFoundry: account, name, expiry; one request, and its 409 lands on the name with the
    /// typed name and expiry kept.
    @Test func trueFoundrysFormWithANameTakenKeepsWhatWasTyped() {
        var state = Self.opened(account: "4")
        state.type("ci-bot")
        state.press(.tab)
        state.type("30d")
        let effects = state.press(.enter, .enter)
        #expect(effects == [.createToken(account: "ml-platform", request: .trueFoundry(TrueFoundryTokenRequest(
            name: "ci-bot", expiresAt: TestClock.now.addingTimeInterval(30 * 86_400))))])
        _ = App.update(&state, .createFailed(account: "ml-platform", error: VendorError(
            vendor: .truefoundry, status: 409, code: "CONFLICT", message: "a personal access token named ci-bot already exists")))
        #expect(state.createForm?.focused == .name)
        let expected: [String] = [
            #"TokenDeck · 4 accounts                                                                    ⟳ 12s ago"#,
            #"┌ Accounts ────────┐┌ ml-platform · truefoundry   page 1/1 · 1–2 of 2 ─────────────────────────────┐"#,
            #"│ 0 All          6 ││ ID     HYG  TYPE      TITLE                      STATUS   CREATED ↓  EXPIRES │"#,
            #"│ 1 acme-prod    2 ││ pat-8       personal  Feature store              active   24h ago    in 300d │"#,
            #"│ 2 pf-pro┌ New TrueFoundry personal access token ───────────────────────────────────────┐ in 100d │"#,
            #"│ 3 agents│   Account        ◂ ml-platform ▸  truefoundry                  3/3           │         │"#,
            #"│▸4 ml-pla│                                                                              │         │"#,
            #"│         │ ▸ Name           ci-bot                                                      │         │"#,
            #"│         │                  a personal access token named ci-bot already exists         │         │"#,
            #"│         │   Expires        30d                                           → 2024-05-31  │         │"#,
            #"│         │                                                                              │         │"#,
            #"│         │                                                                              │         │"#,
            #"│         │                                                                              │         │"#,
            #"│         │                                                                              │         │"#,
            #"│         │                                                                              │         │"#,
            #"│         │ truefoundry HTTP 409 (CONFLICT): a personal access token named ci-bot alread │         │"#,
            #"│         │ y exists                                                                     │         │"#,
            #"│         │ Enter/^S create · Tab/↑↓ field · ^P 7d/30d/90d/1y · Esc cancel               │         │"#,
            #"│         └──────────────────────────────────────────────────────────────────────────────┘         │"#,
            #"│                  ││                                                                              │"#,
            #"│                  ││                                                                              │"#,
            #"│                  ││                                                                              │"#,
            #"└──────────────────┘└──────────────────────────────────────────────────────────────────────────────┘"#,
            #" enter:create  tab:next field  ctrl-p:expiry preset  esc:cancel"#,
        ]
        #expect(state.screen.trimmedLines == expected)
    }

    /// The secret a Prefactor create answers with, shown once; `y` copies it (OSC 52) and says so.
    @Test func prefactorsSecretIsShownOnceAndCopiedWithY() {
        var state = Self.opened(account: "2")
        let effects = state.press(.enter)
        #expect(effects == [.createToken(account: "pf-prod", request: .prefactor(PrefactorTokenRequest(scope: .account, accountID: "acc_01")))])
        let token = Token.fixture(vendor: .prefactor, account: "pf-prod", id: "013xnew01", kind: "account", title: "account token 013xnew01",
                                  createdAt: TestClock.now, lastUsedAt: nil, expiresAt: TestClock.days(365))
        _ = App.update(&state, .createSucceeded(CreatedToken(token: token, secret: "pfx_SECRET_VALUE_0123456789")))
        let expected: [String] = [
            #"TokenDeck · 4 accounts                                                                    ⟳ 12s ago"#,
            #"┌ Accounts ────────┐┌ pf-prod · prefactor   page 1/1 · 1–1 of 1 ───────────────────────────────────┐"#,
            #"│ 0 All          7 ││ ID         HYG  TYPE     TITLE                    STATUS  CREATED ↓  EXPIRES │"#,
            #"│ 1 acme-prod    2 ││ 013xnew01  ∅    account  account token 013xnew01  active  now        in 1y   │"#,
            #"│▸2 pf-prod      1 ││                                                                              │"#,
            #"│ 3 agents       2 ││                                                                              │"#,
            #"│ 4 ml-plat┌ Token created · pf-prod ───────────────────────────────────────────────────┐          │"#,
            #"│          │ ID           013xnew01                                                     │          │"#,
            #"│          │ Type         account                                                       │          │"#,
            #"│          │ Title        account token 013xnew01                                       │          │"#,
            #"│          │ Expires      2025-05-01T00:00:00Z                                          │          │"#,
            #"│          │                                                                            │          │"#,
            #"│          │ Secret — shown only this once, copy it now:                                │          │"#,
            #"│          │ pfx_SECRET_VALUE_0123456789                                                │          │"#,
            #"│          │                                                                            │          │"#,
            #"│          │ press y to copy (OSC 52) · Esc/Enter close                                 │          │"#,
            #"│          └────────────────────────────────────────────────────────────────────────────┘          │"#,
            #"│                  ││                                                                              │"#,
            #"│                  ││                                                                              │"#,
            #"│                  ││                                                                              │"#,
            #"│                  ││                                                                              │"#,
            #"│                  ││                                                                              │"#,
            #"└──────────────────┘└──────────────────────────────────────────────────────────────────────────────┘"#,
            #" y:copy  esc:close"#,
        ]
        #expect(state.screen.trimmedLines == expected)
        #expect(state.press(.char("y")) == [.copyToClipboard("pfx_SECRET_VALUE_0123456789")])
        var copied = expected
        copied[15] = #"│          │ secret copied (OSC 52) · Esc/Enter close                                   │          │"#
        #expect(state.screen.trimmedLines == copied)
        state.press(.escape)
        #expect(!state.screen.text.contains("pfx_SECRET"))
        #expect(state.selectedToken?.id == "013xnew01")
    }

    /// `c` on a metokens account opens nothing and says why.
    @Test func metokensSaysItDocumentsNoCreate() {
        let state = Self.opened(account: "3")
        #expect(state.createForm == nil)
        let expected: [String] = [
            #"TokenDeck · 4 accounts                                                                    ⟳ 12s ago"#,
            #"┌ Accounts ────────┐┌ agents · metokens   page 1/1 · 1–2 of 2 ─────────────────────────────────────┐"#,
            #"│ 0 All          6 ││ ID    HYG  TYPE   TITLE               STATUS   CREATED ↓  LAST USED  EXPIRES │"#,
            #"│ 1 acme-prod    2 ││ 4021  ∅    token  Nightly agent       active   5d ago     never      in 90d  │"#,
            #"│ 2 pf-prod      0 ││ 4022       token  Expired agent       expired  100d ago   95d ago    24h ago │"#,
            #"│▸3 agents       2 ││                                                                              │"#,
            #"│ 4 ml-platform  2 ││                                                                              │"#,
            #"│                  ││                                                                              │"#,
            #"│                  ││                                                                              │"#,
            #"│                  ││                                                                              │"#,
            #"│                  ││                                                                              │"#,
            #"│                  ││                                                                              │"#,
            #"│                  ││                                                                              │"#,
            #"│                  ││                                                                              │"#,
            #"│                  ││                                                                              │"#,
            #"│                  ││                                                                              │"#,
            #"│                  ││                                                                              │"#,
            #"│                  ││                                                                              │"#,
            #"│                  ││                                                                              │"#,
            #"│                  ││                                                                              │"#,
            #"│                  ││                                                                              │"#,
            #"└──────────────────┘└──────────────────────────────────────────────────────────────────────────────┘"#,
            #" ✓ metokens documents no way to create tokens; Provisionr, Prefactor and TrueFoundry accounts can"#,
            #" ?:help  /:search  t:type  x:trash  f:status  s:sort  enter:details  y:copy id  c:create  r:refresh"#,
        ]
        #expect(state.screen.trimmedLines == expected)
    }
}
