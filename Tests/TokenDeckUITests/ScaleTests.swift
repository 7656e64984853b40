import Foundation
import Testing
import TestSupport
import TokenDeckCore
@testable import TokenDeckUI

/// 100,000 tokens: keys must answer at once. Bounds are loose enough for a debug build on a
/// busy CI machine; the point is that moves cost nothing and search costs one pass, not a sort.
@Suite(.serialized) struct PerformanceTests {
    static let tokens: [Token] = {
        var tokens: [Token] = []
        tokens.reserveCapacity(100_000)
        for account in ["acme-prod", "agents", "ml-platform"] {
            tokens += manyTokens(33_334, account: account).map { token in
                var token = token
                token.id = account.prefix(3) + "_" + token.id
                return token
            }
        }
        return tokens
    }()

    func seconds(_ body: () -> Void) -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    @Test func loadBreakdown() {
        #expect(Self.tokens.count == 100_002)  // built before timing
        var catalog = TokenCatalog()
        let build = seconds { catalog = TokenCatalog(tokens: Self.tokens, accountNames: dashboardAccounts.map(\.name), generation: 1) }
        var view = TokenView()
        let filter = seconds { view.update(catalog: catalog, query: TokenQuery(), account: nil, accountCount: 3, now: TestClock.now) }
        let apply = seconds { _ = TokenFilter.apply(Self.tokens, query: TokenQuery(), now: TestClock.now) }
        let keys = seconds { _ = Self.tokens.map(\.key) }
        print("100k load: catalog \(build)s, view \(filter)s (TokenFilter.apply alone \(apply)s, keys \(keys)s)")
        #expect(view.totalMatching == 100_002)
    }

    @Test func hundredThousandTokensStayResponsive() {
        var state = AppState(accounts: dashboardAccounts, pageSize: 100, now: TestClock.now)
        _ = App.update(&state, .resize(Size(width: 160, height: 50)))
        let load = seconds { _ = App.update(&state, .tokensLoaded(Self.tokens, fetchedAt: TestClock.now)) }
        #expect(state.view.totalMatching == 100_002)

        let moves = seconds { for _ in 0..<200 { state.press(.char("j")) } }
        let render = seconds { for _ in 0..<20 { _ = state.screen } }
        state.press(.char("/"))
        var typing: [Double] = []
        for character in "number 4" { typing.append(seconds { state.type(String(character)) }) }
        let narrowed = state.visibleTokenCount
        let backspace = seconds { state.press(.backspace) }
        let slowestKey = typing.max() ?? 0
        print("100k: load \(load)s, 200 moves \(moves)s, 20 renders \(render)s, slowest search key \(slowestKey)s, backspace \(backspace)s, matches \(narrowed)")
        #expect(narrowed > 0 && narrowed < 100_002)
        #expect(moves < 0.5)
        #expect(render / 20 < 0.1)
        #expect(slowestKey < 0.5)
        #expect(backspace < 0.5)
    }
}
