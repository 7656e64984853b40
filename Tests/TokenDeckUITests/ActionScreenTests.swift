import Foundation
import Testing
import TestSupport
import TokenDeckCore
@testable import TokenDeckUI

/// The action menu, the confirmations and the run's answers as whole screens of text, line by line.
@Suite("Action screens as text")
struct ActionScreenTests {
    static func menuOnAnActivePrefactorToken() -> AppState {
        var state = actionDashboard()
        state.press(.char("a"))
        return state
    }

    static func suspendConfirmation() -> AppState {
        var state = actionDashboard()
        state.press(.char("a"), .char("1"))
        return state
    }

    static func revokeConfirmationMistyped() -> AppState {
        var state = actionDashboard()
        state.press(.char(" "), .char(" "))
        state.selectToken("pat-8")
        state.press(.char(" "))
        state.press(.char(":"))
        state.type("revoke")
        state.press(.enter)
        state.type("revoke 3")
        state.press(.enter)
        return state
    }

    static func longDeleteConfirmationScrolled() -> AppState {
        let tokens = (1...12).map { index in
            Token.fixture(vendor: .truefoundry, account: "ml-platform", id: "pat-\(index)", kind: "personal", title: "Notebook \(index)",
                          createdAt: TestClock.days(-index), expiresAt: TestClock.days(300))
        }
        var state = actionDashboard(tokens)
        state.press(.char("*"), .char("a"), .char("1"), .down, .down, .down)
        state.type("delete 1")
        return state
    }

    static func runWithAFailureAndAnUnknown() -> AppState {
        var state = actionDashboard()
        state.press(.char("2"), .char(" "), .char(" "), .char(" "))
        state.press(.char(":"))
        state.type("revoke")
        state.press(.enter)
        state.type("revoke 3")
        state.press(.enter)
        _ = App.update(&state, .actionAnswered(account: "pf-prod", id: "pf_1", outcome: .success(.status(.revoked))))
        _ = App.update(&state, .actionAnswered(account: "pf-prod", id: "pf_2", outcome: .failure(
            VendorError(vendor: .prefactor, status: 400, code: "invalid_action", message: "api token pf_2 is revoked already"))))
        _ = App.update(&state, .actionAnswered(account: "pf-prod", id: "pf_3", outcome: .failure(
            VendorError(kind: .transport, vendor: .prefactor, message: "connection reset by peer"))))
        return state
    }

    static func runHalfway() -> AppState {
        var state = actionDashboard()
        state.press(.char("2"), .char(" "), .char(" "))
        state.press(.char("a"), .char("1"), .char("y"))
        _ = App.update(&state, .actionAnswered(account: "pf-prod", id: "pf_1", outcome: .success(.status(.suspended))))
        return state
    }

    static func helpAtTheActSection() -> AppState {
        var state = actionDashboard()
        state.press(.char("?"))
        let act = HelpOverlay.lines().firstIndex { $0.first?.text.hasPrefix("Act") == true } ?? 0
        for _ in 0..<min(act, HelpOverlay.maxScroll(in: state.size)) { state.press(.char("j")) }
        return state
    }

    /// `a` on an active Prefactor token: suspend, revoke and delete, numbered; no activate.
    @Test func theActionMenuOnAnActivePrefactorToken() {
        let expected: [String] = [
            #"TokenDeck · 4 accounts                                                                    ⟳ 12s ago"#,
            #"┌ Accounts ────────┐┌ All accounts   page 1/1 · 1–7 of 7 ──────────────────────────────────────────┐"#,
            #"│▸0 All          7 ││ ID              TYPE         TITLE             STATUS     CREATED ↓  EXPIRES │"#,
            #"│ 1 acme-prod    1 ││ pf_1            account      CI deploy         active     24h ago    in 100d │"#,
            #"│ 2 pf-prod      4 ││ pf_2            environment  Staging agent     active     2d ago     in 100d │"#,
            #"│ 3 agents       1 ││ pf_3            account      Paused bot        suspended  3d ago     in 100d │"#,
            #"│ 4 ml-platform  1 ││ pf_4            account      Leaked key        revoked    4d ago     in 100d │"#,
            #"│                  ││ pat-8        ┌ Actions · pf_1 ────────────┐    active     5d ago     in 300d │"#,
            #"│                  ││ 4021         │▸1 suspend  1 token         │    active     6d ago     in 90d  │"#,
            #"│                  ││ wstok_01hq8xa│ 2 revoke   1 token         │)   active     7d ago     in 200d │"#,
            #"│                  ││              │ 3 delete   1 token         │                                  │"#,
            #"│                  ││              └────────────────────────────┘                                  │"#,
            #"│                  ││                                                                              │"#,
            #"│                  ││                                                                              │"#,
            #"│                  ││                                                                              │"#,
            #"│                  ││                                                                              │"#,
            #"│                  ││                                                                              │"#,
            #"│                  ││                                                                              │"#,
            #"└──────────────────┘└──────────────────────────────────────────────────────────────────────────────┘"#,
            #" j/k:move  enter:choose  1–3:choose that one  esc:cancel"#,
        ]
        #expect(Self.menuOnAnActivePrefactorToken().screen.trimmedLines == expected)
    }

