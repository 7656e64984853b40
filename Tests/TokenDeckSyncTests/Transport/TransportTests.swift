import Foundation
import Testing
import TokenDeckCore
import TokenDeckSandbox
@testable import TokenDeckSync

@Suite("The HTTP transport")
struct TransportTests {
    @Test func refusedConnectionNamesHostAndPortAndNeverTheCredential() async throws {
        let transport = AsyncHTTPClientTransport(connectTimeout: .seconds(2))
        let url = try #require(URL(string: "http://127.0.0.1:9/api/v1/me/tokens?page=1"))
        let request = HTTPRequestSpec(method: .get, url: url, headers: [.init("Authorization", "Bearer hunter2-secret")])
        do {
            _ = try await transport.send(request, timeout: .seconds(5))
            Issue.record("nothing listens on port 9")
        } catch let error as TransportError {
            #expect(error.message == "connection refused to 127.0.0.1:9")
        }
        await transport.shutdown()
    }

    /// AsyncHTTPClient itself retries a refused connection for the whole connect timeout; a second
    /// round of retries on top would only make a person wait four times as long for the same answer.
    @Test func refusedConnectionIsReportedWithoutRetryingAgain() async throws {
        let transport = AsyncHTTPClientTransport(connectTimeout: .seconds(2))
        let sleeper = RecordingSleeper()
        let account = ConfiguredAccount(
            account: Account(name: "down", vendor: .truefoundry, baseURL: try #require(URL(string: "http://127.0.0.1:9/tf"))),
            credential: .literal("hunter2-secret"))
        let service = TokenService(accounts: [account], cache: try TokenCache.inMemory(), transport: transport,
                                   retry: RetryPolicy(sleep: sleeper.sleep))
        do throws(VendorError) {
            _ = try await service.fetchPage(account: "down", query: TokenQuery())
            Issue.record("expected a transport error")
        } catch {
            #expect(error.kind == .transport)
            #expect(error.vendor == .truefoundry)
            #expect(error.description == "truefoundry: connection refused to 127.0.0.1:9")
        }
        #expect(sleeper.recorded.isEmpty)
        await transport.shutdown()
    }

    @Test func credentialIsRedactedFromOutsideText() throws {
        let url = try #require(URL(string: "https://vendor.example/api"))
        let request = HTTPRequestSpec(method: .get, url: url, headers: [.init("Authorization", "Bearer abc123xyz")])
        #expect(request.redacting("header was Bearer abc123xyz, token abc123xyz") == "header was ‹redacted›, token ‹redacted›")
        #expect(request.hostAndPort == "vendor.example:443")
    }

    @Test func bodyCutShortIsRetriedButAWrongShapeIsNot() async throws {
        try await SandboxHarness.with(tokens: 200) { harness in
            let service = harness.service(cache: try TokenCache.inMemory())
            await harness.sandbox.faults.force(.truncatedBody, vendor: .truefoundry, count: 1)
            let (tokens, _) = try await service.fetchPage(account: "truefoundry", query: TokenQuery(pageSize: 10))
            #expect(tokens.count == 10)
            #expect(await harness.sandbox.faults.requestCount(vendor: .truefoundry) == 2)

            await harness.sandbox.faults.force(.wrongShape, vendor: .metokens, count: 1)
            do throws(VendorError) {
                _ = try await service.fetchPage(account: "metokens", query: TokenQuery())
                Issue.record("a body of the wrong shape must fail")
            } catch {
                #expect(error.kind == .malformedBody)
                #expect(error.vendor == .metokens)
            }
            #expect(await harness.sandbox.faults.requestCount(vendor: .metokens) == 1)
        }
    }

    @Test func slowAnswerTimesOutWithAMessageNamingTheHost() async throws {
        try await SandboxHarness.with(tokens: 100) { harness in
            await harness.sandbox.faults.force(.slow(seconds: 3), vendor: .metokens, count: 1)
            let url = harness.sandbox.baseURL(for: .metokens).appendingPathComponent("api/v1/me/tokens")
            let request = HTTPRequestSpec(method: .get, url: url, headers: [.init("Authorization", "Bearer sandbox-metokens-token")])
            do {
                _ = try await harness.transport.send(request, timeout: .milliseconds(300))
                Issue.record("expected a timeout")
            } catch let error as TransportError {
                #expect(error.message.contains("127.0.0.1:\(harness.sandbox.port)"), "\(error.message)")
                #expect(!error.message.contains("sandbox-metokens-token"))
            }
        }
    }
}
