import Foundation
import Testing
@testable import TokenDeckSandbox

/// The first page of a vendor's default listing: its ids in order and the total it claims.
private func firstPage(_ sandbox: RunningSandbox, _ vendor: SandboxVendor, query: String = "") async throws -> (ids: [String], total: Int, rows: [[String: Any]]) {
    switch vendor {
    case .provisionr:
        let object = try await sandbox.get(.provisionr, "/workspace/tokens?page[size]=50\(query)").object
        let rows = object["data"] as? [[String: Any]] ?? []
        return (rows.compactMap { $0["id"] as? String }, object["total"] as? Int ?? -1, rows)
    case .prefactor:
        let object = try await sandbox.get(.prefactor, "/api/v1/api_token?pagination[page_size]=50\(query)").object
        let rows = object["summaries"] as? [[String: Any]] ?? []
        let total = (object["pagination"] as? [String: Any])?["item_count"] as? Int ?? -1
        return (rows.compactMap { $0["id"] as? String }, total, rows)
    case .metokens:
        let object = try await sandbox.get(.metokens, "/api/v1/me/tokens\(query.isEmpty ? "" : "?" + query.dropFirst())").object
        let rows = object["data"] as? [[String: Any]] ?? []
        let total = (object["meta"] as? [String: Any])?["total"] as? Int ?? -1
        return (rows.compactMap { ($0["id"] as? Int).map(String.init) }, total, rows)
    case .truefoundry:
        let object = try await sandbox.get(.truefoundry, "/api/svc/v1/personal-access-tokens?limit=50\(query)").object
        let rows = object["data"] as? [[String: Any]] ?? []
        let total = (object["pagination"] as? [String: Any])?["total"] as? Int ?? -1
        return (rows.compactMap { $0["id"] as? String }, total, rows)
    }
}

/// Counts how often a hook ran.
private actor Counter {
    private(set) var value = 0
    func increment() { value += 1 }
}

/// The fixed clock of `withSandbox`, as the vendors print it.
private let nowPrefix = "2025-06-15T15:06:40"

@Suite("The sandbox changes under the client")
struct MutationTests {
    @Test("Provisionr: create appends to the end, insertAtHead comes first, both now")
    func provisionrCreateAndHead() async throws {
        try await withSandbox { sandbox in
            let before = try await walk(sandbox, .provisionr, pageSize: 100)
            let created = await sandbox.store.create(vendor: .provisionr)
            let head = await sandbox.store.insertAtHead(vendor: .provisionr)
            let after = try await walk(sandbox, .provisionr, pageSize: 100)
            #expect(after == [head] + before + [created])
            let page = try await firstPage(sandbox, .provisionr)
            #expect(page.total == before.count + 2)
            #expect(page.ids.first == head)
            let timestamp = page.rows.first?["timestamp"] as? [String: Any]
            #expect((timestamp?["created_at"] as? String)?.hasPrefix(nowPrefix) == true)
            #expect(created.hasPrefix("wstok_") && created.count == 32 && created != head)
        }
    }

    @Test("Provisionr: delete at a position removes that row for good; trash moves a token to the trash listing")
    func provisionrDeleteAndTrash() async throws {
        try await withSandbox { sandbox in
            let store = sandbox.store
            let before = try await walk(sandbox, .provisionr, pageSize: 100)
            let trashedBefore = try await walk(sandbox, .provisionr, query: "&filter[trashed]=only", pageSize: 100)
            let deleted = await store.delete(vendor: .provisionr, position: 3)
            #expect(deleted == before[3])
            #expect(await store.delete(vendor: .provisionr, position: before.count - 1) == nil)
            let trashed = await store.trash(id: before[0])
            #expect(trashed == before[0])
            #expect(await store.trash(id: before[0]) == nil)
            let after = try await walk(sandbox, .provisionr, pageSize: 100)
            #expect(after == Array(before[1..<3] + before[4...]))
            let trashedAfter = try await walk(sandbox, .provisionr, query: "&filter[trashed]=only", pageSize: 100)
            #expect(Set(trashedAfter) == Set(trashedBefore + [before[0]]))
            #expect(await store.trashedIDs() == Set(trashedAfter))
            #expect(await store.ids(vendor: .provisionr) == Set(after + trashedAfter))
            #expect(await store.delete(vendor: .provisionr, id: before[0]) == before[0])
            #expect(await store.delete(vendor: .provisionr, id: before[0]) == nil)
            #expect(!(await store.trashedIDs()).contains(before[0]))
        }
    }