    /// Suspend asks y, names the token, and says No is the default.
    @Test func theSuspendConfirmationAsksY() {
        let expected: [String] = [
            #"TokenDeck · 4 accounts                                                                    ⟳ 12s ago"#,
            #"┌ Accounts ────────┐┌ All accounts   page 1/1 · 1–7 of 7 ──────────────────────────────────────────┐"#,
            #"│▸0 All          7 ││ ID              TYPE         TITLE             STATUS     CREATED ↓  EXPIRES │"#,
            #"│ 1 acme-prod    1 ││ pf_1            account      CI deploy         active     24h ago    in 100d │"#,
            #"│ 2 pf-prod      4 ││ pf_2            environment  Staging agent     active     2d ago     in 100d │"#,
            #"│ 3 agents       1 ││ pf_3            account      Paused bot        suspended  3d ago     in 100d │"#,
            #"│ ┌ Suspend 1 token ─────────────────────────────────────────────────────────────────────────────┐ │"#,
            #"│ │ Suspending this token (activate undoes it):                                                  │ │"#,
            #"│ │ VENDOR     ACCOUNT  ID    TITLE                                                              │ │"#,
            #"│ │ prefactor  pf-prod  pf_1  CI deploy                                                          │ │"#,
            #"│ │                                                                                              │ │"#,
            #"│ │ y suspends · n, Enter or Esc cancels (the default)                                           │ │"#,
            #"│ │ Esc cancels, nothing is sent                                                                 │ │"#,
            #"│ └──────────────────────────────────────────────────────────────────────────────────────────────┘ │"#,
            #"│                  ││                                                                              │"#,
            #"│                  ││                                                                              │"#,
            #"│                  ││                                                                              │"#,
            #"│                  ││                                                                              │"#,
            #"└──────────────────┘└──────────────────────────────────────────────────────────────────────────────┘"#,
            #" y:suspend  n/enter/esc:cancel  j/k:scroll"#,
        ]
        #expect(Self.suspendConfirmation().screen.trimmedLines == expected)
    }

    /// Revoke on three marked tokens, one of them TrueFoundry's: the two it hits, the one left out, the
    /// count to type, and the refusal of a mismatch with what was typed kept.
    @Test func theRevokeConfirmationRefusesAMismatchAndKeepsTheText() {
        let expected: [String] = [
            #"TokenDeck · 4 accounts                                                                    ⟳ 12s ago"#,
            #"┌ Accounts ────────┐┌ All accounts   page 1/1 · 1–7 of 7 · 3 marked ───────────────────────────────┐"#,
            #"│▸0 All          7 ││ ID              TYPE         TITLE             STATUS     CREATED ↓  EXPIRES │"#,
            #"│ 1 acme-prod    1 ││*pf_1            account      CI deploy         active     24h ago    in 100d │"#,
            #"│ 2 pf-prod      4 ││*pf_2            environment  Staging agent     active     2d ago     in 100d │"#,
            #"│ ┌ Revoke 2 tokens ─────────────────────────────────────────────────────────────────────────────┐ │"#,
            #"│ │ This cannot be undone. Revoking these 2 tokens:                                              │ │"#,
            #"│ │ VENDOR     ACCOUNT  ID    TITLE                                                              │ │"#,
            #"│ │ prefactor  pf-prod  pf_1  CI deploy                                                          │ │"#,
            #"│ │ prefactor  pf-prod  pf_2  Staging agent                                                      │ │"#,
            #"│ │ 1 marked token left out: revoke does not apply to it                                         │ │"#,
            #"│ │                                                                                              │ │"#,
            #"│ │ Type revoke 2 to confirm: revoke 3                                                           │ │"#,
            #"│ │ that is not revoke 2: nothing sent                                                           │ │"#,
            #"│ └──────────────────────────────────────────────────────────────────────────────────────────────┘ │"#,
            #"│                  ││                                                                              │"#,
            #"│                  ││                                                                              │"#,
            #"│                  ││                                                                              │"#,
            #"└──────────────────┘└──────────────────────────────────────────────────────────────────────────────┘"#,
            #" type:revoke 2  enter:confirm  ↑/↓:scroll  esc:cancel"#,
        ]
        #expect(Self.revokeConfirmationMistyped().screen.trimmedLines == expected)
    }

