import Foundation
import Synchronization
import TestSupport
import Testing
import TokenDeckCore
@testable import TokenDeckSync

/// Servers whose paging never ends, which the sandbox cannot be (its pages past the end are empty).
@Suite("Paging that never ends")
struct EndlessPagingTests {
    @Test func growingLastPageStopsWithEndlessPagingAfterTheAnnouncedTotalPlusTwo() async throws {
        // Every page is full and claims one more page after it, while the first said 10 tokens in all.
        let transport = ScriptedTransport { request in
            let page = Int(ScriptedTransport.query(request, "page[number]") ?? "1") ?? 1
            let records = (0..<5).map { VendorBodies.provisionrRecord(id: "tok_\(page)_\($0)") }
            return HTTPResponseData(status: 200, body: Data(VendorBodies.provisionrPage(
                records: records, currentPage: page, lastPage: page + 1, perPage: 5, total: 10).utf8))
        }
        let (events, cache) = try await Self.sync(.provisionr, transport: transport)
        let error = try #require(events.failures["endless"])
        #expect(error.kind == .endlessPaging)
        #expect(error.vendor == .provisionr)
        #expect(error.message.contains("more than 4 pages"), "\(error.message)")
        #expect(transport.requestCount <= 5)
        #expect(try await cache.count() == 0)
    }

    @Test func repeatedCursorStopsWithEndlessPaging() async throws {
        // Every page says the next one starts at offset 0 again, and announces no total.
        let transport = ScriptedTransport { _ in
            let summaries = (0..<3).map { VendorBodies.prefactorSummary(id: "pf_\($0)") }
            let body = VendorBodies.prefactorPage(summaries: summaries, offset: 0, pageSize: 3, itemCount: 3, nextOffset: 0)
            return HTTPResponseData(status: 200, body: Data(body.utf8))
        }
        let (events, _) = try await Self.sync(.prefactor, transport: transport)
        let error = try #require(events.failures["endless"])
        #expect(error.kind == .endlessPaging)
        #expect(error.message.contains("twice"), "\(error.message)")
        #expect(transport.requestCount == 1)
    }

    static func sync(_ vendor: Vendor, transport: ScriptedTransport) async throws -> ([SyncEvent], TokenCache) {
        let cache = try TokenCache.inMemory()
        let account = ConfiguredAccount(
            account: Account(name: "endless", vendor: vendor, baseURL: try #require(URL(string: "http://127.0.0.1:1/api/v1"))),
            credential: .literal("secret"))
        let service = TokenService(accounts: [account], cache: cache, transport: transport, retry: .fastForTests)
        return (await collect(service.sync()), cache)
    }
}

/// Answers every request with what `respond` makes of it, and counts them.
final class ScriptedTransport: HTTPTransport {
    private let respond: @Sendable (HTTPRequestSpec) -> HTTPResponseData
    private let count = Mutex(0)

    init(_ respond: @escaping @Sendable (HTTPRequestSpec) -> HTTPResponseData) {
        self.respond = respond
    }

    var requestCount: Int { count.withLock { $0 } }

    func send(_ request: HTTPRequestSpec, timeout: Duration) async throws -> HTTPResponseData {
        count.withLock { $0 += 1 }
        return respond(request)
    }

    static func query(_ request: HTTPRequestSpec, _ name: String) -> String? {
        URLComponents(url: request.url, resolvingAgainstBaseURL: false)?.queryItems?.first { $0.name == name }?.value
    }
}
