import Foundation
import Testing
import TestSupport
import TokenDeckCore
@testable import TokenDeckUI

/// Whole screens compared line by line (as ratatui's `Buffer::with_lines`): the overlays, the
/// pickers, the create form, the details pane and the message line, beside the `contains` checks
/// elsewhere. They pin what a person sees before the index and state are redesigned (issue 16).
@Suite("Whole screens as text")
struct WholeScreenTests {
    /// The help overlay: its box over the dashboard, clipped to the first screenful with a scroll hint.
    @Test func theHelpOverlayAt100x20() {
        var state = dashboard()
        state.press(.char("?"))
        let expected: [String] = [
            #"TokenDeck · 3 accounts                                                                    ⟳ 12s ago"#,
            #"┌ Accounts ────┌ Keys  j/k scroll ──────────────────────────────────────────────────┐──────────────┐"#,
            #"│▸0 All        │ Move                                                               │ED ↓  EXPIRES │"#,
            #"│ 1 acme-prod  │   j k ↓ ↑         next / previous token                            │go    in 300d │"#,
            #"│ 2 agents     │   g G Home End    first / last token                               │o     in 29d  │"#,
            #"│ 3 ml-platform│   n p PgDn PgUp   next / previous page                             │o     in 90d  │"#,
            #"│              │   ctrl-d ctrl-u   half a screen down / up                          │go    in 100d │"#,
            #"│              │   Tab Shift-Tab   next / previous panel                            │go    never   │"#,
            #"│              │   0 1–9           All accounts / the account with that number      │ago   24h ago │"#,
            #"│              │   h l ← →         accounts panel / details                         │              │"#,
            #"│              │   Enter           open the details (Enter or Esc goes back)        │              │"#,
            #"│              │                                                                    │              │"#,
            #"│              │ Filter                                                             │              │"#,
            #"│              │   /               search title, id, type and owner as you type     │              │"#,
            #"│              │                   Enter keeps it, Esc clears it, ctrl-u erases     │              │"#,
            #"│              │   t               type picker: the types in this view              │              │"#,
            #"│              │   f               status picker: active, expiring, expired…        │              │"#,
            #"│              │   x               trash: active → with trashed → only trashed      │              │"#,
            #"└──────────────└────────────────────────────────────────────────────────────────────┘──────────────┘"#,
            #" esc:close  j/k:scroll"#,
        ]
        #expect(state.screen.trimmedLines == expected)
    }

    /// The type picker: every type in the view with its count, the choice marked, its own key line.
    @Test func theTypePicker() {
        var state = dashboard()
        state.press(.char("t"))
        let expected: [String] = [
            #"TokenDeck · 3 accounts                                                                    ⟳ 12s ago"#,
            #"┌ Accounts ────────┐┌ All accounts   page 1/1 · 1–6 of 6 ──────────────────────────────────────────┐"#,
            #"│▸0 All          6 ││ ID            HYG  TYPE        TITLE            STATUS    CREATED ↓  EXPIRES │"#,
            #"│ 1 acme-prod    2 ││ pat-8              personal    Feature store    active    24h ago    in 300d │"#,
            #"│ 2 agents       2 ││ wstok_01hq8…       svc_access  Vendor X (Prod)  expiring  2d ago     in 29d  │"#,
            #"│ 3 ml-platform  2 ││ 4021          ∅    token       Nightly agent    active    5d ago     in 90d  │"#,
            #"│                  ││ pat-7         ┌ Token type ──────────────┐cess  revoked   20d ago    in 100d │"#,
            #"│                  ││ wstok_01hq8…  │▸1 all types            6 │      active    40d ago    never   │"#,
            #"│                  ││ 4022          │ 2 personal             2 │nt    expired   100d ago   24h ago │"#,
            #"│                  ││               │ 3 token                2 │                                   │"#,
            #"│                  ││               │ 4 personal_access      1 │                                   │"#,
            #"│                  ││               │ 5 svc_access           1 │                                   │"#,
            #"│                  ││               └──────────────────────────┘                                   │"#,
            #"│                  ││                                                                              │"#,
            #"│                  ││                                                                              │"#,
            #"│                  ││                                                                              │"#,
            #"│                  ││                                                                              │"#,
            #"│                  ││                                                                              │"#,
            #"└──────────────────┘└──────────────────────────────────────────────────────────────────────────────┘"#,
            #" j/k:move  enter:choose  1–9:choose that one  esc:cancel"#,
        ]
        #expect(state.screen.trimmedLines == expected)
    }

