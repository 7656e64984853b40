import Foundation

/// Samples of one figure and how they are summarised: min, median and p99 over the recorded
/// iterations (warm-up samples are never recorded).
struct Measurement {
    var name: String
    /// What the issue asks of this figure, when it asks something of it directly.
    var target: Duration?
    var samples: [Duration] = []

    init(_ name: String, target: Duration? = nil) {
        self.name = name
        self.target = target
    }

    var sorted: [Duration] { samples.sorted() }
    var minimum: Duration { sorted.first ?? .zero }
    var median: Duration { percentile(50) }
    var p99: Duration { percentile(99) }

    /// Nearest-rank percentile: the smallest sample at or above `p` percent of them.
    func percentile(_ p: Double) -> Duration {
        let ordered = sorted
        guard !ordered.isEmpty else { return .zero }
        let rank = Int((p / 100 * Double(ordered.count)).rounded(.up))
        return ordered[min(ordered.count - 1, max(0, rank - 1))]
    }

    /// Met when p99 is within the target; nil when there is no target.
    var meetsTarget: Bool? { target.map { p99 <= $0 } }
}

/// Runs benchmarks and prints one line per figure as soon as it is measured.
struct BenchmarkRunner {
    var iterations: Int
    var warmUp: Int
    /// Only benchmarks whose name contains this run (all when empty).
    var filter: String
    /// Key presses start with the caches cold (`--cold`), as in the dashboard, where keys come
    /// tens of milliseconds apart and other work has evicted the catalog by then.
    var coldCaches = false
    private(set) var results: [Measurement] = []

    init(iterations: Int, warmUp: Int, filter: String) {
        self.iterations = iterations
        self.warmUp = warmUp
        self.filter = filter
    }

    func wants(_ name: String) -> Bool { filter.isEmpty || name.contains(filter) }

    /// Times `body` `warmUp` times unrecorded, then `iterations` times (or `iterations` when given).
    mutating func measure(_ name: String, target: Duration? = nil, iterations: Int? = nil, _ body: () throws -> Void) rethrows {
        guard wants(name) else { return }
        let clock = ContinuousClock()
        for _ in 0..<warmUp { try body() }
        var measurement = Measurement(name, target: target)
        for _ in 0..<(iterations ?? self.iterations) {
            measurement.samples.append(try clock.measure(body))
        }
        report(measurement)
    }

    /// As `measure`, for async work.
    mutating func measure(_ name: String, target: Duration? = nil, iterations: Int? = nil, _ body: () async throws -> Void) async rethrows {
        guard wants(name) else { return }
        let clock = ContinuousClock()
        for _ in 0..<warmUp { try await body() }
        var measurement = Measurement(name, target: target)
        for _ in 0..<(iterations ?? self.iterations) {
            let start = clock.now
            try await body()
            measurement.samples.append(clock.now - start)
        }
        report(measurement)
    }

    /// Records samples a benchmark measured itself (several figures from one sequence of keys).
    mutating func record(_ measurement: Measurement) {
        guard wants(measurement.name) else { return }
        report(measurement)
    }

    private mutating func report(_ measurement: Measurement) {
        results.append(measurement)
        print(Self.line(measurement))
        fflush(nil)  // every stream: a piped run shows each figure as it is measured
    }

    static let header = pad("benchmark", 52) + lpad("n", 6) + lpad("min", 11) + lpad("median", 11) + lpad("p99", 11) + "  target"

    static func line(_ m: Measurement) -> String {
        var text = pad(m.name, 52) + lpad(String(m.samples.count), 6)
            + lpad(format(m.minimum), 11) + lpad(format(m.median), 11) + lpad(format(m.p99), 11)
        if let target = m.target {
            text += "  p99 ≤ \(format(target)) " + (m.meetsTarget == true ? "met" : "MISSED")
        }
        return text
    }

    /// Milliseconds with three decimals: these figures run from microseconds to seconds.
    static func format(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        let milliseconds = Double(seconds) * 1000 + Double(attoseconds) / 1e15
        return String(format: "%.3f ms", milliseconds)
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }

    private static func lpad(_ text: String, _ width: Int) -> String {
        text.count >= width ? " " + text : String(repeating: " ", count: width - text.count) + text
    }
}
