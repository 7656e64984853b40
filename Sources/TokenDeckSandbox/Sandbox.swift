import Foundation
import Hummingbird

/// Builds the sandbox application: one router group per vendor under its path prefix,
/// each behind a `VendorGate` (latency, faults, bearer token).
public func buildApplication(
    configuration: SandboxConfiguration,
    store: SandboxStore,
    faults: FaultInjector,
    onServerRunning: @escaping @Sendable (_ port: Int) async -> Void = { _ in }
) -> some ApplicationProtocol {
    let router = Router(context: SandboxRequestContext.self)
    let clock = SandboxClock(fixedNow: configuration.now)
    if let path = configuration.requestLog {
        // Outermost: every answer is logged, faults and refusals included.
        router.add(middleware: RequestLogMiddleware<SandboxRequestContext>(log: RequestLogFile(path: path)))
    }
    if configuration.gzip {
        // Outermost, so the vendors' error bodies are compressed like their lists.
        router.add(middleware: GzipMiddleware<SandboxRequestContext>())
    }
    func group(_ vendor: SandboxVendor) -> RouterGroup<SandboxRequestContext> {
        router.group(RouterPath(String(vendor.pathPrefix.dropFirst())))
            .add(middleware: VendorGate(vendor: vendor, faults: faults, store: store))
    }
    ProvisionrRoutes(store: store, clock: clock).register(on: group(.provisionr))
    let prefactor = group(.prefactor), trueFoundry = group(.truefoundry)
    PrefactorRoutes(store: store).register(on: prefactor)
    LifecycleRoutes(store: store).registerPrefactor(on: prefactor)
    MetokensRoutes(store: store, clock: clock).register(on: group(.metokens))
    TrueFoundryRoutes(store: store).register(on: trueFoundry)
    LifecycleRoutes(store: store).registerTrueFoundry(on: trueFoundry)

    let requestedPort = configuration.port
    var app = Application(
        router: router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? requestedPort) }
    )
    // Quiet: Hummingbird logs starts at info and, when stop() cancels open keep-alive
    // connections, each one at error; neither helps a sandbox user.
    app.logger.logLevel = .critical
    return app
}

/// Starts sandboxes.
public enum Sandbox {
    /// Generates the data, binds, and returns once the server is listening
    /// (with the bound port when the configuration asked for port 0).
    public static func start(_ configuration: SandboxConfiguration) async throws -> RunningSandbox {
        let store = SandboxStore(configuration: configuration)
        let faults = FaultInjector(
            faultRate: configuration.faultRate,
            latencyMilliseconds: configuration.latencyMilliseconds,
            slowSeconds: configuration.slowResponseSeconds,
            seed: configuration.seed
        )
        let (ports, portContinuation) = AsyncStream<Int>.makeStream()
        let app = buildApplication(configuration: configuration, store: store, faults: faults) { port in
            portContinuation.yield(port)
            portContinuation.finish()
        }
        let task = Task {
            defer { portContinuation.finish() }
            try await app.run()
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else {
            // The server ended before listening: surface its error (address in use, bad host…).
            try await task.value
            throw SandboxStartError(host: configuration.host, port: configuration.port)
        }
        let churn = Churn(store: store)
        await churn.setRate(configuration.churnRate)
        return RunningSandbox(host: configuration.host, port: port, store: store, faults: faults, churn: churn, task: task)
    }
}

/// The server stopped before it was listening, without saying why.
public struct SandboxStartError: Error, CustomStringConvertible {
    public let host: String
    public let port: Int
    public var description: String { "The sandbox could not listen on \(host):\(port)." }
}

/// A sandbox that is listening; `stop()` shuts it down.
public final class RunningSandbox: Sendable {
    /// The bound port.
    public let port: Int
    /// The address it was asked to bind.
    public let host: String
    /// Forces faults, sets the fault rate and latency, counts requests.
    public let faults: FaultInjector
    /// The generated tokens.
    public let store: SandboxStore
    private let churn: Churn
    private let task: Task<Void, any Error>

    init(host: String, port: Int, store: SandboxStore, faults: FaultInjector, churn: Churn, task: Task<Void, any Error>) {
        self.host = host
        self.port = port
        self.store = store
        self.faults = faults
        self.churn = churn
        self.task = task
    }

    // MARK: Churn

    /// What churn has changed so far.
    public var churnEvents: ChurnStats {
        get async { await churn.stats }
    }

    /// Churn's current rate in events per second (0 when off or paused).
    public var churnRate: Double {
        get async { await churn.rate }
    }

    /// Starts or restarts churn at `rate` events per second; 0 (or a negative or
    /// non-finite rate) stops it.
    public func setChurn(rate: Double) async {
        await churn.setRate(rate)
    }

    /// Stops churn; once this returns the data changes no more (until `setChurn`).
    public func pauseChurn() async {
        await churn.pause()
    }

    /// Returns once churn has made at least `count` changes (waits for ever while paused).
    @discardableResult
    public func waitForChurnEvents(atLeast count: Int) async -> ChurnStats {
        await churn.waitForEvents(atLeast: count)
    }

    /// Runs `run` once, the next time the vendor's list serves the first page of `listing`,
    /// after that page is built and before it is sent (`FaultInjector.afterServingFirstPage`).
    public func afterServingFirstPage(of vendor: SandboxVendor, listing: ListingSelector = .default,
                                      run: @escaping @Sendable (SandboxStore) async -> Void) async {
        await faults.afterServingFirstPage(of: vendor, listing: listing, run: run)
    }

    /// `http://HOST:PORT` as a client should use it: a wildcard bind is reached through
    /// loopback, and an IPv6 literal is bracketed.
    public var origin: String {
        let reachable = host == "0.0.0.0" || host.isEmpty ? "127.0.0.1" : host == "::" ? "::1" : host
        return "http://" + (reachable.contains(":") ? "[\(reachable)]" : reachable) + ":\(port)"
    }

    /// The vendor's `base_url` on this sandbox (DESIGN.md's sandbox table).
    public func baseURL(for vendor: SandboxVendor) -> URL {
        URL(string: origin + vendor.pathPrefix) ?? URL(fileURLWithPath: vendor.pathPrefix)
    }

    /// Stops listening and waits for the server to finish.
    public func stop() async {
        await churn.pause()
        task.cancel()
        _ = try? await task.value
    }
}
