import Foundation
import Testing
import TestSupport
import TokenDeckCore
@testable import TokenDeckUI

/// 100,000 tokens: every key still does exactly the right thing at that scale. How fast it
/// does it is measured by `tokendeck-bench` and scripts/bench-*.sh, not asserted here.
@Suite(.serialized) struct ScaleTests {
    static let tokens: [Token] = {
        var tokens: [Token] = []
        tokens.reserveCapacity(100_002)
        for account in ["acme-prod", "agents", "ml-platform"] {
            tokens += manyTokens(33_334, account: account).map { token in
                var token = token
                token.id = account.prefix(3) + "_" + token.id
                return token
            }
        }
        return tokens
    }()

    @Test func catalogAndViewHoldEveryToken() {
        var catalog = TokenIndex(tokens: Self.tokens, accountNames: dashboardAccounts.map(\.name), generation: 1)
        var view = TokenView()
        view.update(catalog: &catalog, query: TokenQuery(), account: nil, accountCount: 3, now: TestClock.now)
        #expect(view.totalMatching == 100_002)
        #expect(Set(view.rows).count == 100_002)
    }

    /// Wide searches (most tokens still candidates) take the path split across two cores: each
    /// agrees with TokenFilter, token for token and in order.
    @Test func wideSearchesAgreeWithTokenFilterAtHundredThousand() {
        var catalog = TokenIndex(tokens: Self.tokens, accountNames: dashboardAccounts.map(\.name), generation: 1)
        var view = TokenView()
        for text in ["42", "r 4", "_0", "ag", "er 33", "zq"] {
            let query = TokenQuery(text: text)
            view.update(catalog: &catalog, query: TokenQuery(), account: nil, accountCount: 3, now: TestClock.now)
            view.update(catalog: &catalog, query: query, account: nil, accountCount: 3, now: TestClock.now)
            let expected = TokenFilter.apply(Self.tokens, query: query, now: TestClock.now).map { "\($0.account)/\($0.id)" }
            let rows = view.rows.map { "\(catalog.tokens[$0].account)/\(catalog.tokens[$0].id)" }
            #expect(rows == expected, "\(text)")
        }
        // Not vacuous: some needles match thousands, one matches nothing.
        view.update(catalog: &catalog, query: TokenQuery(text: "42"), account: nil, accountCount: 3, now: TestClock.now)
        #expect(view.rows.count > 1_000)
        view.update(catalog: &catalog, query: TokenQuery(text: "zq"), account: nil, accountCount: 3, now: TestClock.now)
        #expect(view.rows.isEmpty)
    }

    /// Between key presses the dashboard works out what follows the search text in each of its
    /// many matches; the next letter, digit or other byte then gives exactly what TokenFilter gives,
    /// whether that work finished or was cut short by the key.
    @Test func theNextKeystrokePreparedBetweenKeysAgreesWithTokenFilter() {
        var catalog = TokenIndex(tokens: Self.tokens, accountNames: dashboardAccounts.map(\.name), generation: 1)
        func expected(_ text: String) -> [String] {
            TokenFilter.apply(Self.tokens, query: TokenQuery(text: text), now: TestClock.now).map { "\($0.account)/\($0.id)" }
        }
        var view = TokenView()
        var keysAfterPreparedFollowers = 0
        for (text, slicesBeforeEachKey) in [("nu", Int.max), ("r 4", Int.max), ("_0", Int.max), ("Ok", Int.max), ("e", Int.max),
                                            ("n 7", 1), ("nu", 0)] {
            view.update(catalog: &catalog, query: TokenQuery(), account: nil, accountCount: 3, now: TestClock.now)
            var typed = ""
            for character in text {
                var slices = 0
                while slices < slicesBeforeEachKey, catalog.prepareNextKeystroke() { slices += 1 }
                if catalog.isNextKeystrokePrepared { keysAfterPreparedFollowers += 1 }
                typed.append(character)
                view.update(catalog: &catalog, query: TokenQuery(text: typed), account: nil, accountCount: 3, now: TestClock.now)
                #expect(view.rows.map { "\(catalog.tokens[$0].account)/\(catalog.tokens[$0].id)" } == expected(typed), "\(typed)")
            }
        }
        // Every first byte here matches tens of thousands, and so does "r ": "u", " ", "4", "0" and
        // "k" (letters, digits, a byte sharing its bit) came from prepared followers; the keys
        // typed after one slice, or none, were searched the ordinary way.
        #expect(keysAfterPreparedFollowers == 5)
        view.update(catalog: &catalog, query: TokenQuery(text: "t"), account: nil, accountCount: 3, now: TestClock.now)
        #expect(catalog.isPreparingNextKeystroke)
        while catalog.prepareNextKeystroke() {}
        #expect(!catalog.isPreparingNextKeystroke)
    }

    @Test func movingSearchingAndErasingAtHundredThousand() {
        var state = AppState(accounts: dashboardAccounts, pageSize: 100, now: TestClock.now)
        _ = App.update(&state, .resize(Size(width: 160, height: 50)))
        _ = App.update(&state, .tokensLoaded(Self.tokens, fetchedAt: TestClock.now))
        #expect(state.view.totalMatching == 100_002)

        let order = state.visibleIDs
        for _ in 0..<200 { state.press(.char("j")) }
        #expect(state.selectedToken?.id == order[200])
        #expect(state.page == 2, "row 200 is on the third page of 100")

        state.press(.char("/"))
        state.type("number 4")
        // Titles "Token number N" with N starting with 4: 4, 40–49, 400–499, 4000–4999 in each account.
        #expect(state.visibleTokenCount == 3 * 1_111)
        let titles = Dictionary(uniqueKeysWithValues: Self.tokens.map { ($0.id, $0.title) })
        #expect(state.visibleIDs.allSatisfy { titles[$0]?.contains("number 4") == true })
        state.press(.backspace)
        // "number " matches every title again.
        #expect(state.visibleTokenCount == 100_002)
    }
}
