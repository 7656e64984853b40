import Foundation
import Testing
import TokenDeckCore
import TokenDeckSandbox
@testable import TokenDeckSync

/// Timings for the report, not for CI: `TOKENDECK_BENCH=1 swift test --filter SyncBenchmarkTests`.
@Suite("Sync benchmark", .enabled(if: ProcessInfo.processInfo.environment["TOKENDECK_BENCH"] != nil))
struct SyncBenchmarkTests {
    @Test func syncHundredThousandTokensFromTheSandbox() async throws {
        let scratch = ScratchDirectory()
        let tokens = Int(ProcessInfo.processInfo.environment["TOKENDECK_BENCH_TOKENS"] ?? "") ?? 100_000
        try await SandboxHarness.with(tokens: tokens, faultRate: 0.05) { harness in
            let cache = try TokenCache(path: scratch.file("cache.sqlite"))
            let service = harness.service(cache: cache, retry: RetryPolicy(sleep: { _ in }))
            let clock = ContinuousClock()
            var events: [SyncEvent] = []
            let syncing = await clock.measure { events = await collect(service.sync()) }
            #expect(events.failures.isEmpty, "\(events.failures)")
            var reading: Duration = .zero
            var cached: [Token] = []
            reading = await clock.measure { cached = await service.cachedTokens() }
            let expected = await harness.sandbox.store.totalCount()
            #expect(cached.count == expected)
            var requests = 0
            for vendor in SandboxVendor.allCases { requests += await harness.sandbox.faults.requestCount(vendor: vendor) }
            print("bench: synced \(cached.count) tokens (\(requests) requests, fault rate 0.05) in \(syncing); read back from the cache in \(reading)")
        }
    }
}
