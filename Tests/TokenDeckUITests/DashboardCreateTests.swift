import Foundation
import Testing
import TestSupport
import TokenDeckCore
@testable import TokenDeckUI

/// `c` in the dashboard: the form over the view, one request per submit, the notice with the
/// new token, the token selected in the list; failures keep what was typed.
@Suite struct DashboardCreateTests {
    static let accounts = [
        AccountInfo(name: "acme-prod", vendor: .provisionr, canCreate: true, service: "svc_123"),
        AccountInfo(name: "agents", vendor: .metokens),
        AccountInfo(name: "ml-platform", vendor: .truefoundry),
    ]

    static func opened(size: Size = Size(width: 120, height: 40)) -> AppState {
        var state = dashboard(accounts: accounts, size: size)
        state.press(.char("c"))
        return state
    }

    static func created(id: String = "wstok_new1", title: String = "Token for Vendor X", secret: String? = nil) -> CreatedToken {
        CreatedToken(token: Token.fixture(account: "acme-prod", id: id, kind: "svc_access", title: title,
                                          createdAt: TestClock.now, lastUsedAt: nil, expiresAt: TestClock.days(30)),
                     secret: secret)
    }

    @Test func cOpensTheFormOnTheCreatableAccountWithItsService() throws {
        let state = Self.opened()
        let form = try #require(state.createForm)
        #expect(form.accounts == ["acme-prod", "ml-platform"])
        #expect(form.draft.account == "acme-prod")
        #expect(form.draft.service == "svc_123")
        #expect(form.focused == .name)
        #expect(state.isEditingText)
        let text = state.screen.text
        #expect(text.contains("New service access token"))
        #expect(text.contains("svc_123"))
        // The cursor blinks in the name field.
        let cursor = try #require(App.cursorPosition(state, size: state.size))
        let nameRow = try #require(state.screen.dashboardRow(containing: "▸ Name"))
        #expect(cursor.y == nameRow)
    }

    @Test func typingGoesIntoTheFormNotToTheDashboardKeys() throws {
        var state = Self.opened()
        // q, x, t and digits would quit, cycle the trash, open a picker and change account outside the form.
        state.type("qxt1 deploy")
        #expect(!state.shouldQuit)
        #expect(state.trashFilter == .none)
        #expect(state.overlay == nil)
        #expect(state.selectedAccount == nil)
        #expect(state.createForm?.draft.name == "qxt1 deploy")
    }

    @Test func enterSendsExactlyOneRequestEvenWhenPressedTwice() throws {
        var state = Self.opened()
        state.type("Vendor X (Prod)")
        state.press(.tab)
        state.type("Token for Vendor X")
        let effects = state.press(.enter, .enter, .ctrl("s"))
        #expect(effects.count == 1)
        guard case .createToken(let account, .provisionr(let request)) = effects.first else {
            Issue.record("expected one create effect, got \(effects)")
            return
        }
        #expect(account == "acme-prod")
        #expect(request == ServiceAccessTokenRequest(service: "svc_123", name: "Vendor X (Prod)", description: "Token for Vendor X", expiresAt: nil))
        #expect(state.createForm?.isSubmitting == true)
        #expect(state.screen.text.contains("creating…"))
    }

    @Test func successClosesTheFormShowsTheNoticeAndSelectsTheNewToken() throws {
        var state = Self.opened()
        state.type("Vendor X (Prod)")
        state.press(.enter)
        let before = state.visibleTokenCount
        _ = App.update(&state, .createSucceeded(Self.created()))
        #expect(state.createForm == nil)
        #expect(state.createdNotice?.token.id == "wstok_new1")
        #expect(state.visibleTokenCount == before + 1)
        #expect(state.selectedToken?.id == "wstok_new1")
        let text = state.screen.text
        #expect(text.contains("Token created · acme-prod"))
        #expect(text.contains("wstok_new1"))
        #expect(App.cursorPosition(state, size: state.size) == nil)

        // y copies the id (no secret was sent), Esc closes, and the keys are the dashboard's again.
        #expect(state.press(.char("y")) == [.copyToClipboard("wstok_new1")])
        state.press(.escape)
        #expect(state.createdNotice == nil)
        state.press(.char("j"))
        #expect(state.selectedToken?.id != "wstok_new1")
    }

