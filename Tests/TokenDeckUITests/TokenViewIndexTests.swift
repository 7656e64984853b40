import Foundation
import Testing
import TestSupport
import TokenDeckCore
@testable import TokenDeckUI

/// The dashboard's cached view (sort once, filters over the catalog's arrays, search through
/// byte masks, earlier search results kept for Backspace) gives exactly what `TokenFilter.apply`
/// gives for the same query, whatever order the changes come in.
@Suite struct TokenViewIndexTests {
    static let tokens: [Token] = {
        var tokens = manyTokens(300, kinds: ["svc_access", "cli_access", "personal_access"]) + sampleTokens()
        tokens += manyTokens(40, account: "agents", kinds: ["token"]).enumerated().map { index, token in
            var token = token
            token.trashed = index % 3 == 0
            token.vendorStatus = index % 5 == 0 ? .suspended : .active
            token.expiresAt = index % 4 == 0 ? nil : TestClock.days(index % 7 * 10 - 20)
            return token
        }
        tokens.append(Token.fixture(account: "ml-platform", id: "umlaut-1", kind: "personal", title: "Größe Über", owner: "Zoë"))
        // The end of one token's text and the start of the next must never match as one needle.
        tokens.append(Token.fixture(account: "ml-platform", id: "edge-1", kind: "personal", title: "ends in qq", owner: "xx"))
        tokens.append(Token.fixture(account: "ml-platform", id: "edge-2", kind: "personal", title: "yy starts", owner: "zz"))
        return tokens
    }()

    static let accountNames = dashboardAccounts.map(\.name)

    func expectedKeys(_ query: TokenQuery, account: String? = nil) -> [String] {
        TokenFilter.apply(Self.tokens, query: query, now: TestClock.now)
            .filter { account == nil || $0.account == account }
            .map(\.key)
    }

    func keys(_ view: TokenView, _ catalog: TokenIndex) -> [String] {
        view.rows.map { catalog.tokens[$0].key }
    }

    @Test func everyFilterSortAndSearchAgreesWithTokenFilter() {
        var catalog = TokenIndex(tokens: Self.tokens, accountNames: Self.accountNames, generation: 1)
        var view = TokenView()
        var checked = 0
        // One view through every change in turn, so stale cached stages would show.
        for sort in SortOrder.cycle + [TokenSort(field: .id, ascending: true), TokenSort(field: .created, ascending: true)] {
            for kind in [nil, "svc_access", "token", "no-such-type"] as [String?] {
                for trashed in [TrashFilter.none, .with, .only] {
                    for status in [nil, .active, .expiring, .expired, .suspended] as [TokenStatus?] {
                        for text in ["", "TOKEN", "tok_0001", "agent", "größe", "zoë", "qqxx", "qq\nyy", "sqq", "7"] {
                            let query = TokenQuery(kind: kind, trashed: trashed, status: status, text: text, sort: sort)
                            view.update(catalog: &catalog, query: query, account: nil, accountCount: Self.accountNames.count, now: TestClock.now)
                            #expect(keys(view, catalog) == expectedKeys(query), "\(query)")
                            checked += 1
                        }
                    }
                }
            }
        }
        #expect(checked == 8 * 4 * 3 * 5 * 10)
    }

    @Test func typingForwardBackspacingAndRetypingAgree() {
        var catalog = TokenIndex(tokens: Self.tokens, accountNames: Self.accountNames, generation: 1)
        var view = TokenView()
        var query = TokenQuery(trashed: .with)
        let steps = ["t", "to", "tok", "tok_", "tok_0", "tok_00", "tok_0", "tok_", "tok_1", "tok_", "tok", "o", "", "n", "nu", "number 2", ""]
        for text in steps {
            query.text = text
            view.update(catalog: &catalog, query: query, account: nil, accountCount: Self.accountNames.count, now: TestClock.now)
            #expect(keys(view, catalog) == expectedKeys(query), "after typing to '\(text)'")
        }
        // A filter change in the middle of a search drops the kept results.
        query.text = "tok_00"
        view.update(catalog: &catalog, query: query, account: nil, accountCount: Self.accountNames.count, now: TestClock.now)
        query.kind = "cli_access"
        view.update(catalog: &catalog, query: query, account: nil, accountCount: Self.accountNames.count, now: TestClock.now)
        query.text = "tok_0"
        view.update(catalog: &catalog, query: query, account: nil, accountCount: Self.accountNames.count, now: TestClock.now)
        #expect(keys(view, catalog) == expectedKeys(query))
        #expect(view.rows.count == 100)  // tok_00002, tok_00005, … tok_00299: every third of the 300
    }

    @Test func accountStageAndCountsAgree() {
        var catalog = TokenIndex(tokens: Self.tokens, accountNames: Self.accountNames, generation: 1)
        var view = TokenView()
        let query = TokenQuery(trashed: .with, text: "o")
        for (ordinal, name) in Self.accountNames.enumerated() {
            view.update(catalog: &catalog, query: query, account: ordinal, accountCount: Self.accountNames.count, now: TestClock.now)
            #expect(keys(view, catalog) == expectedKeys(query, account: name))
            #expect(view.countsByAccount[ordinal] == expectedKeys(query, account: name).count)
        }
        #expect(view.countsByAccount.reduce(0, +) == expectedKeys(query).count)
    }

    @Test func pickersCountWhatTheTableWouldShow() {
        var state = dashboard(Self.tokens)
        state.press(.char("x"))  // with trashed
        state.press(.char("/"))
        state.type("o")
        state.press(.enter)
        var query = state.query
        query.kind = nil
        var byKind: [String: Int] = [:]
        for token in TokenFilter.apply(Self.tokens, query: query, now: state.now) { byKind[token.kind, default: 0] += 1 }
        let types = Picker.types(in: state)
        #expect(types.options[0].count == byKind.values.reduce(0, +))
        for option in types.options.dropFirst() {
            guard case .kind(let kind?) = option.choice else { continue }
            #expect(option.count == byKind[kind], "\(kind)")
        }
        #expect(types.options.count == byKind.count + 1)

        query = state.query
        query.status = nil
        var byStatus: [TokenStatus: Int] = [:]
        for token in TokenFilter.apply(Self.tokens, query: query, now: state.now) { byStatus[token.status(asOf: state.now), default: 0] += 1 }
        let statuses = Picker.statuses(in: state)
        #expect(statuses.options[0].count == byStatus.values.reduce(0, +))
        for option in statuses.options {
            guard case .status(let status?) = option.choice else { continue }
            #expect(option.count == byStatus[status] ?? 0, "\(status)")
        }
    }
}
