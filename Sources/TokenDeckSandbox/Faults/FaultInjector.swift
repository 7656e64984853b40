/// Trouble the sandbox can make instead of (or on top of) answering normally.
public enum SandboxFault: Sendable, Equatable {
    /// That status with the vendor's own error body.
    case status(Int)
    /// 429 in the vendor's error shape, with `Retry-After` when given.
    case rateLimited(retryAfter: Int?)
    /// 200 whose JSON body is cut in half.
    case truncatedBody
    /// 200 with valid JSON that is not the documented shape.
    case wrongShape
    /// The normal answer, after a stall.
    case slow(seconds: Double)
    /// The normal page, but its paging metadata always promises another page
    /// (next link / next offset / a total beyond this page), even past the end.
    case endlessNextPage
    /// The connection is dropped without an answer.
    case closeConnection
}

/// Which of a vendor's listings a first-page hook waits for. Only Provisionr has more than
/// one (`filter[trashed]`); for the others every list request is `.default`.
public enum ListingSelector: Sendable, Hashable {
    /// No `filter[trashed]` (or one that is neither `with` nor `only`).
    case `default`
    /// `filter[trashed]=with`.
    case withTrashed
    /// `filter[trashed]=only`.
    case trashedOnly
}

/// Decides, request by request, whether and how to misbehave: faults forced from tests
/// (for a vendor or any, for a number of requests or until cleared), then the random
/// `faultRate` drawn from the seeded dice. Also counts requests per vendor.
public actor FaultInjector {
    private struct Forced {
        let fault: SandboxFault
        let vendor: SandboxVendor?
        var remaining: Int?
    }

    /// Fraction (0…1) of requests answered with a random fault.
    public private(set) var faultRate: Double
    /// Delay added to every response.
    public private(set) var latencyMilliseconds: Int
    private let slowSeconds: Double
    private var forced: [Forced] = []
    private var dice: SplitMix64
    private var requestCounts: [SandboxVendor: Int] = [:]
    private var firstPageHooks: [FirstPageHook] = []

    private struct FirstPageHook {
        let vendor: SandboxVendor
        let listing: ListingSelector
        let run: @Sendable (SandboxStore) async -> Void
    }

    public init(faultRate: Double = 0, latencyMilliseconds: Int = 0, slowSeconds: Double = 2, seed: UInt64 = 42) {
        self.faultRate = faultRate
        self.latencyMilliseconds = latencyMilliseconds
        self.slowSeconds = slowSeconds
        dice = SplitMix64(seed: seed, stream: 6)
    }

    /// Answers the next `count` requests (nil: every request until `clear`) for `vendor`
    /// (nil: any vendor) with `fault`. Forced faults queue up in the order given.
    public func force(_ fault: SandboxFault, vendor: SandboxVendor? = nil, count: Int? = 1) {
        guard count.map({ $0 > 0 }) ?? true else { return }
        forced.append(Forced(fault: fault, vendor: vendor, remaining: count))
    }

    /// Removes forced faults for `vendor`, or all of them.
    public func clear(vendor: SandboxVendor? = nil) {
        forced.removeAll { vendor == nil || $0.vendor == vendor }
    }

    public func setFaultRate(_ rate: Double) {
        faultRate = min(1, max(0, rate))
    }

    public func setLatency(milliseconds: Int) {
        latencyMilliseconds = max(0, milliseconds)
    }

    /// Requests the vendor has received (faulted ones included).
    public func requestCount(vendor: SandboxVendor) -> Int {
        requestCounts[vendor, default: 0]
    }

    /// The next time the vendor's list route serves the first page of `listing`, runs `run`
    /// once, after the page is built and before it is sent: the client asks for page 2 only
    /// after that, so "changed right after page 1" is deterministic. Hooks queue in order.
    public func afterServingFirstPage(of vendor: SandboxVendor, listing: ListingSelector = .default,
                                      run: @escaping @Sendable (SandboxStore) async -> Void) {
        firstPageHooks.append(FirstPageHook(vendor: vendor, listing: listing, run: run))
    }

    /// Removes and returns the first hook waiting for this page, so it runs exactly once.
    func takeFirstPageHook(vendor: SandboxVendor, listing: ListingSelector) -> (@Sendable (SandboxStore) async -> Void)? {
        guard let index = firstPageHooks.firstIndex(where: { $0.vendor == vendor && $0.listing == listing }) else { return nil }
        return firstPageHooks.remove(at: index).run
    }

    /// Counts the request and decides its fate; `watchFirstPage` says a first-page hook
    /// waits for the vendor (so without one a request costs no second visit).
    func nextFault(for vendor: SandboxVendor) -> (latencyMilliseconds: Int, fault: SandboxFault?, watchFirstPage: Bool) {
        requestCounts[vendor, default: 0] += 1
        let watch = firstPageHooks.contains { $0.vendor == vendor }
        if let index = forced.firstIndex(where: { $0.vendor == nil || $0.vendor == vendor }) {
            let fault = forced[index].fault
            if let remaining = forced[index].remaining {
                if remaining <= 1 { forced.remove(at: index) } else { forced[index].remaining = remaining - 1 }
            }
            return (latencyMilliseconds, fault, watch)
        }
        guard faultRate > 0, dice.unit() < faultRate else { return (latencyMilliseconds, nil, watch) }
        let random: [SandboxFault] = [
            .rateLimited(retryAfter: 1), .status(500), .status(503), .truncatedBody, .slow(seconds: slowSeconds),
        ]
        return (latencyMilliseconds, dice.pick(random), watch)
    }
}
