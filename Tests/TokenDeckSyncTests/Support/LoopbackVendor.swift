import Foundation
import HTTPTypes
import Hummingbird
import Synchronization
import TestSupport
import TokenDeckCore
@testable import TokenDeckSync

/// A Hummingbird server on a loopback port that answers every GET as its current `behaviour` says:
/// the real misbehaviour of a vendor, proxy or captive portal, byte for byte on the wire.
final class LoopbackVendor: Sendable {
    /// How to answer one request; `index` counts requests from 0.
    typealias Behaviour = @Sendable (_ request: Request, _ index: Int) async throws -> Response

    let port: Int
    private let task: Task<Void, any Error>
    private let shared: Shared

    /// The TrueFoundry account the tests sync, its credential, and the three tokens of its one page.
    static let accountName = "tf-proxied"
    static let credential = "hunter2-loopback-secret"
    static let tokenIDs = ["tf-1", "tf-2", "tf-3"]
    static var page: String {
        VendorBodies.truefoundryPage(records: tokenIDs.map { VendorBodies.truefoundryRecord(id: $0) }, total: tokenIDs.count,
                                     offset: 0, limit: 500)
    }

    private init(port: Int, task: Task<Void, any Error>, shared: Shared) {
        self.port = port
        self.task = task
        self.shared = shared
    }

