import Foundation
import Testing
import TestSupport
@testable import TokenDeckCore

@Suite struct MeTokensAdapterTests {
    let adapter = MeTokensAdapter()

    @Test func listRequestSendsOnlyThePageNumber() {
        let request = adapter.listRequest(account: TestAccounts.account(.metokens), query: adapter.serverQuery(for: TokenQuery(text: "ci")),
                                          cursor: .pageNumber(3, size: 500), credential: "sandbox-metokens-token")
        #expect(request.method == .get)
        #expect(request.url.absoluteString == "http://127.0.0.1:8080/metokens/api/v1/me/tokens?page=3")
        #expect(request.header("Authorization") == "Bearer sandbox-metokens-token")
        #expect(request.header("Accept") == "application/json")
    }

    @Test func serverFiltersNothing() {
        #expect(adapter.serverQuery(for: TokenQuery(kind: "personal", trashed: .only, status: .revoked, text: "ci")) == ServerQuery())
    }

    @Test func specExampleDecodesFieldByField() throws {
        let page = try decodeList(.metokens, SpecExamples.metokensList)
        let token = try #require(page.tokens.first)
        #expect(page.tokens.count == 1)
        #expect(token.vendor == .metokens)
        #expect(token.id == "1")
        #expect(token.kind == "personal")
        #expect(token.title == "Production Deploy")
        #expect(token.vendorStatus == .active)
        #expect(token.lastUsedAt == date("2024-04-11T14:35:05Z"))
        #expect(token.usageCount == 42)
        #expect(token.expiresAt == nil)
        #expect(token.createdAt == date("2024-03-01T18:11:00Z"))
        #expect(token.scopes == [])
        #expect(token.owner == nil)
        // The vendor's own bytes, in its order, with the spaces between tokens dropped.
        #expect(token.rawJSON == #"{"id":1,"name":"Production Deploy","status":"active","last_used_at":"2024-04-11T14:35:05Z","usage_count":42,"expires_at":null,"created_at":"2024-03-01T18:11:00Z","allowed_ips":null}"#)
        #expect(page.next == nil)
        #expect(page.total == 15)
        #expect(page.pageCount == 1)
        #expect(page.servedPageSize == 20)
    }

    @Test func allowedIPsBecomeScopesAndLargeIDsStayExact() throws {
        let body = VendorBodies.metokensPage(records: [VendorBodies.metokensRecord(id: 9_007_199_254_740_993)])
        let token = try #require(try decodeList(.metokens, body).tokens.first)
        #expect(token.id == "9007199254740993")
        #expect(token.scopes == ["10.0.0.0/24", "203.0.113.12"])
        #expect(token.usageCount == 12)
        #expect(token.expiresAt == date("2024-12-31T06:00:00Z"))
    }

    @Test(arguments: [("active", TokenStatus.active), ("revoked", .revoked), ("expired", .expired), ("suspended", .suspended),
                      ("Revoked", .revoked), ("pending", .active)])
    func vendorStatusMapsFromStatus(wire: String, status: TokenStatus) throws {
        let body = VendorBodies.metokensPage(records: [VendorBodies.metokensRecord(id: 1, status: wire)])
        #expect(try decodeList(.metokens, body).tokens.first?.vendorStatus == status)
    }

    @Test func nextLinkContinuesWithTheServersPerPage() throws {
        let records = (1...20).map { VendorBodies.metokensRecord(id: $0) }
        let body = VendorBodies.metokensPage(records: records, currentPage: 1, lastPage: 3, perPage: 20, total: 55)
        let page = try decodeList(.metokens, body, cursor: .pageNumber(1, size: 100))
        #expect(page.next == .pageNumber(2, size: 20))
        #expect(page.servedPageSize == 20)
        #expect(page.total == 55)
        #expect(page.pageCount == 3)
    }

    @Test func nullNextLinkStops() throws {
        let body = VendorBodies.metokensPage(records: [VendorBodies.metokensRecord(id: 1)], currentPage: 1, lastPage: 2, nextURL: .some(nil))
        #expect(try decodeList(.metokens, body).next == nil)
    }

    @Test func pageBeyondLastReturnsEmptyDataAndStops() throws {
        let body = VendorBodies.metokensPage(records: [], currentPage: 7, lastPage: 3, total: 55, nextURL: .some("https://example.test/?page=8"))
        let page = try decodeList(.metokens, body, cursor: .pageNumber(7, size: 20))
        #expect(page.tokens.isEmpty)
        #expect(page.next == nil)
    }

    @Test func currentPageAtLastPageStops() throws {
        let body = VendorBodies.metokensPage(records: [VendorBodies.metokensRecord(id: 1)], currentPage: 3, lastPage: 3,
                                             nextURL: .some("https://example.test/?page=4"))
        #expect(try decodeList(.metokens, body).next == nil)
    }

    @Test func missingCreatedAtIsMalformedBecauseTheSpecRequiresIt() {
        let body = VendorBodies.metokensPage(records: [#"{"id":5,"name":"x","status":"active","usage_count":0}"#])
        let error = listError(.metokens, body)
        #expect(error?.kind == .malformedBody)
        #expect(error?.message == "malformed token list from metokens: data[0].created_at is missing")
    }

    @Test func problemDetailsUseDetailThenTitleAndTypeAsCode() {
        let error = adapter.decodeError(.body(SpecExamples.metokensProblem, status: 401, headers: ["Content-Type": "application/problem+json"]))
        #expect(error == VendorError(vendor: .metokens, status: 401, code: "about:blank", message: "Authentication failed"))

        let noDetail = adapter.decodeError(.body(#"{"type":"https://errors.test/rate","title":"Too Many Requests","status":429,"instance":"/api/v1/me/tokens"}"#,
                                                 status: 429, headers: ["Retry-After": "3"]))
        #expect(noDetail.message == "Too Many Requests")
        #expect(noDetail.code == "https://errors.test/rate")
        #expect(noDetail.retryAfter == 3)
    }
}