    @Test func theReloadThatBringsTheTokenKeepsItSelected() throws {
        var state = Self.opened()
        state.type("Vendor X (Prod)")
        state.press(.enter)
        let created = Self.created()
        _ = App.update(&state, .createSucceeded(created))
        _ = App.update(&state, .tokensLoaded(sampleTokens() + [created.token], fetchedAt: TestClock.now))
        #expect(state.visibleTokenCount == sampleTokens().filter { !$0.trashed }.count + 1)
        #expect(state.selectedToken?.id == "wstok_new1")
    }

    @Test func aSecretIsShownOnceAndCopiedWithY() throws {
        var state = Self.opened()
        state.type("Vendor X (Prod)")
        state.press(.enter)
        _ = App.update(&state, .createSucceeded(Self.created(secret: "pvr_SECRET_VALUE_123")))
        #expect(state.screen.text.contains("pvr_SECRET_VALUE_123"))
        #expect(state.press(.char("y")) == [.copyToClipboard("pvr_SECRET_VALUE_123")])
        #expect(!String(describing: state.createdNotice as Any).contains("pvr_SECRET"))
        state.press(.enter)
        #expect(!state.screen.text.contains("pvr_SECRET_VALUE_123"))
        #expect(state.createdNotice == nil)
    }

    @Test func aValidationFailureKeepsEverythingTypedAndNamesTheField() throws {
        var state = Self.opened()
        state.type("Vendor X (Prod)")
        state.press(.tab)
        state.type("Token for Vendor X")
        state.press(.enter)
        let error = VendorError(vendor: .provisionr, status: 422, message: "The name has already been taken.",
                                fieldErrors: ["name": ["The name has already been taken."]])
        _ = App.update(&state, .createFailed(account: "acme-prod", error: error))
        let form = try #require(state.createForm)
        #expect(!form.isSubmitting)
        #expect(form.draft.name == "Vendor X (Prod)")
        #expect(form.draft.description == "Token for Vendor X")
        #expect(form.focused == .name)
        #expect(state.screen.text.contains("The name has already been taken."))
        // Fixed and sent again: a second request, once.
        state.press(.end)
        state.type(" 2")
        #expect(state.press(.enter).count == 1)
    }

    @Test func escOnAnEditedFormAsksFirstAndNoKeepsTheText() throws {
        var state = Self.opened()
        state.type("half typed")
        state.press(.escape)
        #expect(state.screen.text.contains("Discard this token? y/n"))
        state.press(.char("n"))
        #expect(state.createForm?.draft.name == "half typed")
        state.press(.escape, .char("y"))
        #expect(state.createForm == nil)
    }

    @Test func ctrlCOnAnEditedFormAsksBeforeQuitting() throws {
        var state = Self.opened()
        state.type("half typed")
        #expect(state.press(.ctrl("c")).isEmpty)
        #expect(!state.shouldQuit)
        #expect(state.createForm?.confirmingDiscard == true)
        #expect(state.press(.ctrl("c")) == [.quit])
        #expect(state.shouldQuit)
    }

    @Test func ctrlCOnAnUntouchedFormQuits() {
        var state = Self.opened()
        #expect(state.press(.ctrl("c")) == [.quit])
    }

    @Test func readOnlyModeSaysSoInsteadOfOpeningTheForm() {
        var state = AppState(accounts: Self.accounts, readOnly: true, now: TestClock.now)
        _ = App.update(&state, .resize(Size(width: 120, height: 40)))
        state.press(.char("c"))
        #expect(state.createForm == nil)
        #expect(state.screen.text.contains("read-only mode: creating tokens is disabled"))
        #expect(!StatusBar.hints(for: state).contains { $0.key == "c" })
    }

    @Test func withoutACreatableAccountTheMessageSaysWhichVendorCan() {
        var state = dashboard(accounts: dashboardAccounts.filter { $0.vendor == .metokens })
        state.press(.char("c"))
        #expect(state.createForm == nil)
        #expect(state.screen.text.contains("no account here can create tokens (Provisionr, Prefactor and TrueFoundry accounts can; metokens"))
    }

    @Test func aCreatedTokenHiddenByTheFiltersIsAnnounced() throws {
        var state = Self.opened()
        state.press(.escape)
        state.press(.char("x"), .char("x"))  // only trashed
        state.press(.char("c"))
        state.type("Vendor X (Prod)")
        state.press(.enter)
        _ = App.update(&state, .createSucceeded(Self.created()))
        #expect(state.screen.text.contains("the current filters hide it"))
    }
}
