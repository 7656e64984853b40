import Foundation
import Testing
import TestSupport
import TokenDeckCore
@testable import TokenDeckUI

/// Tokens arrive without their vendor JSON (read per selected token), and a finished account's
/// tokens replace only that account's: how the dashboard holds 100,000 tokens in little memory.
@Suite struct OnDemandLoadTests {
    /// The sample tokens as the cache's light read gives them: `rawJSON` empty.
    static func lightTokens() -> [Token] {
        sampleTokens().map { token in
            var token = token
            token.rawJSON = ""
            return token
        }
    }

    @Test func theSelectedTokensJSONIsAskedForOnceAndShownWhenItArrives() {
        var state = AppState(accounts: dashboardAccounts, now: TestClock.now)
        _ = App.update(&state, .resize(Size(width: 100, height: 40)))
        // Newest first: pat-8 is selected by the load, and its JSON is asked for at once.
        let loadEffects = App.update(&state, .tokensLoaded(Self.lightTokens(), fetchedAt: TestClock.now))
        #expect(state.selectedToken?.id == "pat-8")
        #expect(loadEffects == [.loadRawJSON(account: "ml-platform", id: "pat-8")])
        #expect(Self.detailsEnd(state).contains("reading…"))
        // Asked once: other actions meanwhile ask nothing more.
        #expect(App.update(&state, .tick(TestClock.now)).isEmpty)

        _ = App.update(&state, .rawJSONLoaded(account: "ml-platform", id: "pat-8", json: #"{"id":"pat-8","scope":"ml"}"#))
        let shown = Self.detailsEnd(state)
        #expect(!shown.contains("reading…"))
        #expect(shown.contains("\"scope\" : \"ml\""))

        // Moving on asks for the next token's JSON; coming back needs no second read.
        #expect(state.press(.char("j")) == [.loadRawJSON(account: "acme-prod", id: "wstok_01hq8xa1")])
        #expect(state.press(.char("k")).isEmpty)
        #expect(Self.detailsEnd(state).contains("\"scope\" : \"ml\""))
    }

    /// The end of the details pane as drawn: focused and scrolled to its last line.
    static func detailsEnd(_ state: AppState) -> String {
        var state = state
        state.press(.enter, .char("G"))
        return state.screen.text
    }

    @Test func anAnswerFromBeforeAReloadIsNotShown() {
        var state = AppState(accounts: dashboardAccounts, now: TestClock.now)
        _ = App.update(&state, .resize(Size(width: 100, height: 40)))
        _ = App.update(&state, .tokensLoaded(Self.lightTokens(), fetchedAt: TestClock.now))
        // A reload comes before the answer: the answer may describe the old record, so it is
        // dropped and the reload asks again.
        let reload = App.update(&state, .tokensLoaded(Self.lightTokens(), fetchedAt: TestClock.now))
        #expect(reload == [.loadRawJSON(account: "ml-platform", id: "pat-8")])
        _ = App.update(&state, .rawJSONLoaded(account: "agents", id: "4021", json: #"{"stray":true}"#))
        #expect(state.rawJSONByKey.isEmpty)
        _ = App.update(&state, .rawJSONLoaded(account: "ml-platform", id: "pat-8", json: nil))
        // Gone from the cache meanwhile: an empty object rather than "reading…" forever.
        #expect(state.rawJSON(of: state.selectedToken ?? Token.fixture()) == "{}")
        #expect(!Self.detailsEnd(state).contains("reading…"))
    }

    @Test func copyingAsJSONCarriesTheJSONReadForTheToken() throws {
        var state = AppState(accounts: dashboardAccounts, now: TestClock.now)
        _ = App.update(&state, .resize(Size(width: 100, height: 40)))
        _ = App.update(&state, .tokensLoaded(Self.lightTokens(), fetchedAt: TestClock.now))
        _ = App.update(&state, .rawJSONLoaded(account: "ml-platform", id: "pat-8", json: #"{"id":"pat-8"}"#))
        let effects = state.press(.char("Y"))
        guard case .copyToClipboard(let text) = effects.first else {
            Issue.record("Y gave \(effects)")
            return
        }
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["rawJSON"] as? String == #"{"id":"pat-8"}"#)
        #expect(object["id"] as? String == "pat-8")
    }

    @Test func aFinishedAccountReplacesOnlyItsOwnTokensAndKeepsTheSelection() {
        var state = dashboard(size: Size(width: 100, height: 40))
        state.press(.char("j"), .char("j"))
        let selected = state.selectedToken?.key
        #expect(state.selectedToken?.id == "4021")
        // acme-prod now holds one token instead of three.
        let fresh = Token.fixture(account: "acme-prod", id: "wstok_new", title: "Fresh one", createdAt: TestClock.days(-3))
        _ = App.update(&state, .accountTokensLoaded(account: "acme-prod", tokens: [fresh], fetchedAt: TestClock.now))
        #expect(state.catalog.count == 5)
        #expect(Set(state.catalog.tokens.filter { $0.account == "acme-prod" }.map(\.id)) == ["wstok_new"])
        #expect(state.catalog.tokens.filter { $0.account != "acme-prod" }.map(\.id) == ["4021", "4022", "pat-7", "pat-8"])
        // The account's tokens go last, as a reload in the cache's storage order would put them.
        #expect(state.catalog.tokens.last?.id == "wstok_new")
        #expect(state.selectedToken?.key == selected)
        #expect(state.visibleIDs == ["pat-8", "wstok_new", "4021", "pat-7", "4022"])
        #expect(state.screen.text.contains("Fresh one"))
        #expect(!state.screen.text.contains("Laptop CLI"))
    }
}