    /// The status picker: every status with its count; trashed says it shows the trash.
    @Test func theStatusPicker() {
        var state = dashboard()
        state.press(.char("f"))
        let expected: [String] = [
            #"TokenDeck · 3 accounts                                                                    ⟳ 12s ago"#,
            #"┌ Accounts ────────┐┌ All accounts   page 1/1 · 1–6 of 6 ──────────────────────────────────────────┐"#,
            #"│▸0 All          6 ││ ID            HYG  TYPE        TITLE            STATUS    CREATED ↓  EXPIRES │"#,
            #"│ 1 acme-prod    2 ││ pat-8              personal    Feature store    active    24h ago    in 300d │"#,
            #"│ 2 agents       2 ││ wstok_01hq8…       svc_access  Vendor X (Prod)  expiring  2d ago     in 29d  │"#,
            #"│ 3 ml-platform  2 ││ 4021      ┌ Status ─────────────────────────┐   active    5d ago     in 90d  │"#,
            #"│                  ││ pat-7     │▸1 all statuses                6 │s  revoked   20d ago    in 100d │"#,
            #"│                  ││ wstok_01hq│ 2 active                      3 │   active    40d ago    never   │"#,
            #"│                  ││ 4022      │ 3 expiring                    1 │   expired   100d ago   24h ago │"#,
            #"│                  ││           │ 4 expired                     1 │                                │"#,
            #"│                  ││           │ 5 suspended                   0 │                                │"#,
            #"│                  ││           │ 6 revoked                     1 │                                │"#,
            #"│                  ││           │ 7 trashed (shows the trash)     │                                │"#,
            #"│                  ││           └─────────────────────────────────┘                                │"#,
            #"│                  ││                                                                              │"#,
            #"│                  ││                                                                              │"#,
            #"│                  ││                                                                              │"#,
            #"│                  ││                                                                              │"#,
            #"└──────────────────┘└──────────────────────────────────────────────────────────────────────────────┘"#,
            #" j/k:move  enter:choose  1–9:choose that one  esc:cancel"#,
        ]
        #expect(state.screen.trimmedLines == expected)
    }