    @Test("Prefactor: create is newest by timestamp, insertAtHead first by id, both in the first account")
    func prefactorCreateAndHead() async throws {
        try await withSandbox { sandbox in
            let store = sandbox.store
            let account = store.prefactorAccountIDs[0]
            let before = try await walk(sandbox, .prefactor, pageSize: 50)
            let created = await store.create(vendor: .prefactor)
            let head = await store.insertAtHead(vendor: .prefactor)
            let after = try await walk(sandbox, .prefactor, pageSize: 50)
            #expect(after == [head] + before + [created])
            let newest = try await firstPage(sandbox, .prefactor, query: "&sorting[field]=timestamp&sorting[direction]=desc")
            #expect(newest.total == before.count + 2)
            #expect(Set(newest.ids.prefix(2)) == [created, head])
            #expect((newest.rows.first?["inserted_at"] as? String)?.hasPrefix(nowPrefix) == true)
            #expect(newest.rows.prefix(2).allSatisfy { $0["account_id"] as? String == account && $0["status"] as? String == "active" })
            #expect(await store.ids(vendor: .prefactor) == Set(after))
            #expect(await store.ids(vendor: .prefactor, prefactorAccountID: store.prefactorAccountIDs[1])
                == Set(try await walk(sandbox, .prefactor, query: "&account_id=\(store.prefactorAccountIDs[1])", pageSize: 50)))
        }
    }

    @Test("Prefactor: revoke shows status revoked; delete at a position removes it")
    func prefactorRevokeAndDelete() async throws {
        try await withSandbox { sandbox in
            let store = sandbox.store
            let before = try await firstPage(sandbox, .prefactor)
            let target = try #require(before.rows.first { $0["status"] as? String == "active" }?["id"] as? String)
            #expect(await store.revoke(vendor: .prefactor, id: target) == target)
            #expect(await store.revoke(vendor: .prefactor, id: target) == nil)
            let revoked = try await firstPage(sandbox, .prefactor)
            #expect(revoked.rows.first { $0["id"] as? String == target }?["status"] as? String == "revoked")
            #expect(revoked.ids == before.ids)
            #expect(await store.delete(vendor: .prefactor, position: 0) == before.ids[0])
            let after = try await firstPage(sandbox, .prefactor)
            #expect(after.total == before.total - 1)
            #expect(after.ids.first == before.ids[1])
        }
    }

    @Test("metokens: create comes first with a fresh number; revoke and delete show in the next page")
    func metokensMutations() async throws {
        try await withSandbox { sandbox in
            let store = sandbox.store
            let before = try await firstPage(sandbox, .metokens)
            let highest = try #require((await store.ids(vendor: .metokens)).compactMap { Int($0) }.max())
            let created = await store.create(vendor: .metokens)
            #expect(created == String(highest + 1))
            #expect(await store.insertAtHead(vendor: .metokens) == String(highest + 2))
            let page = try await firstPage(sandbox, .metokens)
            #expect(page.ids.prefix(3) == [String(highest + 2), created, before.ids[0]])
            #expect(page.total == before.total + 2)
            #expect((page.rows[1]["created_at"] as? String)?.hasPrefix(nowPrefix) == true)
            #expect(page.rows[1]["status"] as? String == "active")

            #expect(await store.revoke(vendor: .metokens, id: created) == created)
            #expect(try await firstPage(sandbox, .metokens).rows[1]["status"] as? String == "revoked")
            #expect(await store.delete(vendor: .metokens, position: 0) == String(highest + 2))
            #expect(await store.delete(vendor: .metokens, id: created) == created)
            // A deleted number is never given out again.
            #expect(await store.create(vendor: .metokens) == String(highest + 3))
            let after = try await firstPage(sandbox, .metokens)
            #expect(after.ids.prefix(2) == [String(highest + 3), before.ids[0]])
            #expect(after.total == before.total + 1)
        }
    }

    @Test("TrueFoundry: create comes first, also in a search for its name; delete removes; no revoke")
    func trueFoundryMutations() async throws {
        try await withSandbox { sandbox in
            let store = sandbox.store
            let before = try await firstPage(sandbox, .truefoundry)
            let created = await store.create(vendor: .truefoundry)
            let page = try await firstPage(sandbox, .truefoundry)
            #expect(page.ids.prefix(2) == [created, before.ids[0]])
            #expect(page.total == before.total + 1)
            let name = try #require(page.rows.first?["name"] as? String)
            let found = try await firstPage(sandbox, .truefoundry, query: "&nameSearchQuery=\(name)")
            #expect(found.ids == [created])
            #expect(await store.revoke(vendor: .truefoundry, id: created) == nil)
            #expect(await store.delete(vendor: .truefoundry, position: 1) == before.ids[0])
            let after = try await firstPage(sandbox, .truefoundry)
            #expect(after.ids.prefix(2) == [created, before.ids[1]])
            #expect(after.total == before.total)
            #expect(await store.delete(vendor: .truefoundry, position: before.total) == nil)
            #expect(await store.ids(vendor: .truefoundry) == Set(try await walk(sandbox, .truefoundry, pageSize: 100)))
        }
    }
}