    /// Twelve tokens do not fit: the list scrolls, saying where it is.
    @Test func aLongDeleteConfirmationScrolls() {
        let expected: [String] = [
            #"TokenDeck · 4 accounts                                                                    ⟳ 12s ago"#,
            #"┌ ┌ Delete 12 tokens ────────────────────────────────────────────────────────────────────────────┐─┐"#,
            #"│▸│ This cannot be undone. Deleting these 12 tokens:                                             │ │"#,
            #"│ │ VENDOR       ACCOUNT      ID      TITLE                                                      │ │"#,
            #"│ │ truefoundry  ml-platform  pat-3   Notebook 3                                                 │ │"#,
            #"│ │ truefoundry  ml-platform  pat-4   Notebook 4                                                 │ │"#,
            #"│ │ truefoundry  ml-platform  pat-5   Notebook 5                                                 │ │"#,
            #"│ │ truefoundry  ml-platform  pat-6   Notebook 6                                                 │ │"#,
            #"│ │ truefoundry  ml-platform  pat-7   Notebook 7                                                 │ │"#,
            #"│ │ truefoundry  ml-platform  pat-8   Notebook 8                                                 │ │"#,
            #"│ │ truefoundry  ml-platform  pat-9   Notebook 9                                                 │ │"#,
            #"│ │ truefoundry  ml-platform  pat-10  Notebook 10                                                │ │"#,
            #"│ │ truefoundry  ml-platform  pat-11  Notebook 11                                                │ │"#,
            #"│ │ truefoundry  ml-platform  pat-12  Notebook 12                                                │ │"#,
            #"│ │ ↑/↓ PgUp/PgDn scroll · 3–12 of 12                                                            │ │"#,
            #"│ │                                                                                              │ │"#,
            #"│ │ Type delete 12 to confirm: delete 1                                                          │ │"#,
            #"│ │ Enter confirms · Esc cancels, nothing is sent                                                │ │"#,
            #"└─└──────────────────────────────────────────────────────────────────────────────────────────────┘─┘"#,
            #" type:delete 12  enter:confirm  ↑/↓:scroll  esc:cancel"#,
        ]
        #expect(Self.longDeleteConfirmationScrolled().screen.trimmedLines == expected)
    }

    /// Every answer: one revoked, one refused with the vendor's reason, one lost in transit.
    @Test func theRunBoxSaysWhatEachTokenAnswered() {
        let expected: [String] = [
            #"TokenDeck · 4 accounts                                                                    ⟳ 12s ago"#,
            #"┌ Accounts ────────┐┌ pf-prod · prefactor   page 1/1 · 1–4 of 4 · 2 marked ────────────────────────┐"#,
            #"│ 0 All          7 ││ ID    HYG  TYPE         TITLE                  STATUS     CREATED ↓  EXPIRES │"#,
            #"│ 1 acme-prod    1 ││ pf_1       account      CI deploy              revoked    24h ago    in 100d │"#,
            #"│▸┌ Revoking 3 tokens ───────────────────────────────────────────────────────────────────────────┐ │"#,
            #"│ │ VENDOR     ACCOUNT  ID    ANSWER                                                             │ │"#,
            #"│ │ prefactor  pf-prod  pf_1  ✓ revoked                                                          │ │"#,
            #"│ │ prefactor  pf-prod  pf_2  ✗ prefactor HTTP 400 (invalid_action): api token pf_2 is revoked   │ │"#,
            #"│ │                           already                                                            │ │"#,
            #"│ │ prefactor  pf-prod  pf_3  ? unknown — refresh to see                                         │ │"#,
            #"│ │                                                                                              │ │"#,
            #"│ │ revoke: 1 succeeded, 1 failed (pf_2: prefactor HTTP 400 (invalid_action): api token pf_2 is  │ │"#,
            #"│ │ revoked already), 1 unknown — refresh to see                                                 │ │"#,
            #"│ │ Enter or Esc closes                                                                          │ │"#,
            #"│ └──────────────────────────────────────────────────────────────────────────────────────────────┘ │"#,
            #"│                  ││                                                                              │"#,
            #"│                  ││                                                                              │"#,
            #"└──────────────────┘└──────────────────────────────────────────────────────────────────────────────┘"#,
            #" ✗ revoke: 1 succeeded, 1 failed (pf_2: prefactor HTTP 400 (invalid_action): api token pf_2 is revo"#,
            #" enter/esc:close"#,
        ]
        #expect(Self.runWithAFailureAndAnUnknown().screen.trimmedLines == expected)
    }

