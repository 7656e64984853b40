import Foundation
import Testing
import TestSupport
import TokenDeckCore
@testable import TokenDeckUI

/// The index answers each question it is asked — rows for a query, counts, statuses, lookups —
/// as `TokenFilter` and the tokens themselves would, whatever shortcut it takes inside.
@Suite struct TokenIndexTests {
    static let tokens = TokenViewIndexTests.tokens
    static let accountNames = TokenViewIndexTests.accountNames

    @Test func rowsForAQueryAreWhatTokenFilterSelectsInStorageOrder() {
        let index = TokenIndex(tokens: Self.tokens, accountNames: Self.accountNames, generation: 1)
        for kind in [nil, "svc_access", "token", "no-such-type"] as [String?] {
            for trashed in [TrashFilter.none, .with, .only] {
                for status in [nil, .active, .expired, .suspended] as [TokenStatus?] {
                    for text in ["", "TOKEN", "agent", "größe", "qq\nyy", "7"] {
                        let query = TokenQuery(kind: kind, trashed: trashed, status: status, text: text)
                        let selected = index.tokens.indices.filter { TokenFilter.matches(index.tokens[$0], query: query, now: TestClock.now) }
                        #expect(index.rows(for: query, inAccount: nil, now: TestClock.now) == selected, "\(query)")
                        for (ordinal, name) in Self.accountNames.enumerated() {
                            #expect(index.rows(for: query, inAccount: ordinal, now: TestClock.now) == selected.filter { index.tokens[$0].account == name },
                                    "\(query) in \(name)")
                        }
                    }
                }
            }
        }
    }

    @Test func aKeyLoadedTwiceIsOneRowHoldingTheNewerToken() {
        var newer = Token.fixture(id: "wstok_1", title: "the newer one")
        newer.vendorStatus = .suspended
        let index = TokenIndex(tokens: [Token.fixture(id: "wstok_1"), Token.fixture(id: "wstok_2"), newer], accountNames: ["acme-prod"], generation: 1)
        #expect(index.tokens.map(\.id) == ["wstok_1", "wstok_2"])
        #expect(index.tokens[0].title == "the newer one")
        #expect(index.index(account: "acme-prod", id: "wstok_1") == 0)
        #expect(index.index(account: "acme-prod", id: "wstok_2") == 1)
        #expect(index.index(account: "other", id: "wstok_1") == nil)
        #expect(index.rows(for: TokenQuery(text: "newer"), inAccount: nil, now: TestClock.now) == [0])
        #expect(index.status(of: 0, asOf: TestClock.now.timeIntervalSinceReferenceDate) == .suspended)
    }

    /// Counting per account by runs of grouped tokens, and by ordinals when they are interleaved,
    /// gives what counting the tokens themselves gives.
    @Test func accountCountsAgreeWhetherTokensAreGroupedOrInterleaved() {
        let names = Self.accountNames
        let grouped = names.flatMap { name in manyTokens(700, account: name) }
        // Every token's neighbours in another account: 2,800 runs, past the runs' limit.
        let interleaved = (0..<700).flatMap { index in names.indices.map { grouped[$0 * 700 + index] } }
        let unnamed = manyTokens(50, account: "not-configured")
        for tokens in [grouped, interleaved, grouped + unnamed + grouped.prefix(3).map { var token = $0; token.id += "-again"; return token }] {
            let catalog = TokenIndex(tokens: tokens, accountNames: names, generation: 1)
            for subset in [Array(0..<catalog.count), Array(stride(from: 0, to: catalog.count, by: 7)), [0, catalog.count - 1], [63, 64, 65, 127, 128], []] {
                var expected = [Int](repeating: 0, count: names.count)
                for index in subset { if let ordinal = names.firstIndex(of: catalog.tokens[index].account) { expected[ordinal] += 1 } }
                #expect(catalog.accountCounts(of: subset, accountCount: names.count) == expected, "\(subset.count) of \(tokens.count)")
                for (ordinal, name) in names.enumerated() {
                    #expect(catalog.rows(subset.reversed(), inAccount: ordinal) == subset.reversed().filter { catalog.tokens[$0].account == name })
                }
            }
        }
    }

    @Test func catalogStatusMatchesTokenStatus() {
        let catalog = TokenIndex(tokens: Self.tokens, accountNames: Self.accountNames, generation: 1)
        for now in [TestClock.now, TestClock.days(-30), TestClock.days(45)] {
            for (index, token) in catalog.tokens.enumerated() {
                #expect(catalog.status(of: index, asOf: now.timeIntervalSinceReferenceDate) == token.status(asOf: now))
            }
        }
    }
}

/// Replacing an index's tokens: the next generation, indexed afresh; taking them leaves it empty.
@Suite struct TokenIndexReplacementTests {
    @Test func replacingTokensIndexesTheNewOnesAsTheNextGeneration() {
        var index = TokenIndex(tokens: [Token.fixture(id: "a"), Token.fixture(id: "b")], accountNames: ["acme-prod"], generation: 4)
        index.replaceTokens(with: [Token.fixture(id: "c")], accountNames: ["acme-prod"])
        #expect(index.generation == 5)
        #expect(index.tokens.map(\.id) == ["c"])
        #expect(index.index(account: "acme-prod", id: "c") == 0)
        #expect(index.index(account: "acme-prod", id: "a") == nil)
        #expect(index.rows(for: TokenQuery(text: "C"), inAccount: nil, now: TestClock.now) == [0])
    }

    @Test func takingTheTokensLeavesTheIndexEmptyAtTheSameGeneration() {
        var index = TokenIndex(tokens: [Token.fixture(id: "a"), Token.fixture(id: "b")], accountNames: ["acme-prod"], generation: 4)
        let taken = index.takeTokens()
        #expect(taken.map(\.id) == ["a", "b"])
        #expect(index.count == 0)
        #expect(index.generation == 4)
        #expect(index.index(account: "acme-prod", id: "a") == nil)
    }
}
