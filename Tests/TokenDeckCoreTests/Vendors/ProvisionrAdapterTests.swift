import Foundation
import Testing
import TestSupport
@testable import TokenDeckCore

@Suite struct ProvisionrAdapterTests {
    let adapter = ProvisionrAdapter()
    let account = TestAccounts.account(.provisionr)

    // MARK: Requests

    @Test func listRequestAppendsPathUnderBaseAndEncodesBrackets() {
        let request = adapter.listRequest(account: account, query: ServerQuery(), cursor: .pageNumber(2, size: 500),
                                          credential: "sandbox-provisionr-token")
        #expect(request.method == .get)
        #expect(request.url.absoluteString
            == "http://127.0.0.1:8080/provisionr/api/v1/workspace/tokens?page%5Bsize%5D=500&page%5Bnumber%5D=2")
        #expect(request.header("Authorization") == "Bearer sandbox-provisionr-token")
        #expect(request.header("Accept") == "application/json")
        #expect(request.body == nil)
    }

    @Test func listRequestSendsTypeAndTrashFilters() {
        let query = adapter.serverQuery(for: TokenQuery(kind: "svc_access", trashed: .only, text: "vault"))
        #expect(query == ServerQuery(kind: "svc_access", trashed: .only))
        let request = adapter.listRequest(account: account, query: query, cursor: adapter.firstPage(size: 100), credential: "t")
        #expect(request.url.absoluteString == "http://127.0.0.1:8080/provisionr/api/v1/workspace/tokens"
            + "?page%5Bsize%5D=100&page%5Bnumber%5D=1&filter%5Bname%5D=svc_access&filter%5Btrashed%5D=only")
    }

    @Test func listRequestWithTrashedSendsWithAndNoneSendsNothing() {
        let with = adapter.listRequest(account: account, query: ServerQuery(trashed: .with), cursor: .pageNumber(1, size: 10), credential: "t")
        #expect(with.url.query == "page%5Bsize%5D=10&page%5Bnumber%5D=1&filter%5Btrashed%5D=with")
        let none = adapter.listRequest(account: account, query: ServerQuery(trashed: .none), cursor: .pageNumber(1, size: 10), credential: "t")
        #expect(none.url.query == "page%5Bsize%5D=10&page%5Bnumber%5D=1")
    }

    @Test func baseURLWithTrailingSlashDoesNotDoubleTheSlash() throws {
        let base = try #require(URL(string: "https://wks-a1b2c3d4.provisionr.io/api/v1/"))
        let slashed = Account(name: "a", vendor: .provisionr, baseURL: base)
        let request = adapter.listRequest(account: slashed, query: ServerQuery(), cursor: .pageNumber(1, size: 500), credential: "t")
        #expect(request.url.absoluteString
            == "https://wks-a1b2c3d4.provisionr.io/api/v1/workspace/tokens?page%5Bsize%5D=500&page%5Bnumber%5D=1")
    }

    @Test func credentialIsTrimmedOfTheNewlineATokenCommandPrints() {
        let request = adapter.listRequest(account: account, query: ServerQuery(), cursor: .pageNumber(1, size: 1), credential: "abc\n")
        #expect(request.header("Authorization") == "Bearer abc")
    }

    @Test func createRequestPostsJSONBodyToTheEncodedServicePath() throws {
        let expires = try #require(date("2026-12-31T00:00:00Z"))
        let request = adapter.createRequest(
            account: account,
            request: ServiceAccessTokenRequest(service: "svc 1/a", name: "Helpdesk Ticket Automation",
                                               description: "Production environment token managed by HashiCorp Vault.", expiresAt: expires),
            credential: "secret")
        #expect(request.method == .post)
        #expect(request.url.absoluteString == "http://127.0.0.1:8080/provisionr/api/v1/workspace/services/svc%201%2Fa/tokens/access")
        #expect(request.header("Content-Type") == "application/json")
        #expect(request.header("Authorization") == "Bearer secret")
        let body = try #require(request.body)
        let json = try JSONValue.parse(body)
        #expect(json == .object([
            "name": .string("Helpdesk Ticket Automation"),
            "description": .string("Production environment token managed by HashiCorp Vault."),
            "expires_at": .string("2026-12-31T00:00:00Z"),
        ]))
    }

    @Test func createRequestSendsNullForNoExpiry() throws {
        let request = adapter.createRequest(
            account: account, request: ServiceAccessTokenRequest(service: "svc_123", name: "n", description: "d", expiresAt: nil),
            credential: "t")
        let body = try #require(request.body)
        #expect(String(decoding: body, as: UTF8.self) == #"{"description":"d","expires_at":null,"name":"n"}"#)
    }

    // MARK: Decoding

    @Test func specExampleDecodesWithTypeAsKindAndDescriptionAsTitle() throws {
        let page = try decodeList(.provisionr, SpecExamples.provisionrList, cursor: .pageNumber(2, size: 1))
        #expect(page.tokens.count == 1)
        let token = try #require(page.tokens.first)
        #expect(token.vendor == .provisionr)
        #expect(token.account == "provisionr-test")
        #expect(token.id == "<string>")
        #expect(token.kind == "cli_activation")
        #expect(token.title == "<string>")
        #expect(token.scopes == ["<string>"])
        #expect(token.vendorStatus == .active)
        #expect(token.trashed == false)
        // "<string>" placeholders are not dates: nullable timestamps become nil, not an error.
        #expect(token.createdAt == nil)
        #expect(token.lastUsedAt == nil)
        #expect(token.expiresAt == nil)
        // current_page 2 of last_page 2: the last page, whatever next_page_url says.
        #expect(page.next == nil)
        #expect(page.total == 1)
        #expect(page.pageCount == 2)
        #expect(page.servedPageSize == 1)
    }

    @Test func realisticRecordMapsEveryField() throws {
        let body = VendorBodies.provisionrPage(records: [VendorBodies.provisionrRecord(
            id: "wstok_01hq8xyzabc123def456ghi789", type: "svc_access", description: "Token for Vendor X Integration (Prod)",
            abilities: ["tokens:read", "tokens:write"])])
        let token = try #require(try decodeList(.provisionr, body).tokens.first)
        #expect(token.id == "wstok_01hq8xyzabc123def456ghi789")
        #expect(token.kind == "svc_access")
        #expect(token.title == "Token for Vendor X Integration (Prod)")
        #expect(token.scopes == ["tokens:read", "tokens:write"])
        #expect(token.createdAt == date("2024-03-15T10:30:00Z"))
        #expect(token.lastUsedAt == date("2024-03-16T08:00:00Z"))
        #expect(token.expiresAt == date("2024-04-15T10:30:00Z"))
        #expect(token.owner == nil)
        #expect(token.usageCount == nil)
        #expect(token.rawJSON.hasPrefix(#"{"id":"wstok_01hq8xyzabc123def456ghi789","name":"svc_access","description":"#))
        #expect(token.rawJSON.hasSuffix(#""_embedded":[],"_links":{"self":"https://ws-a1b2c3.provisionr.io/api/v1/workspace/tokens/wstok_01hq8xyzabc123def456ghi789"}}"#))
        #expect(token.rawJSON.contains(#""id":"wstok_01hq8xyzabc123def456ghi789""#))
    }

    @Test func documentedTimestampExampleParsesItsMicroseconds() throws {
        let record = """
        {"id":"wstok_1","name":"svc_access","description":"d","abilities":[],"timestamp":\(SpecExamples.provisionrTimestampExample)}
        """
        let token = try #require(try decodeList(.provisionr, VendorBodies.provisionrPage(records: [record])).tokens.first)
        #expect(token.createdAt == date("2024-03-15T10:30:00Z"))
        #expect(token.expiresAt == date("2024-04-15T10:30:00Z"))
    }

    @Test func nullTimestampsBecomeNil() throws {
        let body = VendorBodies.provisionrPage(records: [VendorBodies.provisionrRecord(id: "a", lastUsedAt: nil, expiresAt: nil)])
        let token = try #require(try decodeList(.provisionr, body).tokens.first)
        #expect(token.lastUsedAt == nil)
        #expect(token.expiresAt == nil)
        #expect(token.createdAt == date("2024-03-15T10:30:00Z"))
    }

    @Test func trashedArgumentMarksEveryToken() throws {
        let body = VendorBodies.provisionrPage(records: [VendorBodies.provisionrRecord(id: "a"), VendorBodies.provisionrRecord(id: "b")])
        let page = try decodeList(.provisionr, body, trashed: true)
        #expect(page.tokens.map(\.trashed) == [true, true])
    }

    // MARK: Paging

    @Test func middlePageContinuesWithTheServedPageSize() throws {
        let records = (1...3).map { VendorBodies.provisionrRecord(id: "t\($0)") }
        let body = VendorBodies.provisionrPage(records: records, currentPage: 2, lastPage: 5, perPage: 3, total: 14)
        let page = try decodeList(.provisionr, body, cursor: .pageNumber(2, size: 500))
        #expect(page.next == .pageNumber(3, size: 3))
        #expect(page.total == 14)
        #expect(page.pageCount == 5)
        #expect(page.servedPageSize == 3)
    }

    @Test func nullNextPageURLStopsEvenBeforeLastPage() throws {
        let body = VendorBodies.provisionrPage(records: [VendorBodies.provisionrRecord(id: "a")], currentPage: 1, lastPage: 3,
                                               nextPageURL: .some(nil))
        #expect(try decodeList(.provisionr, body).next == nil)
    }

    @Test func lastPageStopsEvenWithANextURL() throws {
        let body = VendorBodies.provisionrPage(records: [VendorBodies.provisionrRecord(id: "a")], currentPage: 3, lastPage: 3,
                                               nextPageURL: .some("https://x.test/?page=4"))
        #expect(try decodeList(.provisionr, body).next == nil)
    }

    @Test func pageBeyondLastReturnsEmptyPageAndStops() throws {
        let body = VendorBodies.provisionrPage(records: [], currentPage: 9, lastPage: 3, perPage: 500, total: 1200)
        let page = try decodeList(.provisionr, body, cursor: .pageNumber(9, size: 500))
        #expect(page.tokens.isEmpty)
        #expect(page.next == nil)
        #expect(page.total == 1200)
    }

    @Test func emptyDataStopsEvenWhenTheServerOffersANextPage() throws {
        let body = VendorBodies.provisionrPage(records: [], currentPage: 1, lastPage: 3, nextPageURL: .some("https://x.test/?page=2"))
        #expect(try decodeList(.provisionr, body).next == nil)
    }

    @Test func perPageSentAsTextIsAccepted() throws {
        let body = VendorBodies.provisionrPage(records: [VendorBodies.provisionrRecord(id: "a")], currentPage: 1, lastPage: 2, perPage: 1)
            .replacingOccurrences(of: #""per_page":1"#, with: #""per_page":"1""#)
        #expect(try decodeList(.provisionr, body).next == .pageNumber(2, size: 1))
    }

    @Test(arguments: [("&laquo; Previous", "Next &raquo;"), ("« Previous", "Next »")])
    func bothLinkLabelFormsDecodeAlike(labels: (String, String)) throws {
        let body = VendorBodies.provisionrPage(records: [VendorBodies.provisionrRecord(id: "a")], currentPage: 1, lastPage: 2,
                                               perPage: 1, previousLabel: labels.0, nextLabel: labels.1)
        let page = try decodeList(.provisionr, body)
        #expect(page.next == .pageNumber(2, size: 1))
        let root = try #require(try JSONValue.parse(Data(body.utf8))["links"])
        let links = LaravelPaginator.links(root)
        #expect(links.map(\.label) == ["« Previous", "1", "Next »"])
        #expect(links.map(\.role) == [.previous, .page(1), .next])
    }

    @Test func missingNextPageURLFallsBackToTheNextLink() throws {
        // Without next_page_url the "Next »" link decides; its url is null here, so paging stops.
        var body = VendorBodies.provisionrPage(records: [VendorBodies.provisionrRecord(id: "a")], currentPage: 1, lastPage: 2,
                                               nextPageURL: .some(nil))
        body = body.replacingOccurrences(of: #""next_page_url":null,"#, with: "")
        #expect(try decodeList(.provisionr, body).next == nil)
    }

    // MARK: Create

    @Test func createdSpecExampleDecodesWithoutASecret() throws {
        let created = try adapter.decodeCreated(.body(SpecExamples.provisionrCreated, status: 201), account: account)
        #expect(created.token.id == "<string>")
        #expect(created.token.kind == "cli_activation")
        #expect(created.secret == nil)
    }

    @Test func createdSecretIsReturnedButKeptOutOfRawJSON() throws {
        let body = """
        {"data":{"id":"wstok_9","name":"svc_access","description":"Vault","abilities":["*"],
        "timestamp":{"created_at":"2024-03-15T10:30:00.000000Z","last_used_at":null,"expires_at":null},
        "plain_text_token":"pvr_s3cr3t"}}
        """
        let created = try adapter.decodeCreated(.body(body, status: 201), account: account)
        #expect(created.token.id == "wstok_9")
        #expect(created.token.title == "Vault")
        #expect(created.secret == "pvr_s3cr3t")
        #expect(!created.token.rawJSON.contains("pvr_s3cr3t"))
    }

    @Test func createdValidationErrorThrowsFieldErrors() {
        let body = #"{"message":"The name field must not be greater than 55 characters.","errors":{"name":["The name field must not be greater than 55 characters."]}}"#
        let error = #expect(throws: VendorError.self) {
            try adapter.decodeCreated(.body(body, status: 422), account: account)
        }
        #expect(error?.kind == .http)
        #expect(error?.status == 422)
        #expect(error?.fieldErrors == ["name": ["The name field must not be greater than 55 characters."]])
    }

    // MARK: Errors

    @Test func laravelMessageBecomesTheErrorMessage() {
        let error = adapter.decodeError(.body(#"{"message":"Unauthenticated."}"#, status: 401))
        #expect(error == VendorError(vendor: .provisionr, status: 401, message: "Unauthenticated."))
    }

    @Test func unprocessableCarriesEveryFieldError() {
        let body = #"{"message":"The given data was invalid.","errors":{"filter.name":["The selected filter.name is invalid."],"page.size":["The page.size must be an integer.","Too big."]}}"#
        let error = adapter.decodeError(.body(body, status: 422))
        #expect(error.message == "The given data was invalid.")
        #expect(error.fieldErrors == ["filter.name": ["The selected filter.name is invalid."],
                                      "page.size": ["The page.size must be an integer.", "Too big."]])
        #expect(error.isRetryable == false)
    }

    @Test func tooManyRequestsCarriesRetryAfterSeconds() {
        let error = adapter.decodeError(.body(#"{"message":"Too Many Attempts."}"#, status: 429, headers: ["Retry-After": "17"]))
        #expect(error.status == 429)
        #expect(error.retryAfter == 17)
        #expect(error.message == "Too Many Attempts.")
        #expect(error.isRetryable)
    }
}