@Suite("A change right after the first page is served")
struct FirstPageHookTests {
    @Test("metokens: the hook runs once, after page 1 is built, never for page 2 or a second page 1")
    func hookRunsOnceAfterFirstPage() async throws {
        try await withSandbox { sandbox in
            let counter = Counter()
            await sandbox.afterServingFirstPage(of: .metokens) { store in
                await store.delete(vendor: .metokens, position: 0)
                await counter.increment()
            }
            let page2Before = try await sandbox.get(.metokens, "/api/v1/me/tokens?page=2").object
            #expect(await counter.value == 0)
            let page1 = try await firstPage(sandbox, .metokens)
            #expect(await counter.value == 1)
            // Built before the hook ran: page 1 still shows the token the hook deleted.
            let deleted = page1.ids[0]
            #expect(!(await sandbox.store.ids(vendor: .metokens)).contains(deleted))
            let ids2Before = (page2Before["data"] as? [[String: Any]] ?? []).compactMap { ($0["id"] as? Int).map(String.init) }
            let page2After = try await sandbox.get(.metokens, "/api/v1/me/tokens?page=2").object
            let ids2After = (page2After["data"] as? [[String: Any]] ?? []).compactMap { ($0["id"] as? Int).map(String.init) }
            // Everything moved up one: the old first row of page 2 is now on page 1, unseen by a walker.
            #expect(ids2After.first == ids2Before[1])
            let again = try await firstPage(sandbox, .metokens)
            #expect(await counter.value == 1)
            #expect(again.total == page1.total - 1)
            #expect(again.ids.first == page1.ids[1])
        }
    }

    @Test("Provisionr: a hook for the trash listing ignores the default listing and page 2")
    func provisionrHookMatchesItsListing() async throws {
        try await withSandbox { sandbox in
            let counter = Counter()
            await sandbox.afterServingFirstPage(of: .provisionr, listing: .trashedOnly) { _ in await counter.increment() }
            _ = try await firstPage(sandbox, .provisionr)
            _ = try await firstPage(sandbox, .provisionr, query: "&filter[trashed]=with")
            _ = try await sandbox.get(.provisionr, "/workspace/tokens?page[size]=5&page[number]=2&filter[trashed]=only")
            #expect(await counter.value == 0)
            _ = try await firstPage(sandbox, .provisionr, query: "&filter[trashed]=only&page[number]=1")
            #expect(await counter.value == 1)
            _ = try await firstPage(sandbox, .provisionr, query: "&filter[trashed]=only")
            #expect(await counter.value == 1)
        }
    }

    @Test("Prefactor and TrueFoundry: the first page is offset 0; a later offset does not run the hook")
    func offsetVendorsRunTheHookAtOffsetZero() async throws {
        try await withSandbox { sandbox in
            let counter = Counter()
            await sandbox.afterServingFirstPage(of: .prefactor) { _ in await counter.increment() }
            await sandbox.afterServingFirstPage(of: .truefoundry) { _ in await counter.increment() }
            _ = try await sandbox.get(.prefactor, "/api/v1/api_token?pagination[offset]=25")
            _ = try await sandbox.get(.truefoundry, "/api/svc/v1/personal-access-tokens?offset=10&limit=10")
            #expect(await counter.value == 0)
            _ = try await sandbox.get(.prefactor, "/api/v1/api_token?pagination[offset]=0")
            _ = try await sandbox.get(.truefoundry, "/api/svc/v1/personal-access-tokens")
            _ = try await sandbox.get(.prefactor, "/api/v1/api_token")
            #expect(await counter.value == 2)
        }
    }
}

