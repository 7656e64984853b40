import Foundation
import Hummingbird
import Testing
import TestSupport
import TokenDeckCore
@testable import TokenDeckSync

/// HTTP as real vendors, proxies and captive portals serve it, each from a loopback server that really
/// behaves that way. Every failure fails the account's sync and leaves its cached tokens as they were.
@Suite("HTTP as vendors and proxies really serve it")
struct RealWorldHTTPTests {
    static let account = LoopbackVendor.accountName

    /// Real sleeps, but backoff of a millisecond or two: only what a test asks for takes time.
    static func policy(attempts: Int = 3, timeout: Duration = .seconds(10), now: @escaping @Sendable () -> Date = Date.init) -> RetryPolicy {
        RetryPolicy(maxAttempts: attempts, baseDelay: .milliseconds(1), maxDelay: .milliseconds(2), jitter: 0,
                    requestTimeout: timeout, now: now)
    }

    static func expectCacheKept(_ outcome: CacheKeptOutcome, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(outcome.idsBefore == LoopbackVendor.tokenIDs, sourceLocation: sourceLocation)
        #expect(outcome.idsAfter == outcome.idsBefore, "the failing sync changed the cache", sourceLocation: sourceLocation)
        #expect(!outcome.failure.description.contains(LoopbackVendor.credential), "the credential leaked: \(outcome.failure)",
                sourceLocation: sourceLocation)
    }

    // MARK: - Retry-After as an HTTP-date

    @Test func retryAfterAsAnHTTPDateIsWaitedOutThenTheRetrySucceeds() async throws {
        try await LoopbackVendor.with { server, transport in
            // Whole seconds, as the header carries them: between 1.5 and 2.5 s from now.
            let retryAt = Date(timeIntervalSince1970: (Date().timeIntervalSince1970 + 2.5).rounded(.down))
            server.behave { _, index in
                guard index == 0 else { return LoopbackVendor.json(LoopbackVendor.page) }
                return LoopbackVendor.json(#"{"statusCode":429,"message":"slow down"}"#, status: .tooManyRequests,
                                           headers: [.retryAfter: HTTPDate.string(from: retryAt)])
            }
            let service = TokenService(accounts: [server.account], cache: try TokenCache.inMemory(), transport: transport,
                                       retry: Self.policy())
            let distance = retryAt.timeIntervalSinceNow
            let started = ContinuousClock.now
            let events = await collect(service.sync(accounts: [Self.account]))
            let waited = ContinuousClock.now - started

            #expect(events.failures.isEmpty, "\(events.failures)")
            #expect(events.finishedCounts[Self.account] == LoopbackVendor.tokenIDs.count)
            #expect(server.requests.count == 2)
            #expect(waited >= .milliseconds(Int64((distance - 0.1) * 1000)), "waited \(waited) for a date \(distance) s ahead")
        }
    }

    @Test func retryAfterDateBeyondTheCapFailsAtOnceSayingHowLongItAsked() async throws {
        try await LoopbackVendor.with { server, transport in
            let failing: LoopbackVendor.Behaviour = { _, _ in
                LoopbackVendor.json(#"{"statusCode":429,"message":"slow down"}"#, status: .tooManyRequests,
                                    headers: [.retryAfter: HTTPDate.string(from: Date().addingTimeInterval(7200))])
            }
            let outcome = try await server.syncThenFail(transport: transport, retry: Self.policy(), failing: failing)
            Self.expectCacheKept(outcome)
            #expect(outcome.failingRequests == 1)
            #expect(outcome.failure.status == 429)
            #expect(outcome.failure.description.contains("slow down (it asks to wait 7"), "\(outcome.failure)")
            #expect(outcome.failure.description.contains("s, longer than the 60 s this client waits)"), "\(outcome.failure)")

            let named = try await server.clientFailure(transport: transport, retry: Self.policy())
            #expect(named.message.hasPrefix("account \(Self.account): slow down (it asks to wait"), "\(named)")
        }
    }

    // MARK: - A captive portal's page

    static let portal = """
    <!DOCTYPE html><html><head><title>Hotel WiFi – Sign in</title></head>
    <body><form action="/login"><input name="room"><button>Connect</button></form></body></html>
    """

    @Test func htmlPageAnswering200IsAClearErrorAndNotRetried() async throws {
        try await LoopbackVendor.with { server, transport in
            let failing: LoopbackVendor.Behaviour = { _, _ in
                LoopbackVendor.bytes(Data(Self.portal.utf8), headers: [.contentType: "text/html; charset=utf-8"])
            }
            let outcome = try await server.syncThenFail(transport: transport, retry: Self.policy(), failing: failing)
            Self.expectCacheKept(outcome)
            let bytes = Self.portal.utf8.count
            let plain = "the server answered 200 with an HTML page, not JSON (text/html, \(bytes) bytes) — a proxy or captive portal?"
            #expect(outcome.failure.kind == .malformedBody)
            #expect(outcome.failure.description == "truefoundry HTTP 200: \(plain)")
            #expect(outcome.failingRequests == 1, "an HTML page must not be asked for again")

            let named = try await server.clientFailure(transport: transport, retry: Self.policy())
            #expect(named.message == "account \(Self.account): \(plain)")
            #expect(server.requests.count == 3)
        }
    }

    @Test func notJSONTellsAPageFromJSONCutShort() throws {
        func answer(_ body: String, type: String?) -> HTTPResponseData {
            HTTPResponseData(status: 200, headers: type.map { ["Content-Type": $0] } ?? [:], body: Data(body.utf8))
        }
        // JSON cut short is retried as before, whatever it is labelled.
        #expect(VendorClient.notJSON(answer(#"{"data":[{"id":"#, type: "application/json"), vendor: .metokens) == nil)
        #expect(VendorClient.notJSON(answer(#"{"data":[{"id":"#, type: "text/plain"), vendor: .metokens) == nil)
        #expect(VendorClient.notJSON(answer(#"{"data":[{"id":"#, type: "application/vnd.api+json"), vendor: .metokens) == nil)
        #expect(VendorClient.notJSON(answer(#"{"data":[{"id":"#, type: nil), vendor: .metokens) == nil)
        #expect(VendorClient.notJSON(answer("", type: "text/html"), vendor: .metokens) == nil)

        let sniffed = try #require(VendorClient.notJSON(answer("  <html><body>Log in</body></html>", type: nil), vendor: .metokens))
        #expect(sniffed.message == "the server answered 200 with an HTML page, not JSON (no Content-Type, 34 bytes) — a proxy or captive portal?")
        #expect(sniffed.vendor == .metokens)
        #expect(!sniffed.isRetryable)
        let text = try #require(VendorClient.notJSON(answer("Service paused", type: "Text/Plain; charset=us-ascii"), vendor: .prefactor))
        #expect(text.message == "the server answered 200 with a text/plain document, not JSON (text/plain, 14 bytes) — a proxy or captive portal?")
    }

    // MARK: - A body that stops arriving

    @Test func bodyThatStallsMidAnswerIsBoundedByTheRequestTimeout() async throws {
        // An idle read timeout far beyond the bound below, so only the request's deadline can end a stall in time.
        let idleReadTimeout = Duration.seconds(120)
        try await LoopbackVendor.with(idleReadTimeout: idleReadTimeout) { server, transport in
            let failing: LoopbackVendor.Behaviour = { _, _ in
                let part = ByteBuffer(string: String(LoopbackVendor.page.prefix(100)))
                return Response(status: .ok, headers: [.contentType: "application/json", .contentLength: "5000"],
                                body: ResponseBody { writer in
                                    try await writer.write(part)
                                    await server.stall()
                                    try await writer.finish(nil)
                                })
            }
            // Long enough that a loaded machine still sends the headers in time: then only the body stalls.
            let timeout = Duration.seconds(2)
            let attempts = 2
            let outcome = try await server.syncThenFail(transport: transport, retry: Self.policy(attempts: attempts, timeout: timeout),
                                                        failing: failing)
            Self.expectCacheKept(outcome)
            #expect(outcome.failure.kind == .transport)
            #expect(outcome.failingRequests == attempts)
            #expect(outcome.failingDuration >= timeout * attempts, "failed after \(outcome.failingDuration)")
            // Without the deadline on the body each attempt would wait out the idle read timeout (240 s in all).
            // The bound is below one idle read timeout, with a wide margin over the nominal 4 s: on this
            // 2-core machine running the whole suite beside other builds, it has taken 56 s (timers fire
            // late on a starved thread pool).
            #expect(outcome.failingDuration < idleReadTimeout - .seconds(20), "failed after \(outcome.failingDuration)")
            // Said as a stall when the headers came in time; on a starved machine the deadline may pass before
            // them, and the answer is then "no complete answer" without them: bounded by the deadline either way.
            let stalled = "127.0.0.1:\(server.port) sent the headers, then the body stalled: no complete answer within 2.0 seconds"
            let noHeaders = "no complete answer from 127.0.0.1:\(server.port) within 2.0 seconds"
            let described: String = outcome.failure.description
            let accepted: Set<String> = ["truefoundry: \(stalled)", "truefoundry: \(noHeaders)"]
            #expect(accepted.contains(described), "\(described)")

            let named = try await server.clientFailure(transport: transport, retry: Self.policy(attempts: 1, timeout: timeout))
            let message: String = named.message
            let namedAccepted: Set<String> = ["account \(Self.account): \(stalled)", "account \(Self.account): \(noHeaders)"]
            #expect(namedAccepted.contains(message), "\(message)")
        }
    }

    // MARK: - gzip

    /// `data` through /bin/gzip.
    static func gzip(_ data: Data) async throws -> Data {
        try await run("/bin/gzip", ["-c", "-n"], input: data)
    }

    /// A command's standard output. The blocking reads and waits happen on threads of their own, never
    /// on the two threads Swift concurrency has on this machine, which every other test's timers need.
    static func run(_ path: String, _ arguments: [String], input: Data?) async throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        let stdin = Pipe()
        if input != nil { process.standardInput = stdin }
        try process.run()
        if let input {
            // Written from another thread too: gzip's output pipe fills while we are still writing.
            let writer = stdin.fileHandleForWriting
            Thread.detachNewThread {
                writer.write(input)
                try? writer.close()
            }
        }
        let reader = output.fileHandleForReading
        let data = await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                let data = reader.readDataToEndOfFile()
                process.waitUntilExit()
                continuation.resume(returning: data)
            }
        }
        guard process.terminationStatus == 0 else { throw CocoaError(.fileReadUnknown) }
        return data
    }

    @Test func gzipAnswerDecodesToTheSameTokensAsThePlainOneAndGzipWasAskedFor() async throws {
        try await LoopbackVendor.with { server, transport in
            let plain = try await server.listThroughClient(transport: transport, retry: Self.policy())
            let compressed = try await Self.gzip(Data(LoopbackVendor.page.utf8))
            #expect(compressed.count < LoopbackVendor.page.utf8.count)
            server.behave { _, _ in
                LoopbackVendor.bytes(compressed, headers: [.contentType: "application/json", .contentEncoding: "gzip"])
            }
            let zipped = try await server.listThroughClient(transport: transport, retry: Self.policy())
            #expect(zipped.tokens == plain.tokens)
            // What is left to count the bytes saved: the head as sent (compressed length), the body inflated.
            let raw = try await transport.send(HTTPRequestSpec(method: .get, url: server.baseURL, headers: []), timeout: .seconds(10))
            #expect(raw.headers["content-encoding"] == "gzip")
            #expect(raw.headers["content-length"] == String(compressed.count))
            #expect(raw.body == Data(LoopbackVendor.page.utf8))
            #expect(zipped.tokens.map(\.id) == LoopbackVendor.tokenIDs)

            let service = TokenService(accounts: [server.account], cache: try TokenCache.inMemory(), transport: transport,
                                       retry: Self.policy())
            let events = await collect(service.sync(accounts: [Self.account]))
            #expect(events.finishedCounts[Self.account] == LoopbackVendor.tokenIDs.count, "\(events)")
            #expect(try await service.cachedTokensOrError(account: Self.account).map(\.id).sorted() == LoopbackVendor.tokenIDs)
            for headers in server.requests {
                #expect(headers[.acceptEncoding] == "gzip")
            }
        }
    }

    @Test func decompressionBombFailsClearlyWithoutInflatingIt() async throws {
        // 100 MiB of zeros, about 100 KiB gzipped: a thousand to one.
        let bomb = try await Self.run("/bin/sh", ["-c", "head -c 104857600 /dev/zero | /bin/gzip -c -n"], input: nil)
        #expect(bomb.count < 1_048_576)
        try await LoopbackVendor.with { server, transport in
            let failing: LoopbackVendor.Behaviour = { _, _ in
                LoopbackVendor.bytes(bomb, headers: [.contentType: "application/json", .contentEncoding: "gzip"])
            }
            let outcome = try await server.syncThenFail(transport: transport, retry: Self.policy(), failing: failing)
            Self.expectCacheKept(outcome)
            #expect(outcome.failure.kind == .transport)
            #expect(outcome.failingRequests == 1, "a bomb is the same bomb next time")
            let expected = "answer from 127.0.0.1:\(server.port) inflates to over 100 times its gzip size: refused as a decompression bomb"
            #expect(outcome.failure.description == "truefoundry: \(expected)")

            let named = try await server.clientFailure(transport: transport, retry: Self.policy())
            #expect(named.message == "account \(Self.account): \(expected)")
        }
    }

    // MARK: - Rate-limit headers

    @Test func everyAnswersRateLimitIsRecordedForTheAccount() async throws {
        try await LoopbackVendor.with { server, transport in
            let book = RateLimitBook()
            let retry = Self.policy(attempts: 2, now: { TestClock.now })
            server.behave { _, _ in
                LoopbackVendor.json(LoopbackVendor.page, headers: LoopbackVendor.fields([
                    "X-RateLimit-Limit": "100", "X-RateLimit-Remaining": "42", "X-RateLimit-Reset": "30",
                ]))
            }
            let page = try await server.listThroughClient(transport: transport, retry: retry, rateLimits: book)
            #expect(page.tokens.count == LoopbackVendor.tokenIDs.count)
            #expect(await book.status(account: Self.account)
                == RateLimitStatus(limit: 100, remaining: 42, reset: TestClock.now.addingTimeInterval(30)))

            // A refusal's headers count too: the book shows none left until the epoch reset.
            server.behave { _, _ in
                LoopbackVendor.json(#"{"statusCode":429,"message":"quota spent"}"#, status: .tooManyRequests, headers: LoopbackVendor.fields([
                    "RateLimit-Remaining": "0", "RateLimit-Reset": "1714525200",
                ]))
            }
            let failure = try await server.clientFailure(transport: transport, retry: retry, rateLimits: book)
            #expect(failure.message == "account \(Self.account): quota spent")
            #expect(await book.status(account: Self.account)
                == RateLimitStatus(remaining: 0, reset: Date(timeIntervalSince1970: 1_714_525_200)))
            #expect(await book.status(account: "someone-else") == nil)
        }
    }

    @Test func rateLimitedAccountFailsItsSyncAndKeepsItsCache() async throws {
        try await LoopbackVendor.with { server, transport in
            let failing: LoopbackVendor.Behaviour = { _, _ in
                LoopbackVendor.json(#"{"statusCode":429,"message":"quota spent"}"#, status: .tooManyRequests, headers: LoopbackVendor.fields([
                    "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "1",
                ]))
            }
            let outcome = try await server.syncThenFail(transport: transport, retry: Self.policy(), failing: failing)
            Self.expectCacheKept(outcome)
            #expect(outcome.failure.description == "truefoundry HTTP 429: quota spent")
            #expect(outcome.failingRequests == 3, "a 429 is retried")
        }
    }
}