    /// The create form as it opens: Provisionr's fields for the first account that can create
    /// (TrueFoundry's is the other of 1/2; metokens documents no create), the counter and never.
    @Test func theEmptyCreateForm() {
        var state = dashboard(size: Size(width: 100, height: 24))
        state.press(.char("c"))
        let expected: [String] = [
            #"TokenDeck · 3 accounts                                                                    ⟳ 12s ago"#,
            #"┌ Accounts ────────┐┌ All accounts   page 1/1 · 1–6 of 6 ──────────────────────────────────────────┐"#,
            #"│▸0 All          6 ││ ID            HYG  TYPE        TITLE            STATUS    CREATED ↓  EXPIRES │"#,
            #"│ 1 acme-prod    2 ││ pat-8              personal    Feature store    active    24h ago    in 300d │"#,
            #"│ 2 agents┌ New service access token ────────────────────────────────────────────────────┐ in 29d  │"#,
            #"│ 3 ml-pla│   Account        ◂ acme-prod ▸  provisionr                     1/2           │ in 90d  │"#,
            #"│         │                                                                              │ in 100d │"#,
            #"│         │ ▸ Service ID                                                                 │ never   │"#,
            #"│         │                                                                              │ 24h ago │"#,
            #"│         │   Name                                                         0/55          │         │"#,
            #"│         │                                                                              │         │"#,
            #"│         │   Description                                                                │         │"#,
            #"│         │                                                                              │         │"#,
            #"│         │   Expires                                                      never         │         │"#,
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

    /// Enter on the first row: the details pane under the table, its line count in the title.
    @Test func theDetailsPaneUnderTheTable() {
        var state = dashboard(size: Size(width: 100, height: 24))
        state.press(.enter)
        let expected: [String] = [
            #"TokenDeck · 3 accounts                                                                    ⟳ 12s ago"#,
            #"┌ Accounts ────────┐┌ All accounts   page 1/1 · 1–6 of 6 ──────────────────────────────────────────┐"#,
            #"│▸0 All          6 ││ ID            HYG  TYPE        TITLE            STATUS    CREATED ↓  EXPIRES │"#,
            #"│ 1 acme-prod    2 ││ pat-8              personal    Feature store    active    24h ago    in 300d │"#,
            #"│ 2 agents       2 ││ wstok_01hq8…       svc_access  Vendor X (Prod)  expiring  2d ago     in 29d  │"#,
            #"│ 3 ml-platform  2 ││ 4021          ∅    token       Nightly agent    active    5d ago     in 90d  │"#,
            #"│                  ││ pat-7              personal    Notebook access  revoked   20d ago    in 100d │"#,
            #"│                  ││ wstok_01hq8…  ◔∞   personal_…  Laptop CLI       active    40d ago    never   │"#,
            #"│                  ││ 4022               token       Expired agent    expired   100d ago   24h ago │"#,
            #"└──────────────────┘└──────────────────────────────────────────────────────────────────────────────┘"#,
            #"┌ Details   lines 1–11 of 16 ──────────────────────────────────────────────────────────────────────┐"#,
            #"│ ID          pat-8                                                                                │"#,
            #"│ Account     ml-platform · truefoundry                                                            │"#,
            #"│ Type        personal                                                                             │"#,
            #"│ Title       Feature store                                                                        │"#,
            #"│ Status      active                                                                               │"#,
            #"│ Hygiene     —                                                                                    │"#,
            #"│ Owner       carol                                                                                │"#,
            #"│ Created     2024-04-30 00:00 UTC  (24h ago)                                                      │"#,
            #"│ Last used   not reported by truefoundry                                                          │"#,
            #"│ Expires     2025-02-25 00:00 UTC  (in 300d)                                                      │"#,
            #"│ Scopes      —                                                                                    │"#,
            #"└──────────────────────────────────────────────────────────────────────────────────────────────────┘"#,
            #" j/k:scroll  n/p:next/prev token  enter:back  y:copy id  ?:help  q:quit"#,
        ]
        #expect(state.screen.trimmedLines == expected)
    }

    /// A message: one line above the keys, the table one row shorter.
    @Test func aStatusMessageTakesALineAboveTheKeys() {
        var state = dashboard()
        _ = App.update(&state, .statusMessage("copied wstok_01hq8xa1", isError: false))
        let expected: [String] = [
            #"TokenDeck · 3 accounts                                                                    ⟳ 12s ago"#,
            #"┌ Accounts ────────┐┌ All accounts   page 1/1 · 1–6 of 6 ──────────────────────────────────────────┐"#,
            #"│▸0 All          6 ││ ID            HYG  TYPE        TITLE            STATUS    CREATED ↓  EXPIRES │"#,
            #"│ 1 acme-prod    2 ││ pat-8              personal    Feature store    active    24h ago    in 300d │"#,
            #"│ 2 agents       2 ││ wstok_01hq8…       svc_access  Vendor X (Prod)  expiring  2d ago     in 29d  │"#,
            #"│ 3 ml-platform  2 ││ 4021          ∅    token       Nightly agent    active    5d ago     in 90d  │"#,
            #"│                  ││ pat-7              personal    Notebook access  revoked   20d ago    in 100d │"#,
            #"│                  ││ wstok_01hq8…  ◔∞   personal_…  Laptop CLI       active    40d ago    never   │"#,
            #"│                  ││ 4022               token       Expired agent    expired   100d ago   24h ago │"#,
            #"│                  ││                                                                              │"#,
            #"│                  ││                                                                              │"#,
            #"│                  ││                                                                              │"#,
            #"│                  ││                                                                              │"#,
            #"│                  ││                                                                              │"#,
            #"│                  ││                                                                              │"#,
            #"│                  ││                                                                              │"#,
            #"│                  ││                                                                              │"#,
            #"└──────────────────┘└──────────────────────────────────────────────────────────────────────────────┘"#,
            #" ✓ copied wstok_01hq8xa1"#,
            #" ?:help  /:search  t:type  x:trash  f:status  s:sort  enter:details  y:copy id  c:create  r:refresh"#,
        ]
        #expect(state.screen.trimmedLines == expected)
    }

    /// A failed sync: the account and the reason in the error style, and how to dismiss it.
    @Test func aSyncFailureSaysWhichAccountAndHowToDismissIt() {
        var state = dashboard()
        _ = App.update(&state, .syncFailed(account: "agents", message: "HTTP 401 Unauthorized: the credential was refused"))
        let expected: [String] = [
            #"TokenDeck · 3 accounts                                                                    ⟳ 12s ago"#,
            #"┌ Accounts ────────┐┌ All accounts   page 1/1 · 1–6 of 6 ──────────────────────────────────────────┐"#,
            #"│▸0 All          6 ││ ID            HYG  TYPE        TITLE            STATUS    CREATED ↓  EXPIRES │"#,
            #"│ 1 acme-prod    2 ││ pat-8              personal    Feature store    active    24h ago    in 300d │"#,
            #"│ 2 agents       2 ││ wstok_01hq8…       svc_access  Vendor X (Prod)  expiring  2d ago     in 29d  │"#,
            #"│ 3 ml-platform  2 ││ 4021          ∅    token       Nightly agent    active    5d ago     in 90d  │"#,
            #"│                  ││ pat-7              personal    Notebook access  revoked   20d ago    in 100d │"#,
            #"│                  ││ wstok_01hq8…  ◔∞   personal_…  Laptop CLI       active    40d ago    never   │"#,
            #"│                  ││ 4022               token       Expired agent    expired   100d ago   24h ago │"#,
            #"│                  ││                                                                              │"#,
            #"│                  ││                                                                              │"#,
            #"│                  ││                                                                              │"#,
            #"│                  ││                                                                              │"#,
            #"│                  ││                                                                              │"#,
            #"│                  ││                                                                              │"#,
            #"│                  ││                                                                              │"#,
            #"│                  ││                                                                              │"#,
            #"└──────────────────┘└──────────────────────────────────────────────────────────────────────────────┘"#,
            #" ✗ agents: HTTP 401 Unauthorized: the credential was refused                          esc dismisses"#,
            #" ?:help  /:search  t:type  x:trash  f:status  s:sort  enter:details  y:copy id  c:create  r:refresh"#,
        ]
        #expect(state.screen.trimmedLines == expected)
    }
}
