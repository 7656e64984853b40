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

    /// Counts the request and decides its fate.
    func nextFault(for vendor: SandboxVendor) -> (latencyMilliseconds: Int, fault: SandboxFault?) {
        requestCounts[vendor, default: 0] += 1
        if let index = forced.firstIndex(where: { $0.vendor == nil || $0.vendor == vendor }) {
            let fault = forced[index].fault
            if let remaining = forced[index].remaining {
                if remaining <= 1 { forced.remove(at: index) } else { forced[index].remaining = remaining - 1 }
            }
            return (latencyMilliseconds, fault)
        }
        guard faultRate > 0, dice.unit() < faultRate else { return (latencyMilliseconds, nil) }
        let random: [SandboxFault] = [
            .rateLimited(retryAfter: 1), .status(500), .status(503), .truncatedBody, .slow(seconds: slowSeconds),
        ]
        return (latencyMilliseconds, dice.pick(random))
    }
}
