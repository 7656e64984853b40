import Foundation
import Testing
@testable import TokenDeckSandbox

@Suite("Paging to the end returns every token exactly once")
struct PagingTests {
    @Test("Provisionr: following next_page_url with filter[trashed]=with sees every token once")
    func provisionrWalkSeesEveryTokenOnce() async throws {
        try await withSandbox(tokens: 1000) { sandbox in
            let ids = try await walk(sandbox, .provisionr, query: "&filter%5Btrashed%5D=with", pageSize: 37)
            let expected = await sandbox.store.count(vendor: .provisionr, includeTrashed: true)
            #expect(expected == 400)
            #expect(ids.count == expected)
            #expect(Set(ids).count == expected)
        }
    }

    @Test("Provisionr: active and trashed walks partition the tokens")
    func provisionrActiveAndTrashedPartition() async throws {
        try await withSandbox(tokens: 1000) { sandbox in
            let active = try await walk(sandbox, .provisionr, pageSize: 50)
            let trashed = try await walk(sandbox, .provisionr, query: "&filter[trashed]=only", pageSize: 50)
            let store = sandbox.store
            #expect(active.count == (await store.count(vendor: .provisionr, includeTrashed: false)))
            #expect(trashed.count == (await store.trashedCount()))
            #expect(!trashed.isEmpty)
            #expect(Set(active).isDisjoint(with: trashed))
        }
    }

    @Test("Prefactor: next_page_offset over both accounts, in every sort order, sees every token once")
    func prefactorWalkSeesEveryTokenOnce() async throws {
        try await withSandbox(tokens: 1000) { sandbox in
            let expected = await sandbox.store.count(vendor: .prefactor)
            for field in ["id", "last_seen", "status", "timestamp"] {
                for direction in ["asc", "desc"] {
                    var all: [String] = []
                    for account in sandbox.store.prefactorAccountIDs {
                        all += try await walk(sandbox, .prefactor,
                                              query: "&account_id=\(account)&sorting[field]=\(field)&sorting[direction]=\(direction)",
                                              pageSize: 23)
                    }
                    #expect(all.count == expected, "\(field) \(direction)")
                    #expect(Set(all).count == expected, "\(field) \(direction)")
                }
            }
        }
    }

    @Test("metokens: following links.next sees every token once")
    func metokensWalkSeesEveryTokenOnce() async throws {
        try await withSandbox(tokens: 1000) { sandbox in
            let ids = try await walk(sandbox, .metokens)
            #expect(ids.count == 200)
            #expect(Set(ids).count == 200)
        }
    }

    @Test("TrueFoundry: offset += limit until total sees every token once")
    func trueFoundryWalkSeesEveryTokenOnce() async throws {
        try await withSandbox(tokens: 1000) { sandbox in
            let ids = try await walk(sandbox, .truefoundry, pageSize: 33)
            #expect(ids.count == 200)
            #expect(Set(ids).count == 200)
        }
    }

    @Test("All four vendors together hold exactly the configured number of tokens")
    func vendorsShareTheConfiguredTotal() async throws {
        try await withSandbox(tokens: 1234) { sandbox in
            var total = 0
            total += Set(try await walk(sandbox, .provisionr, query: "&filter[trashed]=with", pageSize: 1000)).count
            for account in sandbox.store.prefactorAccountIDs {
                total += Set(try await walk(sandbox, .prefactor, query: "&account_id=\(account)", pageSize: 250)).count
            }
            total += Set(try await walk(sandbox, .metokens)).count
            total += Set(try await walk(sandbox, .truefoundry, pageSize: 1000)).count
            #expect(total == 1234)
            #expect(await sandbox.store.totalCount() == 1234)
        }
    }

    /// How fast is measured by `scripts/sandbox-walk.sh` and `scripts/bench-sync.sh`, not here; this checks a
    /// deep page of a large store is the right slice.
    @Test("A page deep in 100,000 tokens is the right slice", .timeLimit(.minutes(2)))
    func largePagesAreTheRightSlice() async throws {
        try await withSandbox(tokens: 100_000) { sandbox in
            #expect(await sandbox.store.totalCount() == 100_000)
            let page = try await sandbox.get(.provisionr, "/workspace/tokens?page[size]=500&page[number]=60")
            #expect(page.status == 200)
            #expect((page.object["data"] as? [Any])?.count == 500)
            #expect(page.object["current_page"] as? Int == 60)
            #expect(page.object["from"] as? Int == 29_501)
            #expect(page.object["to"] as? Int == 30_000)
        }
    }
}
