import Foundation
import Testing
import TestSupport
@testable import TokenDeckCore

@Suite struct TrueFoundryAdapterTests {
    let adapter = TrueFoundryAdapter()

    @Test func listRequestSendsLimitOffsetAndNameSearch() {
        let query = adapter.serverQuery(for: TokenQuery(text: "ci bot&co"))
        #expect(query == ServerQuery(nameSearch: "ci bot&co"))
        let request = adapter.listRequest(account: TestAccounts.account(.truefoundry), query: query, cursor: .offset(20, size: 10),
                                          credential: "sandbox-truefoundry-token")
        #expect(request.method == .get)
        #expect(request.url.absoluteString
            == "http://127.0.0.1:8080/truefoundry/api/svc/v1/personal-access-tokens?limit=10&offset=20&nameSearchQuery=ci%20bot%26co")
        #expect(request.header("Authorization") == "Bearer sandbox-truefoundry-token")
    }

    @Test(arguments: [(0, 1), (1, 1), (1000, 1000), (5000, 1000)])
    func limitIsClampedToTheSpecsRange(asked: Int, sent: Int) {
        let request = adapter.listRequest(account: TestAccounts.account(.truefoundry), query: ServerQuery(),
                                          cursor: .offset(0, size: asked), credential: "t")
        #expect(request.url.query == "limit=\(sent)&offset=0")
        #expect(adapter.firstPage(size: asked) == .offset(0, size: sent))
    }

    @Test func specExampleDecodesFieldByField() throws {
        let page = try decodeList(.truefoundry, SpecExamples.truefoundryList, cursor: .offset(0, size: 10))
        let token = try #require(page.tokens.first)
        #expect(token.vendor == .truefoundry)
        #expect(token.id == "<string>")
        #expect(token.kind == "<string>")
        #expect(token.title == "<string>")
        #expect(token.owner == "<string>")
        #expect(token.createdAt == date("2023-11-07T05:31:56Z"))
        #expect(token.expiresAt == nil) // "<string>" is not a date
        #expect(token.lastUsedAt == nil)
        #expect(token.scopes == ["<string>@<string>"])
        #expect(token.vendorStatus == .active)
        // One record at offset 0 of 100: the next page starts at 1, with the served limit.
        #expect(page.next == .offset(1, size: 10))
        #expect(page.total == 100)
        #expect(page.pageCount == 10)
        #expect(page.servedPageSize == 10)
    }

    @Test func realisticRecordMapsPermissionsOwnerAndExpiry() throws {
        let record = VendorBodies.truefoundryRecord(id: "pat-1", name: "ci-bot", expirationDate: "2024-12-31T00:00:00.000Z",
                                                    permissions: [("admin", "tenant:ws1"), ("viewer", "tenant:ws2")])
        let token = try #require(try decodeList(.truefoundry, VendorBodies.truefoundryPage(records: [record], total: 1, offset: 0, limit: 10)).tokens.first)
        #expect(token.kind == "personal-access-token")
        #expect(token.title == "ci-bot")
        #expect(token.owner == "Ada Lovelace")
        #expect(token.expiresAt == date("2024-12-31T00:00:00Z"))
        #expect(token.scopes == ["admin@tenant:ws1", "viewer@tenant:ws2"])
    }

    @Test func ownerFallsBackToCreatedByAndMissingExpiryIsNil() throws {
        let record = VendorBodies.truefoundryRecord(id: "pat-2", expirationDate: nil, displayName: nil, createdBy: "ada@example.com")
        let token = try #require(try decodeList(.truefoundry, VendorBodies.truefoundryPage(records: [record], total: 1, offset: 0, limit: 10)).tokens.first)
        #expect(token.owner == "ada@example.com")
        #expect(token.expiresAt == nil)
    }

    @Test func lastPageStopsAtTotal() throws {
        let records = (0..<5).map { VendorBodies.truefoundryRecord(id: "p\($0)") }
        let page = try decodeList(.truefoundry, VendorBodies.truefoundryPage(records: records, total: 25, offset: 20, limit: 10),
                                  cursor: .offset(20, size: 10))
        #expect(page.next == nil)
    }

    @Test func emptyPageStopsEvenBelowTotal() throws {
        let page = try decodeList(.truefoundry, VendorBodies.truefoundryPage(records: [], total: 25, offset: 30, limit: 10),
                                  cursor: .offset(30, size: 10))
        #expect(page.tokens.isEmpty)
        #expect(page.next == nil)
    }

    @Test func clampedLimitContinuesWithTheServedCountWithoutGaps() throws {
        // Asked for 1000 from offset 0, the server served 100: continue at 100, not at 1000.
        let records = (0..<100).map { VendorBodies.truefoundryRecord(id: "p\($0)") }
        let page = try decodeList(.truefoundry, VendorBodies.truefoundryPage(records: records, total: 250, offset: 0, limit: 100),
                                  cursor: .offset(0, size: 1000))
        #expect(page.next == .offset(100, size: 100))
        #expect(page.servedPageSize == 100)
        #expect(page.pageCount == 3)
    }

    @Test func shortPageBelowTotalContinuesFromWhatWasServed() throws {
        let records = (0..<7).map { VendorBodies.truefoundryRecord(id: "p\($0)") }
        let page = try decodeList(.truefoundry, VendorBodies.truefoundryPage(records: records, total: 30, offset: 10, limit: 10),
                                  cursor: .offset(10, size: 10))
        #expect(page.next == .offset(17, size: 10))
    }

    @Test func errorShapeGivesStatusCodeMessageAndCode() {
        let body = #"{"statusCode":403,"message":"You do not have access to this resource","code":"FORBIDDEN","details":{"scope":["missing pat:read"]}}"#
        let error = adapter.decodeError(.body(body, status: 403))
        #expect(error == VendorError(vendor: .truefoundry, status: 403, code: "FORBIDDEN", message: "You do not have access to this resource",
                                     fieldErrors: ["scope": ["missing pat:read"]]))
    }

    @Test func validationMessageListIsJoined() {
        let body = #"{"statusCode":400,"message":["limit must not be greater than 1000","offset must be a number"],"error":"Bad Request"}"#
        let error = adapter.decodeError(.body(body, status: 400))
        #expect(error.message == "limit must not be greater than 1000; offset must be a number")
        #expect(error.code == "Bad Request")
    }
}
