import Foundation
import Testing
import TestSupport
@testable import TokenDeckCore

@Suite struct PrefactorAdapterTests {
    let adapter = PrefactorAdapter()

    @Test func listRequestSendsOffsetPageSizeSortingAndAccountID() {
        let account = TestAccounts.account(.prefactor, accountID: "013xrzp12g3nqk8ngskn1wtxgka5b0nf")
        let query = adapter.serverQuery(for: TokenQuery(sort: TokenSort(field: .lastUsed, ascending: false)))
        let request = adapter.listRequest(account: account, query: query, cursor: .offset(200, size: 100), credential: "sandbox-prefactor-token")
        #expect(request.method == .get)
        #expect(request.url.absoluteString == "http://127.0.0.1:8080/prefactor/api/v1/api_token"
            + "?pagination%5Boffset%5D=200&pagination%5Bpage_size%5D=100&sorting%5Bfield%5D=last_seen"
            + "&sorting%5Bdirection%5D=desc&account_id=013xrzp12g3nqk8ngskn1wtxgka5b0nf")
        #expect(request.header("Authorization") == "Bearer sandbox-prefactor-token")
        #expect(request.header("Accept") == "application/json")
    }

    @Test func unmappableSortSendsNoSortingAndNoAccountIDWhenUnset() {
        let query = adapter.serverQuery(for: TokenQuery(sort: TokenSort(field: .title, ascending: true)))
        #expect(query.sortField == nil)
        let request = adapter.listRequest(account: TestAccounts.account(.prefactor), query: query, cursor: adapter.firstPage(size: 50), credential: "t")
        #expect(request.url.query == "pagination%5Boffset%5D=0&pagination%5Bpage_size%5D=50")
    }

    @Test(arguments: [(SortField.id, "id"), (.created, "timestamp"), (.lastUsed, "last_seen")])
    func sortFieldsMapToPrefactorsAllowedValues(field: SortField, wire: String) {
        #expect(adapter.serverQuery(for: TokenQuery(sort: TokenSort(field: field, ascending: true))).sortField == wire)
    }

    @Test func serverQueryLeavesStatusAndScopeToUs() {
        let query = adapter.serverQuery(for: TokenQuery(kind: "account", trashed: .only, status: .revoked, text: "x"))
        #expect(query.kind == nil)
        #expect(query.trashed == .none)
        #expect(query.nameSearch == nil)
    }

    @Test func specExampleDecodesFieldByField() throws {
        let page = try decodeList(.prefactor, SpecExamples.prefactorList, cursor: .offset(90, size: 10))
        let token = try #require(page.tokens.first)
        #expect(page.tokens.count == 1)
        #expect(token.vendor == .prefactor)
        #expect(token.id == "013xrzp12g3nqk8n7f8f9jbg8d18q7tm")
        #expect(token.kind == "account")
        #expect(token.title == "account token 013xrzp12g3nqk8n7f8f9jbg8d18q7tm")
        #expect(token.owner == "013xrzp12g3nqk8nh0qrc2b1jfanmvb9")
        #expect(token.vendorStatus == .active)
        #expect(token.createdAt == date("2024-01-01T00:00:00Z"))
        #expect(token.lastUsedAt == date("2024-01-01T00:00:00Z"))
        #expect(token.expiresAt == date("2024-01-01T00:00:00Z"))
        #expect(token.scopes == [])
        #expect(token.status(asOf: TestClock.now) == .expired)
        #expect(page.next == .offset(110, size: 10))
        #expect(page.total == 200)
        #expect(page.pageCount == 20)
        #expect(page.servedPageSize == 10)
    }

    @Test(arguments: [("active", TokenStatus.active), ("suspended", .suspended), ("revoked", .revoked), ("paused", .active)])
    func vendorStatusMapsFromStatus(wire: String, status: TokenStatus) throws {
        let body = VendorBodies.prefactorPage(summaries: [VendorBodies.prefactorSummary(id: "t1", status: wire)],
                                              offset: 0, pageSize: 10, itemCount: 1, nextOffset: nil)
        #expect(try decodeList(.prefactor, body).tokens.first?.vendorStatus == status)
    }

    @Test func nullNextPageOffsetStops() throws {
        let body = VendorBodies.prefactorPage(summaries: [VendorBodies.prefactorSummary(id: "t1")], offset: 0, pageSize: 10,
                                              itemCount: 1, nextOffset: nil)
        let page = try decodeList(.prefactor, body)
        #expect(page.next == nil)
        #expect(page.total == 1)
    }

    @Test func emptySummariesStopEvenWithANextOffset() throws {
        let body = VendorBodies.prefactorPage(summaries: [], offset: 500, pageSize: 10, itemCount: 20, nextOffset: 510)
        let page = try decodeList(.prefactor, body, cursor: .offset(500, size: 10))
        #expect(page.tokens.isEmpty)
        #expect(page.next == nil)
    }

    @Test func clampedPageSizeContinuesFromTheServersNextOffset() throws {
        // Asked for 500, served 100: the server's next offset and page size are followed, no gap.
        let summaries = (0..<100).map { VendorBodies.prefactorSummary(id: "t\($0)") }
        let body = VendorBodies.prefactorPage(summaries: summaries, offset: 0, pageSize: 100, itemCount: 250, nextOffset: 100)
        let page = try decodeList(.prefactor, body, cursor: .offset(0, size: 500))
        #expect(page.next == .offset(100, size: 100))
        #expect(page.servedPageSize == 100)
        #expect(page.pageCount == 3)
    }

    @Test func nullableDatesMayBeNullButInsertedAtIsRequired() throws {
        let body = VendorBodies.prefactorPage(summaries: [VendorBodies.prefactorSummary(id: "t1", lastUsedAt: nil, expiresAt: nil)],
                                              offset: 0, pageSize: 10, itemCount: 1, nextOffset: nil)
        let token = try #require(try decodeList(.prefactor, body).tokens.first)
        #expect(token.lastUsedAt == nil)
        #expect(token.expiresAt == nil)

        let garbage = body.replacingOccurrences(of: #""inserted_at":"2024-01-01T00:00:00Z""#, with: #""inserted_at":"yesterday""#)
        let error = listError(.prefactor, garbage)
        #expect(error?.kind == .malformedBody)
        #expect(error?.message == "malformed token list from Prefactor: summaries[0].inserted_at is not an ISO 8601 date-time")
    }

    @Test func errorEnvelopeGivesCodeAndMessage() {
        let error = adapter.decodeError(.body(SpecExamples.prefactorError, status: 400))
        #expect(error == VendorError(vendor: .prefactor, status: 400, code: "bad_request",
                                     message: "pagination[page_size] must be at most 100"))
    }

    @Test func errorEnvelopeInA200IsAnErrorNotAnEmptyPage() {
        let body = #"{"status":"error","code":"not_permitted","message":"Token lacks api_token:read"}"#
        let error = listError(.prefactor, body)
        #expect(error?.kind == .http)
        #expect(error?.code == "not_permitted")
        #expect(error?.message == "Token lacks api_token:read")
    }

    @Test func unauthenticatedWithRetryAfterOnA503() {
        let error = adapter.decodeError(.body(#"{"status":"error","code":"unexpected","message":"try later"}"#, status: 503,
                                              headers: ["retry-after": "120"]))
        #expect(error.code == "unexpected")
        #expect(error.retryAfter == 120)
        #expect(error.isRetryable)
    }
}
