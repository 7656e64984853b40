import Foundation
import Testing
import TokenDeckCore
@testable import TokenDeckSandbox
@testable import TokenDeckSync

/// The client's gzip path end to end: a sandbox that compresses (`SandboxConfiguration.gzip`)
/// and the real transport, which asks for gzip and inflates it.
@Suite("Syncing against a gzip sandbox")
struct GzipSyncTests {
    static let fixedNow = Date(timeIntervalSince1970: 1_750_000_000)

    @Test("A full sync of every vendor from a gzip sandbox caches exactly the tokens a plain one gives")
    func gzipSyncCachesTheSameTokens() async throws {
        let plain = try await Self.syncEverything(gzip: false)
        let zipped = try await Self.syncEverything(gzip: true)
        #expect(plain.wasCompressed == false)
        #expect(zipped.wasCompressed == true)
        #expect(plain.tokens.count == plain.expected, "every token the sandbox holds, Provisionr's trash among them")
        #expect(zipped.tokens.count == plain.tokens.count)
        #expect(Set(zipped.tokens.map(\.vendor)) == Set(Vendor.allCases))
        // Whole tokens, raw JSON included (with the sandbox's origin written the same).
        let differing = zip(plain.tokens, zipped.tokens).filter { $0 != $1 }
        #expect(differing.isEmpty, "\(differing.count) tokens differ, e.g. \(differing.prefix(1).map { "\($0.0) vs \($0.1)" })")
    }

    /// Syncs every account into a fresh cache; the cached tokens in a fixed order, how many the
    /// sandbox holds, and whether a
    /// list page came back `Content-Encoding: gzip`.
    static func syncEverything(gzip: Bool) async throws -> (tokens: [Token], expected: Int, wasCompressed: Bool) {
        try await SandboxHarness.with(tokens: 2000, now: fixedNow, gzip: gzip) { harness in
            let cache = try TokenCache.inMemory()
            let service = harness.service(cache: cache)
            let events = await collect(service.sync(accounts: harness.accounts().map(\.account.name)))
            #expect(events.failures.isEmpty, "\(events.failures)")
            #expect(events.unconfirmed.isEmpty, "\(events.unconfirmed)")
            #expect(events.last == .finished)
            // Provisionr's `_links.self` names the sandbox's port, which differs between the two runs.
            let origin = harness.sandbox.origin
            let tokens = try await service.cachedTokensOrError().sorted { $0.key < $1.key }.map { token in
                var token = token
                token.rawJSON = token.rawJSON.replacingOccurrences(of: origin, with: "http://sandbox")
                return token
            }

            let url = harness.sandbox.baseURL(for: .metokens).appendingPathComponent("api/v1/me/tokens")
            let page = try await harness.transport.send(
                HTTPRequestSpec(method: .get, url: url, headers: [.init("Authorization", "Bearer \(SandboxVendor.metokens.bearerToken)")]),
                timeout: .seconds(30))
            #expect(page.status == 200)
            var expected = 0
            for vendor in SandboxVendor.allCases {
                expected += await harness.sandbox.store.count(vendor: vendor, includeTrashed: true)
            }
            return (tokens, expected, page.headers["content-encoding"] == "gzip")
        }
    }
}
