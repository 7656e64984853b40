/// Changes the data under the client at a steady rate (events per second across the four
/// vendors), from a background task; the events themselves are the store's seeded
/// `applyChurnEvents`. `pause()` returns only once the task has finished its last event.
actor Churn {
    /// Events per tick at most: a backlog beyond it (a stalled machine) is dropped, not replayed.
    static let maxBatch = 1000
    /// The shortest sleep between ticks; at high rates each tick applies several events.
    static let minimumTick: Duration = .milliseconds(10)

    private let store: SandboxStore
    private(set) var rate: Double = 0
    private(set) var stats = ChurnStats()
    private var task: Task<Void, Never>?
    private var waiters: [(atLeast: Int, continuation: CheckedContinuation<ChurnStats, Never>)] = []

    init(store: SandboxStore) {
        self.store = store
    }

    /// Starts (or restarts at) `rate` events per second; 0, negative or not finite stops.
    func setRate(_ rate: Double) async {
        await pause()
        let rate = rate.isFinite ? max(0, rate) : 0
        self.rate = rate
        guard rate > 0 else { return }
        let store = store
        task = Task { await self.run(rate: rate, store: store) }
    }

    /// Stops the task and waits for it, so no event lands after this returns.
    func pause() async {
        rate = 0
        while let running = task {
            task = nil
            running.cancel()
            await running.value
        }
    }

    /// Returns once churn has made `count` changes in all (at once if it has already).
    func waitForEvents(atLeast count: Int) async -> ChurnStats {
        if stats.total >= count { return stats }
        return await withCheckedContinuation { waiters.append((count, $0)) }
    }

    private func record(_ delta: ChurnStats) {
        stats = stats + delta
        let total = stats.total
        let ready = waiters.filter { $0.atLeast <= total }
        waiters.removeAll { $0.atLeast <= total }
        for waiter in ready { waiter.continuation.resume(returning: stats) }
    }

    /// Event n is due `n / rate` seconds after the start, on the continuous clock.
    private func run(rate: Double, store: SandboxStore) async {
        let clock = ContinuousClock()
        let start = clock.now
        var applied = 0
        while !Task.isCancelled {
            let elapsed = start.duration(to: clock.now) / .seconds(1)
            let due = Int(min(elapsed * rate, Double(Int.max / 2)))
            let batch = min(due - applied, Self.maxBatch)
            if batch > 0 {
                record(await store.applyChurnEvents(batch))
            }
            applied = max(applied + max(0, batch), due - Self.maxBatch)
            let next = start + .seconds(Double(applied + 1) / rate)
            do {
                try await Task.sleep(until: max(next, clock.now + Self.minimumTick), clock: clock)
            } catch {
                return
            }
        }
    }
}
