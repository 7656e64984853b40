import Foundation
import Testing
import TokenDeckCore
import TokenDeckSandbox
@testable import TokenDeckSync

/// Actions through the service against the sandbox: one request per token, never retried, the
/// vendor's answer in the cache at once, and none for a vendor that documents none.
@Suite("Token actions against the sandbox")
struct TokenActionTests {
    static func synced(_ harness: SandboxHarness) async throws -> TokenService {
        let service = harness.service(cache: try TokenCache.inMemory())
        for await _ in await service.sync() {}
        return service
    }

    /// The first result's error, if it failed.
    static func failure(_ results: [TokenService.ActionResult]) -> VendorError? {
        guard let first = results.first else { return nil }
        switch first.outcome {
        case .success: return nil
        case .failure(let error): return error
        }
    }

    @Test func prefactorSuspendActivateAndRevokeLandInTheCacheAndAtTheVendor() async throws {
        try await SandboxHarness.with(tokens: 200) { harness in try await Self.suspendActivateRevoke(harness) }
    }

    static func suspendActivateRevoke(_ harness: SandboxHarness) async throws {
        do {
            let service = try await Self.synced(harness)
            let cached = await service.cachedTokens(account: "prefactor-1")
            let id = try #require(cached.first { $0.vendorStatus == .active }?.id)
            let before = await harness.sandbox.faults.requestCount(vendor: .prefactor)

            let suspended = await service.perform(.suspend, account: "prefactor-1", ids: [id])
            #expect(suspended == [TokenService.ActionResult(id: id, outcome: .success(.status(.suspended)))])
            let afterSuspend = await service.cachedTokens(account: "prefactor-1").first { $0.id == id }
            #expect(afterSuspend?.vendorStatus == .suspended)
            #expect(await harness.sandbox.faults.requestCount(vendor: .prefactor) == before + 1)

            let revoked = await service.perform(.revoke, account: "prefactor-1", ids: [id])
            #expect(revoked.first?.outcome == .success(.status(.revoked)))
            // Revoked is final at the vendor: activate is refused, once, and the cache keeps "revoked".
            let activated = await service.perform(.activate, account: "prefactor-1", ids: [id])
            guard let error = Self.failure(activated) else {
                Issue.record("activating a revoked token succeeded")
                return
            }
            #expect(error.status == 400)
            #expect(error.code == "invalid_action")
            #expect(await harness.sandbox.faults.requestCount(vendor: .prefactor) == before + 3)
            let afterRefusal = await service.cachedTokens(account: "prefactor-1").first { $0.id == id }
            #expect(afterRefusal?.vendorStatus == .revoked)

            // A fresh sync agrees with what the actions left in the cache.
            for await _ in await service.sync(accounts: ["prefactor-1"]) {}
            let resynced = await service.cachedTokens(account: "prefactor-1").first { $0.id == id }
            #expect(resynced?.vendorStatus == .revoked)
        }
    }

    @Test(arguments: [Vendor.prefactor, .truefoundry])
    func deleteRemovesTheTokenHereAndThere(vendor: Vendor) async throws {
        try await SandboxHarness.with(tokens: 200) { harness in
            let service = try await Self.synced(harness)
            let account = vendor == .prefactor ? "prefactor-1" : vendor.rawValue
            let ids = await service.cachedTokens(account: account).prefix(2).map(\.id)
            #expect(ids.count == 2)
            let results = await service.perform(.delete, account: account, ids: ids)
            #expect(results.map(\.outcome) == [.success(.deleted), .success(.deleted)])
            let left = Set(await service.cachedTokens(account: account).map(\.id))
            #expect(left.isDisjoint(with: ids))
            for await _ in await service.sync(accounts: [account]) {}
            let resynced = Set(await service.cachedTokens(account: account).map(\.id))
            #expect(resynced == left)
            // Gone at the vendor: deleting again is the vendor's 404.
            let again = await service.perform(.delete, account: account, ids: [ids[0]])
            guard let error = Self.failure(again) else {
                Issue.record("a second delete succeeded")
                return
            }
            #expect(error.status == 404)
        }
    }

    @Test func aFailedActionIsSentOnceAndNeverRetried() async throws {
        try await SandboxHarness.with(tokens: 200) { harness in
            let service = try await Self.synced(harness)
            let id = try #require(await service.cachedTokens(account: "truefoundry").first?.id)
            await harness.sandbox.faults.force(.status(503), vendor: .truefoundry, count: nil)
            let before = await harness.sandbox.faults.requestCount(vendor: .truefoundry)
            let results = await service.perform(.delete, account: "truefoundry", ids: [id])
            guard let error = Self.failure(results) else {
                Issue.record("the delete succeeded under a forced 503")
                return
            }
            #expect(error.status == 503)
            #expect(await harness.sandbox.faults.requestCount(vendor: .truefoundry) == before + 1)
            // Nothing was changed here on a failure.
            let still = await service.cachedTokens(account: "truefoundry").contains { $0.id == id }
            #expect(still)
        }
    }

    /// The connection dropped once the request was sent: a transport error (what the dashboard shows
    /// as "unknown — refresh to see"), the request not sent again, the cache not guessed at.
    @Test func aConnectionLostAfterSendingIsATransportErrorSentOnce() async throws {
        try await SandboxHarness.with(tokens: 200) { harness in
            let service = try await Self.synced(harness)
            let tokens = await service.cachedTokens(account: "prefactor-1")
            let token = try #require(tokens.first(where: { $0.vendorStatus == .active }))
            await harness.sandbox.faults.force(.closeConnection, vendor: .prefactor, count: nil)
            let before = await harness.sandbox.faults.requestCount(vendor: .prefactor)
            let results = await service.perform(.revoke, account: "prefactor-1", ids: [token.id])
            let error = Self.failure(results)
            #expect(error?.kind == .transport)
            let after = await harness.sandbox.faults.requestCount(vendor: .prefactor)
            #expect(after == before + 1)
            await harness.sandbox.faults.clear()
            let cached = await service.cachedTokens(account: "prefactor-1")
            #expect(cached.first(where: { $0.id == token.id })?.vendorStatus == .active)
        }
    }

    @Test(arguments: [Vendor.provisionr, .metokens])
    func vendorsThatDocumentNoActionGetNoRequest(vendor: Vendor) async throws {
        try await SandboxHarness.with(tokens: 200) { harness in
            let service = try await Self.synced(harness)
            let sandboxVendor = try #require(SandboxVendor(rawValue: vendor.rawValue))
            let before = await harness.sandbox.faults.requestCount(vendor: sandboxVendor)
            for action in TokenAction.allCases {
                let results = await service.perform(action, account: vendor.rawValue, ids: ["x"])
                guard let error = Self.failure(results) else {
                    Issue.record("\(action) was accepted for \(vendor)")
                    continue
                }
                #expect(error.code == "unsupported")
            }
            #expect(await harness.sandbox.faults.requestCount(vendor: sandboxVendor) == before)
            #expect(vendor.supportedActions.isEmpty)
        }
    }

    @Test func whatEachStateAllows() {
        #expect(TokenAction.activate.allowed(for: .suspended))
        #expect(!TokenAction.activate.allowed(for: .revoked))
        #expect(!TokenAction.suspend.allowed(for: .suspended))
        #expect(!TokenAction.revoke.allowed(for: .revoked))
        #expect(TokenAction.delete.allowed(for: .revoked))
        #expect(TokenAction.revoke.isDestructive && TokenAction.delete.isDestructive)
        #expect(!TokenAction.suspend.isDestructive)
    }
}
