import Foundation
import TestSupport
import TokenDeckCore
@testable import TokenDeckUI

/// One account per vendor, Prefactor second (key 2), for the action tests.
let actionAccounts = [
    AccountInfo(name: "acme-prod", vendor: .provisionr),
    AccountInfo(name: "pf-prod", vendor: .prefactor),
    AccountInfo(name: "agents", vendor: .metokens),
    AccountInfo(name: "ml-platform", vendor: .truefoundry),
]

/// Newest first by creation: four Prefactor tokens (active, active, suspended, revoked), then one
/// each at TrueFoundry, metokens and Provisionr.
func actionTokens() -> [Token] {
    [
        Token.fixture(vendor: .prefactor, account: "pf-prod", id: "pf_1", kind: "account", title: "CI deploy",
                      createdAt: TestClock.days(-1), expiresAt: TestClock.days(100)),
        Token.fixture(vendor: .prefactor, account: "pf-prod", id: "pf_2", kind: "environment", title: "Staging agent",
                      createdAt: TestClock.days(-2), expiresAt: TestClock.days(100)),
        Token.fixture(vendor: .prefactor, account: "pf-prod", id: "pf_3", kind: "account", title: "Paused bot",
                      vendorStatus: .suspended, createdAt: TestClock.days(-3), expiresAt: TestClock.days(100)),
        Token.fixture(vendor: .prefactor, account: "pf-prod", id: "pf_4", kind: "account", title: "Leaked key",
                      vendorStatus: .revoked, createdAt: TestClock.days(-4), expiresAt: TestClock.days(100)),
        Token.fixture(vendor: .truefoundry, account: "ml-platform", id: "pat-8", kind: "personal", title: "Feature store",
                      createdAt: TestClock.days(-5), expiresAt: TestClock.days(300)),
        Token.fixture(vendor: .metokens, account: "agents", id: "4021", kind: "token", title: "Nightly agent",
                      createdAt: TestClock.days(-6), expiresAt: TestClock.days(90)),
        Token.fixture(account: "acme-prod", id: "wstok_01hq8xa1", kind: "svc_access", title: "Vendor X (Prod)",
                      createdAt: TestClock.days(-7), expiresAt: TestClock.days(200)),
    ]
}

/// The dashboard on `actionTokens()` at 100×20.
func actionDashboard(_ tokens: [Token] = actionTokens(), size: Size = Size(width: 100, height: 20), readOnly: Bool = false) -> AppState {
    var state = AppState(accounts: actionAccounts, readOnly: readOnly, now: TestClock.now)
    if readOnly { state.readOnlyCause = "--read-only" }
    _ = App.update(&state, .resize(size))
    _ = App.update(&state, .tokensLoaded(tokens, fetchedAt: TestClock.now.addingTimeInterval(-12)))
    return state
}

extension AppState {
    /// Selects the row showing token `id`.
    mutating func selectToken(_ id: String) {
        if let row = visibleIDs.firstIndex(of: id) { select(row: row) }
    }

    /// The actions the menu offers now, in order.
    var menuActions: [TokenAction] { actions.menu?.entries.map(\.action) ?? [] }

    var messageText: String? { message?.text }
}