    /// Listens on 127.0.0.1, port 0, and returns once it is listening; it answers with the plain page until told otherwise.
    static func start() async throws -> LoopbackVendor {
        let shared = Shared(behaviour: Self.plainPage)
        let router = Router()
        router.get("**") { request, _ -> Response in
            let (behaviour, index) = shared.state.withLock { state in
                state.requests.append(request.headers)
                return (state.behaviour, state.requests.count - 1)
            }
            return try await behaviour(request, index)
        }
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        var app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: nil),
                              onServerRunning: { channel in
                                  continuation.yield(channel.localAddress?.port ?? 0)
                                  continuation.finish()
                              })
        app.logger.logLevel = .critical
        let task = Task {
            defer { continuation.finish() }
            try await app.run()
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else {
            try await task.value
            throw CocoaError(.fileReadUnknown)
        }
        return LoopbackVendor(port: port, task: task, shared: shared)
    }

    /// Every later request is answered this way.
    func behave(_ behaviour: @escaping Behaviour) {
        shared.state.withLock { $0.behaviour = behaviour }
    }

    /// The headers of every request so far, in order.
    var requests: [HTTPFields] { shared.state.withLock { $0.requests } }

    /// Ends every stall, then stops listening.
    func stop() async {
        shared.state.withLock { $0.released = true }
        task.cancel()
        _ = try? await task.value
    }

    /// Waits until `stop` (at most `limit`): a body that stops arriving, without holding the server's shutdown.
    func stall(upTo limit: Duration = .seconds(300)) async {
        let end = ContinuousClock.now + limit
        while ContinuousClock.now < end, !shared.state.withLock({ $0.released }) {
            try? await Task.sleep(for: .milliseconds(50))
        }
    }

    var baseURL: URL { URL(string: "http://127.0.0.1:\(port)/tf") ?? URL(fileURLWithPath: "/") }

    var account: ConfiguredAccount {
        ConfiguredAccount(account: Account(name: Self.accountName, vendor: .truefoundry, baseURL: baseURL),
                          credential: .literal(Self.credential))
    }

    // MARK: - Answers

    static let plainPage: Behaviour = { _, _ in json(page) }

    static func json(_ text: String, status: HTTPResponse.Status = .ok, headers extra: HTTPFields = [:]) -> Response {
        var headers: HTTPFields = [.contentType: "application/json"]
        headers.append(contentsOf: extra)
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    /// Headers by name, for names HTTPTypes has no constant for.
    static func fields(_ pairs: [String: String]) -> HTTPFields {
        HTTPFields(pairs.compactMap { name, value in HTTPField.Name(name).map { HTTPField(name: $0, value: value) } })
    }

    static func bytes(_ data: Data, headers: HTTPFields) -> Response {
        Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// Runs the whole test against a fresh server and transport, and always stops both.
    static func with<T>(idleReadTimeout: Duration = .seconds(30),
                        _ body: (LoopbackVendor, AsyncHTTPClientTransport) async throws -> T) async throws -> T {
        let server = try await start()
        let transport = AsyncHTTPClientTransport(connectTimeout: .seconds(2), idleReadTimeout: idleReadTimeout)
        do {
            let result = try await body(server, transport)
            await transport.shutdown()
            await server.stop()
            return result
        } catch {
            await transport.shutdown()
            await server.stop()
            throw error
        }
    }
}

/// The server's state, shared with its route closure.
private final class Shared: Sendable {
    let state: Mutex<(behaviour: LoopbackVendor.Behaviour, requests: [HTTPFields], released: Bool)>
    init(behaviour: @escaping LoopbackVendor.Behaviour) {
        state = Mutex((behaviour, [], false))
    }
}

/// What the tests observe of one account across a good sync and a failing one.
struct CacheKeptOutcome {
    var failure: VendorError
    var idsBefore: [String]
    var idsAfter: [String]
    /// Requests the failing sync made.
    var failingRequests: Int
    var failingDuration: Duration
}

extension LoopbackVendor {
    /// Syncs the account once with the plain page (the cache then holds its tokens), switches to `failing`,
    /// syncs again, and returns the second sync's failure with the cached ids before and after it.
    /// The good sync has a policy of its own: a short timeout meant for the failure must not fail it on a loaded machine.
    func syncThenFail(transport: AsyncHTTPClientTransport, retry: RetryPolicy, failing: @escaping Behaviour) async throws -> CacheKeptOutcome {
        let cache = try TokenCache.inMemory()
        let good = TokenService(accounts: [account], cache: cache, transport: transport,
                                retry: RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(1), maxDelay: .milliseconds(2),
                                                   requestTimeout: .seconds(10)))
        let service = TokenService(accounts: [account], cache: cache, transport: transport, retry: retry)
        behave(Self.plainPage)
        let first = await collect(good.sync(accounts: [Self.accountName]))
        guard first.finishedCounts[Self.accountName] == Self.tokenIDs.count else {
            throw CocoaError(.fileReadCorruptFile, userInfo: [NSLocalizedDescriptionKey: "the good sync did not finish: \(first)"])
        }
        let before = try await service.cachedTokensOrError(account: Self.accountName).map(\.id).sorted()
        behave(failing)
        let requestsBefore = requests.count
        let started = ContinuousClock.now
        let second = await collect(service.sync(accounts: [Self.accountName]))
        let duration = ContinuousClock.now - started
        guard let failure = second.failures[Self.accountName] else {
            throw CocoaError(.fileReadCorruptFile, userInfo: [NSLocalizedDescriptionKey: "the failing sync did not fail: \(second)"])
        }
        let after = try await service.cachedTokensOrError(account: Self.accountName).map(\.id).sorted()
        return CacheKeptOutcome(failure: failure, idsBefore: before, idsAfter: after,
                                failingRequests: requests.count - requestsBefore, failingDuration: duration)
    }

    /// One listing through a `VendorClient` that knows the account's name (and a rate-limit book, if given).
    func listThroughClient(transport: AsyncHTTPClientTransport, retry: RetryPolicy,
                           rateLimits: RateLimitBook? = nil) async throws -> TokenPage {
        let adapter = Adapters.truefoundry
        let client = VendorClient(adapter: adapter, transport: transport, retry: retry, limiter: RequestLimiter(limit: 2),
                                  accountName: Self.accountName, rateLimits: rateLimits)
        let cursor = adapter.firstPage(size: 500)
        let request = adapter.listRequest(account: account.account, query: ServerQuery(), cursor: cursor, credential: Self.credential)
        let account = account.account
        return try await client.send(request) { (response) throws(VendorError) -> TokenPage in
            try adapter.decodeList(response, account: account, cursor: cursor, trashed: false)
        }
    }

    /// The `VendorError` a listing through a named client fails with.
    func clientFailure(transport: AsyncHTTPClientTransport, retry: RetryPolicy, rateLimits: RateLimitBook? = nil) async throws -> VendorError {
        do {
            _ = try await listThroughClient(transport: transport, retry: retry, rateLimits: rateLimits)
        } catch let error as VendorError {
            return error
        }
        throw CocoaError(.fileReadCorruptFile, userInfo: [NSLocalizedDescriptionKey: "the listing did not fail"])
    }
}