    /// Halfway: one answered, one waiting.
    @Test func theRunBoxWhileAnswersArrive() {
        let expected: [String] = [
            #"TokenDeck · 4 accounts                                                                    ⟳ 12s ago"#,
            #"┌ Accounts ────────┐┌ pf-prod · prefactor   page 1/1 · 1–4 of 4 · 1 marked ────────────────────────┐"#,
            #"│ 0 All          7 ││ ID    HYG  TYPE         TITLE                  STATUS     CREATED ↓  EXPIRES │"#,
            #"│ 1 acme-prod    1 ││ pf_1       account      CI deploy              suspended  24h ago    in 100d │"#,
            #"│▸2 pf-prod      4 ││*pf_2       environment  Staging agent          active     2d ago     in 100d │"#,
            #"│ 3 agents       1 ││ pf_3       account      Paused bot             suspended  3d ago     in 100d │"#,
            #"│ ┌ Suspending 2 tokens ─────────────────────────────────────────────────────────────────────────┐ │"#,
            #"│ │ VENDOR     ACCOUNT  ID    ANSWER                                                             │ │"#,
            #"│ │ prefactor  pf-prod  pf_1  ✓ suspended                                                        │ │"#,
            #"│ │ prefactor  pf-prod  pf_2  … waiting                                                          │ │"#,
            #"│ │                                                                                              │ │"#,
            #"│ │ 1 of 2 answered · one request a token, never retried                                         │ │"#,
            #"│ │ Esc hides this box; the answers still land in the list                                       │ │"#,
            #"│ └──────────────────────────────────────────────────────────────────────────────────────────────┘ │"#,
            #"│                  ││                                                                              │"#,
            #"│                  ││                                                                              │"#,
            #"│                  ││                                                                              │"#,
            #"│                  ││                                                                              │"#,
            #"└──────────────────┘└──────────────────────────────────────────────────────────────────────────────┘"#,
            #" esc:hide (the requests go on)"#,
        ]
        #expect(Self.runHalfway().screen.trimmedLines == expected)
    }

    /// Help lists the action keys and which vendor documents which action.
    @Test func theHelpListsTheActionKeysAndVendors() {
        let expected: [String] = [
            #"TokenDeck · 4 accounts                                                                    ⟳ 12s ago"#,
            #"┌ Accounts ────┌ Keys  j/k scroll ──────────────────────────────────────────────────┐──────────────┐"#,
            #"│▸0 All        │ Act (hidden in read-only mode)                                     │ED ↓  EXPIRES │"#,
            #"│ 1 acme-prod  │   Space           mark / unmark the token, then the next row       │go    in 100d │"#,
            #"│ 2 pf-prod    │   *               mark every token in this view (again: clear)     │o     in 100d │"#,
            #"│ 3 agents     │   a               actions on the marked tokens, else the selected  │o     in 100d │"#,
            #"│ 4 ml-platform│   :suspend …      :suspend :activate :revoke :delete               │o     in 100d │"#,
            #"│              │                   suspend/activate ask y; revoke/delete: type      │o     in 300d │"#,
            #"│              │                   the word and count (revoke 3); Esc cancels       │o     in 90d  │"#,
            #"│              │   prefactor       suspend, activate, revoke, delete                │o     in 200d │"#,
            #"│              │   truefoundry     delete                                           │              │"#,
            #"│              │   provisionr      none: the vendor documents no action             │              │"#,
            #"│              │   metokens        none: the vendor documents no action             │              │"#,
            #"│              │   * ?             in a row: marked / answer unknown, r to see      │              │"#,
            #"│              │                                                                    │              │"#,
            #"│              │ Rows                                                               │              │"#,
            #"│              │   red             expired or revoked                               │              │"#,
            #"│              │   yellow          expires within 30 days                           │              │"#,
            #"└──────────────└────────────────────────────────────────────────────────────────────┘──────────────┘"#,
            #" esc:close  j/k:scroll"#,
        ]
        #expect(Self.helpAtTheActSection().screen.trimmedLines == expected)
    }
}