@Suite("Churn")
struct ChurnTests {
    /// Every vendor's ids as the store holds them.
    private func snapshot(_ store: SandboxStore) async -> [SandboxVendor: Set<String>] {
        var ids: [SandboxVendor: Set<String>] = [:]
        for vendor in SandboxVendor.allCases { ids[vendor] = await store.ids(vendor: vendor) }
        ids[.prefactor, default: []].formUnion(await store.ids(vendor: .prefactor, prefactorAccountID: store.prefactorAccountIDs[1]))
        return ids
    }

    // A guard against a hang, not a speed check: alone this takes half a second, but in a full run the
    // test process's threads are at times all busy for over a minute (subprocess-driven tests).
    @Test("Churn at a rate changes the data; once paused, nothing changes and a walk matches the store", .timeLimit(.minutes(10)))
    func churnChangesDataUntilPaused() async throws {
        let configuration = SandboxConfiguration(port: 0, tokens: 600, seed: 9, now: Date(timeIntervalSince1970: 1_750_000_000), churnRate: 400)
        let generated = await snapshot(SandboxStore(configuration: configuration))
        try await withSandbox(configuration: configuration) { sandbox in
            let reached = await sandbox.waitForChurnEvents(atLeast: 40)
            #expect(reached.total >= 40)
            await sandbox.pauseChurn()
            #expect(await sandbox.churnRate == 0)
            let stats = await sandbox.churnEvents
            #expect(stats.created > 0 && stats.deleted > 0)
            #expect(stats.total >= reached.total)

            let first = await snapshot(sandbox.store)
            #expect(first != generated)
            let walked = try await walk(sandbox, .metokens)
            let second = await snapshot(sandbox.store)
            #expect(second == first)
            #expect(await sandbox.churnEvents == stats)
            // A quiet walk sees exactly what the store holds.
            #expect(Set(walked) == first[.metokens])
            #expect(Set(try await walk(sandbox, .provisionr, query: "&filter[trashed]=with", pageSize: 200)) == first[.provisionr])
            #expect(Set(try await walk(sandbox, .provisionr, query: "&filter[trashed]=only", pageSize: 200)) == (await sandbox.store.trashedIDs()))
            #expect(Set(try await walk(sandbox, .prefactor, pageSize: 100)) == (await sandbox.store.ids(vendor: .prefactor)))
            #expect(Set(try await walk(sandbox, .truefoundry, pageSize: 100)) == first[.truefoundry])
        }
    }

    @Test("setChurn starts churn on a still sandbox and can restart it after a pause", .timeLimit(.minutes(10)))
    func setChurnStartsAndRestarts() async throws {
        try await withSandbox { sandbox in
            #expect(await sandbox.churnRate == 0)
            #expect(await sandbox.churnEvents == ChurnStats())
            await sandbox.setChurn(rate: 1000)
            #expect(await sandbox.churnRate == 1000)
            await sandbox.waitForChurnEvents(atLeast: 10)
            await sandbox.pauseChurn()
            let paused = await sandbox.churnEvents
            await sandbox.setChurn(rate: 1000)
            let resumed = await sandbox.waitForChurnEvents(atLeast: paused.total + 10)
            #expect(resumed.total >= paused.total + 10)
            await sandbox.setChurn(rate: -5)
            #expect(await sandbox.churnRate == 0)
        }
    }

    @Test("The same seed makes the same churn events")
    func churnIsSeeded() async {
        let configuration = SandboxConfiguration(tokens: 400, seed: 3, now: Date(timeIntervalSince1970: 1_750_000_000))
        let a = SandboxStore(configuration: configuration)
        let b = SandboxStore(configuration: configuration)
        let statsA = await a.applyChurnEvents(300)
        let statsB = await b.applyChurnEvents(300)
        #expect(statsA == statsB)
        #expect(statsA.created > 0 && statsA.deleted > 0 && statsA.trashed > 0 && statsA.revoked > 0)
        #expect(statsA.total <= 300)
        for vendor in SandboxVendor.allCases {
            #expect(await a.ids(vendor: vendor) == (await b.ids(vendor: vendor)), "\(vendor)")
        }
        #expect(await a.trashedIDs() == (await b.trashedIDs()))
    }
}
