import Foundation
import Testing
import TestSupport
import TokenDeckCore

@Suite struct TokenFilterTests {
    let now = TestClock.now

    var tokens: [Token] {
        [
            Token.fixture(id: "b", kind: "svc_access", title: "Vault Prod", createdAt: TestClock.days(-5), owner: "ops"),
            Token.fixture(id: "a", kind: "personal_access", title: "laptop", createdAt: TestClock.days(-50), expiresAt: TestClock.days(10)),
            Token.fixture(id: "c", kind: "svc_access", title: "old vault", trashed: true, createdAt: nil),
            Token.fixture(id: "d", kind: "cli_access", title: "CLI", vendorStatus: .revoked, createdAt: TestClock.days(-5)),
        ]
    }

    func ids(_ query: TokenQuery) -> [String] { TokenFilter.apply(tokens, query: query, now: now).map(\.id) }

    @Test func kindIsAnExactMatch() {
        #expect(ids(TokenQuery(kind: "svc_access", trashed: .with, sort: TokenSort(field: .id, ascending: true))) == ["b", "c"])
        #expect(ids(TokenQuery(kind: "svc")) == [])
    }

    @Test func trashFilterNoneWithOnly() {
        let byID = TokenSort(field: .id, ascending: true)
        #expect(ids(TokenQuery(trashed: .none, sort: byID)) == ["a", "b", "d"])
        #expect(ids(TokenQuery(trashed: .with, sort: byID)) == ["a", "b", "c", "d"])
        #expect(ids(TokenQuery(trashed: .only, sort: byID)) == ["c"])
    }

    @Test func statusIsTheDerivedStatusAtNow() {
        #expect(ids(TokenQuery(status: .expiring)) == ["a"])
        #expect(ids(TokenQuery(status: .revoked)) == ["d"])
        #expect(ids(TokenQuery(trashed: .with, status: .trashed)) == ["c"])
    }

    @Test func textIsCaseInsensitiveOverTitleIDKindAndOwner() {
        let byID = TokenSort(field: .id, ascending: true)
        #expect(ids(TokenQuery(trashed: .with, text: "VAULT", sort: byID)) == ["b", "c"])
        #expect(ids(TokenQuery(text: "OPS", sort: byID)) == ["b"])
        #expect(ids(TokenQuery(text: "personal", sort: byID)) == ["a"])
        #expect(ids(TokenQuery(text: "d", sort: byID)) == ["b", "d"]) // "Vault Prod" and id "d"
    }

    @Test func defaultSortIsNewestFirstWithTiesByIDAndMissingDatesLast() {
        #expect(ids(TokenQuery(trashed: .with)) == ["b", "d", "a", "c"])
        #expect(ids(TokenQuery(trashed: .with, sort: TokenSort(field: .created, ascending: true))) == ["a", "b", "d", "c"])
    }

    @Test func titleSortIgnoresCase() {
        #expect(ids(TokenQuery(trashed: .with, sort: TokenSort(field: .title, ascending: true))) == ["d", "a", "c", "b"])
    }

    @Test func numericIDsSortAsNumbers() {
        let numbered = ["10", "9", "100"].map { Token.fixture(vendor: .metokens, id: $0) }
        let sorted = TokenFilter.apply(numbered, query: TokenQuery(sort: TokenSort(field: .id, ascending: true)), now: now)
        #expect(sorted.map(\.id) == ["9", "10", "100"])
    }

    @Test func statusSortFollowsTheDerivedStatus() {
        #expect(ids(TokenQuery(trashed: .with, sort: TokenSort(field: .status, ascending: true))) == ["b", "a", "d", "c"])
    }

    @Test func sortIsStableAcrossAccountsWithTheSameID() {
        let twins = [Token.fixture(account: "zeta", id: "x"), Token.fixture(account: "alpha", id: "x")]
        let sorted = TokenFilter.apply(twins, query: TokenQuery(sort: TokenSort(field: .kind, ascending: true)), now: now)
        #expect(sorted.map(\.account) == ["alpha", "zeta"])
    }

    /// The local filter agrees with what Provisionr's server filters would return for the same query.
    @Test func localFilterMatchesServerSideTypeAndTrashFilters() {
        let all = tokens
        for kind in [nil, "svc_access", "cli_access"] {
            for trash in TrashFilter.allCases {
                let query = TokenQuery(kind: kind, trashed: trash)
                let server = all.filter { token in
                    (kind == nil || token.kind == kind)
                        && (trash == .with || (trash == .only) == token.trashed)
                }
                #expect(Set(TokenFilter.apply(all, query: query, now: now).map(\.id)) == Set(server.map(\.id)))
            }
        }
    }
}
