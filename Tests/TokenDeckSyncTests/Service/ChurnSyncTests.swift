import Foundation
import Testing
import TokenDeckCore
@testable import TokenDeckSandbox
@testable import TokenDeckSync

/// Syncs against the real sandbox over HTTP while its data changes: every token that existed for
/// the whole walk is in the cache exactly once, and a quiet sync afterwards equals the sandbox.
@Suite("Syncing while the sandbox changes")
struct ChurnSyncTests {
    @Test("With churn running during the walk, every lasting token is cached once; a quiet sync then equals the sandbox",
          arguments: Vendor.allCases)
    func syncWhileChurning(vendor: Vendor) async throws {
        try await SandboxHarness.with(tokens: 3000, churnRate: 400) { harness in
            let names = harness.accountNames(of: vendor)
            let cache = try TokenCache.inMemory()
            let service = harness.service(cache: cache)
            await harness.sandbox.waitForChurnEvents(atLeast: 1)
            let before = await Self.truth(harness, vendor)
            let changesBefore = await harness.sandbox.churnEvents.total
            let events = await collect(service.sync(accounts: names))
            let changed = await harness.sandbox.churnEvents.total - changesBefore
            let after = await Self.truth(harness, vendor)
            #expect(events.failures.isEmpty, "\(events.failures)")
            #expect(changed > 0, "the sandbox did not change during the walk")
            for name in names {
                let cached = try await cache.tokens(account: name, withRawJSON: false).map(\.id)
                #expect(Set(cached).count == cached.count, "\(name): a token cached twice")
                let lasting = (before[name] ?? []).intersection(after[name] ?? [])
                let missing = lasting.subtracting(cached)
                #expect(missing.isEmpty, "\(name): \(missing.count) of \(lasting.count) lasting tokens missed, e.g. \(missing.sorted().prefix(3)); unconfirmed: \(events.unconfirmed)")
            }

            await harness.sandbox.pauseChurn()
            let quiet = await collect(service.sync(accounts: names))
            #expect(quiet.failures.isEmpty && quiet.unconfirmed.isEmpty, "\(quiet)")
            try await Self.expectCacheEqualsSandbox(cache, harness, vendor)
        }
    }

    @Test("A token deleted from page 1 right after page 1 is served and one added at the head: nothing lost, nothing twice",
          arguments: Vendor.allCases)
    func deletionFromPageOneAndInsertionAtTheHead(vendor: Vendor) async throws {
        try await Self.afterPageOne(vendor, deletions: 1)
    }

    @Test("Five tokens deleted from page 1 right after it is served (more than pages overlap) and one added at the head",
          arguments: Vendor.allCases)
    func manyDeletionsFromPageOne(vendor: Vendor) async throws {
        try await Self.afterPageOne(vendor, deletions: 5)
    }

    // MARK: - Helpers

    static func afterPageOne(_ vendor: Vendor, deletions: Int) async throws {
        try await SandboxHarness.with(tokens: 3000) { harness in
            let sandboxVendor = try #require(SandboxVendor(rawValue: vendor.rawValue))
            let names = harness.accountNames(of: vendor)
            let cache = try TokenCache.inMemory()
            let service = harness.service(cache: cache)
            let firstAccount = harness.sandbox.store.prefactorAccountIDs[0]
            await harness.sandbox.afterServingFirstPage(of: sandboxVendor) { store in
                for _ in 0..<deletions {
                    if sandboxVendor == .prefactor {
                        // The walk's order for Prefactor is by creation, oldest first: its page 1's second token.
                        let order = PrefactorOrder(accountID: firstAccount, field: "timestamp", ascending: true)
                        if let id = await store.prefactorSlice(order, offset: 1, limit: 1).tokens.first?.id {
                            await store.delete(vendor: .prefactor, id: id)
                        }
                    } else {
                        await store.delete(vendor: sandboxVendor, position: 1)
                    }
                }
                await store.insertAtHead(vendor: sandboxVendor)
            }
            let before = await Self.truth(harness, vendor)
            let events = await collect(service.sync(accounts: names))
            let after = await Self.truth(harness, vendor)
            #expect(events.failures.isEmpty && events.unconfirmed.isEmpty, "\(events)")
            let removed = (before.values.reduce(0) { $0 + $1.count }) - (after.values.reduce(0) { $0 + $1.count }) + 1
            #expect(removed == deletions, "the hook ran once, before page 2 was asked for")
            for name in names {
                let cached = try await cache.tokens(account: name, withRawJSON: false).map(\.id)
                #expect(Set(cached).count == cached.count, "\(name): a token cached twice")
                let lasting = (before[name] ?? []).intersection(after[name] ?? [])
                #expect(lasting.subtracting(cached).isEmpty, "\(name): missed \(lasting.subtracting(cached).sorted().prefix(3))")
            }
            let quiet = await collect(service.sync(accounts: names))
            #expect(quiet.failures.isEmpty && quiet.unconfirmed.isEmpty)
            try await Self.expectCacheEqualsSandbox(cache, harness, vendor)
        }
    }

    /// Every id the sandbox holds now, per configured account of `vendor` (Provisionr's trash included).
    static func truth(_ harness: SandboxHarness, _ vendor: Vendor) async -> [String: Set<String>] {
        let store = harness.sandbox.store
        var ids: [String: Set<String>] = [:]
        for configured in harness.accounts() where configured.account.vendor == vendor {
            let sandboxVendor = SandboxVendor(rawValue: vendor.rawValue) ?? .provisionr
            ids[configured.account.name] = await store.ids(vendor: sandboxVendor, prefactorAccountID: configured.account.accountID)
        }
        return ids
    }

    static func expectCacheEqualsSandbox(_ cache: TokenCache, _ harness: SandboxHarness, _ vendor: Vendor) async throws {
        let truth = await truth(harness, vendor)
        for (name, ids) in truth {
            let cached = try await cache.tokens(account: name, withRawJSON: false)
            #expect(cached.count == ids.count && Set(cached.map(\.id)) == ids, "\(name): the cache differs from the sandbox")
            if vendor == .provisionr {
                #expect(Set(cached.filter(\.trashed).map(\.id)) == (await harness.sandbox.store.trashedIDs()))
            }
        }
    }
}
