import Foundation
import Testing
import TestSupport
@testable import TokenDeckCore

/// The two-pass sort (integers first, the full comparison only where they tie) gives exactly the
/// order of the full comparison over every token, for every field and direction.
@Suite struct TwoPassSortTests {
    static let tokens: [Token] = {
        var tokens: [Token] = []
        let titles = ["Vault Prod", "vault prod", "VAULT PRODUCTION", "Vault", "vaultprod", "Ärger", "ärger 2", "Zeta", "", "a",
                      "abcdefgh", "abcdefgh1", "abcdefgi", "ABCDEFGH"]
        let ids = ["1", "2", "10", "-3", "0", "wstok_01hq8xa1", "wstok_01hq8xa2", "wstok_01hq8xa10", "pat-7", "pat-7", "ab", "a", "ÿ"]
        let kinds = ["svc_access", "SVC_ACCESS", "personal", "token", "cli_access"]
        for index in 0..<240 {
            let day = index % 9 - 4
            tokens.append(Token.fixture(
                vendor: Vendor.allCases[index % Vendor.allCases.count],
                account: ["acme-prod", "agents", "ml"][index % 3],
                id: ids[index % ids.count], kind: kinds[index % kinds.count], title: titles[index % titles.count],
                vendorStatus: index % 11 == 0 ? .revoked : .active, trashed: index % 13 == 0,
                createdAt: index % 7 == 0 ? nil : TestClock.days(day),
                lastUsedAt: index % 5 == 0 ? nil : TestClock.days(-day, seconds: Double(index % 3)),
                expiresAt: index % 4 == 0 ? nil : TestClock.days(day * 10)))
        }
        return tokens
    }()

    @Test(arguments: [SortField.created, .lastUsed, .expires, .title, .kind, .status, .id])
    func twoPassEqualsTheFullComparison(field: SortField) {
        for ascending in [true, false] {
            let sort = TokenSort(field: field, ascending: ascending)
            let full = TokenFilter.fullySorted(Array(Self.tokens.indices), Self.tokens, by: sort, now: TestClock.now)
            #expect(TokenFilter.sortedIndices(Self.tokens, by: sort, now: TestClock.now) == full, "\(sort)")
        }
    }

    @Test func sortedIsTheTokensInThatOrder() {
        let sort = TokenSort(field: .title, ascending: true)
        let indices = TokenFilter.sortedIndices(Self.tokens, by: sort, now: TestClock.now)
        #expect(TokenFilter.sorted(Self.tokens, by: sort, now: TestClock.now) == indices.map { Self.tokens[$0] })
        #expect(Set(indices) == Set(Self.tokens.indices))
    }
}
