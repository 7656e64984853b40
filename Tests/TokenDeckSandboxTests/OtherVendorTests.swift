import Foundation
import Testing
@testable import TokenDeckSandbox

@Suite("Prefactor, metokens and TrueFoundry lists")
struct OtherVendorTests {
    // MARK: Prefactor

    @Test("Prefactor: full pagination and sorting objects, null offsets at the ends")
    func prefactorPaginationObject() async throws {
        try await withSandbox(tokens: 1000) { sandbox in
            let accountTotal = try await walk(sandbox, .prefactor).count
            let first = try await sandbox.get(.prefactor, "/api/v1/api_token?pagination[page_size]=10").object
            #expect(first["status"] as? String == "success")
            let pagination = try #require(first["pagination"] as? [String: Any])
            #expect(pagination["item_count"] as? Int == accountTotal)
            #expect(pagination["item_start"] as? Int == 1)
            #expect(pagination["item_end"] as? Int == 10)
            #expect(pagination["page_index"] as? Int == 1)
            #expect(pagination["page_offset"] as? Int == 0)
            #expect(pagination["page_size"] as? Int == 10)
            #expect(pagination["page_count"] as? Int == (accountTotal + 9) / 10)
            #expect(pagination["next_page_offset"] as? Int == 10)
            #expect(pagination["previous_page_offset"] is NSNull)
            #expect(first["sorting"] as? [String: String] == ["field": "id", "direction": "asc"])

            let lastOffset = (accountTotal - 1) / 10 * 10
            let last = try await sandbox.get(.prefactor, "/api/v1/api_token?pagination[page_size]=10&pagination[offset]=\(lastOffset)").object
            let lastPagination = try #require(last["pagination"] as? [String: Any])
            #expect(lastPagination["next_page_offset"] is NSNull)
            #expect(lastPagination["previous_page_offset"] as? Int == lastOffset - 10)
            #expect(lastPagination["item_end"] as? Int == accountTotal)

            let beyond = try await sandbox.get(.prefactor, "/api/v1/api_token?pagination[offset]=100000")
            #expect(beyond.status == 200)
            #expect((beyond.object["summaries"] as? [Any])?.isEmpty == true)
        }
    }

    @Test("Prefactor: a summary has exactly the spec's fields; environment_id only for environment scope")
    func prefactorSummaryFields() async throws {
        try await withSandbox(tokens: 1000) { sandbox in
            let summaries = try await sandbox.get(.prefactor, "/api/v1/api_token?pagination[page_size]=250").object["summaries"] as? [[String: Any]] ?? []
            #expect(!summaries.isEmpty)
            for summary in summaries {
                #expect(Set(summary.keys) == ["account_id", "created_by_admin_user_id", "environment_id", "expires_at", "id",
                                              "inserted_at", "last_used_at", "status", "token_scope", "type", "updated_at"])
                #expect(summary["type"] as? String == "api_token")
                #expect(summary["account_id"] as? String == sandbox.store.prefactorAccountIDs[0])
                #expect(["active", "suspended", "revoked"].contains(summary["status"] as? String ?? ""))
                let scope = summary["token_scope"] as? String
                #expect((scope == "account") == (summary["environment_id"] is NSNull))
                #expect(summary["expires_at"] is String)
            }
        }
    }

    @Test("Prefactor: account_id selects the account; an unknown one is a 404 in the error shape")
    func prefactorAccountFilter() async throws {
        try await withSandbox(tokens: 1000) { sandbox in
            let second = sandbox.store.prefactorAccountIDs[1]
            let summaries = try await sandbox.get(.prefactor, "/api/v1/api_token?account_id=\(second)").object["summaries"] as? [[String: Any]] ?? []
            #expect(!summaries.isEmpty)
            #expect(summaries.allSatisfy { $0["account_id"] as? String == second })
            let unknown = try await sandbox.get(.prefactor, "/api/v1/api_token?account_id=013xrzp12g3nqk8n0000000000000000")
            #expect(unknown.status == 404)
            #expect(unknown.object["status"] as? String == "error")
            #expect(unknown.object["code"] as? String == "not_found")
        }
    }

    @Test("Prefactor: sorting orders the summaries and is echoed back")
    func prefactorSorting() async throws {
        try await withSandbox(tokens: 1000) { sandbox in
            let body = try await sandbox.get(.prefactor, "/api/v1/api_token?sorting[field]=timestamp&sorting[direction]=desc&pagination[page_size]=50").object
            let inserted = (body["summaries"] as? [[String: Any]] ?? []).compactMap { $0["inserted_at"] as? String }
            #expect(inserted.count == 50)
            #expect(inserted == inserted.sorted(by: >))
            #expect(body["sorting"] as? [String: String] == ["field": "timestamp", "direction": "desc"])
        }
    }

    @Test("Prefactor: bad sorting or pagination values are 400s in the error shape", arguments: [
        "sorting[field]=colour", "sorting[field]=email", "sorting[direction]=sideways",
        "pagination[offset]=-1", "pagination[offset]=abc", "pagination[page_size]=0",
    ])
    func prefactorBadValues(query: String) async throws {
        try await withSandbox { sandbox in
            let result = try await sandbox.get(.prefactor, "/api/v1/api_token?\(query)")
            #expect(result.status == 400)
            #expect(result.object["status"] as? String == "error")
            #expect(result.object["code"] as? String == "invalid_value")
            #expect(result.object["message"] is String)
        }
    }

    @Test("Prefactor: page sizes default to 25 and clamp at 250")
    func prefactorPageSizes() async throws {
        try await withSandbox(tokens: 2000) { sandbox in
            let plain = try await sandbox.get(.prefactor, "/api/v1/api_token").object
            #expect((plain["pagination"] as? [String: Any])?["page_size"] as? Int == 25)
            let huge = try await sandbox.get(.prefactor, "/api/v1/api_token?pagination[page_size]=100000").object
            #expect((huge["pagination"] as? [String: Any])?["page_size"] as? Int == 250)
        }
    }

    // MARK: metokens

    @Test("metokens: the API-resource body, decoded labels with page numbers, fixed per_page")
    func metokensBody() async throws {
        try await withSandbox(tokens: 1000) { sandbox in
            let result = try await sandbox.get(.metokens, "/api/v1/me/tokens?page=2")
            #expect(result.status == 200)
            let body = result.object
            let links = try #require(body["links"] as? [String: Any])
            #expect(Set(links.keys) == ["first", "last", "prev", "next"])
            #expect((links["prev"] as? String)?.hasSuffix("/metokens/api/v1/me/tokens?page=1") == true)
            let meta = try #require(body["meta"] as? [String: Any])
            #expect(Set(meta.keys) == ["current_page", "from", "last_page", "links", "path", "per_page", "to", "total"])
            #expect(meta["per_page"] as? Int == 20)
            #expect(meta["from"] as? Int == 21)
            #expect(meta["last_page"] as? Int == 10)
            let metaLinks = try #require(meta["links"] as? [[String: Any]])
            #expect(metaLinks.first?["label"] as? String == "« Previous")
            #expect(metaLinks.first?["page"] as? Int == 1)
            #expect(metaLinks.last?["label"] as? String == "Next »")
            #expect(metaLinks.last?["page"] as? Int == 3)
            #expect(metaLinks.contains { $0["label"] as? String == "2" && $0["active"] as? Bool == true && $0["page"] as? Int == 2 })

            let record = try #require((body["data"] as? [[String: Any]])?.first)
            #expect(Set(record.keys) == ["id", "name", "status", "last_used_at", "usage_count", "expires_at", "created_at", "allowed_ips"])
            #expect(record["id"] is Int)
        }
    }

    @Test("metokens: status is derived from revocation and expiry; never-used tokens have no uses")
    func metokensStatus() async throws {
        let now = Date(timeIntervalSince1970: 1_750_000_000)
        try await withSandbox(tokens: 1000, now: now) { sandbox in
            var records: [[String: Any]] = []
            for page in 1...10 {
                records += try await sandbox.get(.metokens, "/api/v1/me/tokens?page=\(page)").object["data"] as? [[String: Any]] ?? []
            }
            let statuses = Set(records.compactMap { $0["status"] as? String })
            #expect(statuses == ["active", "revoked", "expired"])
            for record in records where record["status"] as? String == "expired" {
                let expires = try #require(Timestamp.parse(record["expires_at"] as? String ?? ""))
                #expect(Double(expires) <= now.timeIntervalSince1970)
            }
            for record in records where record["last_used_at"] is NSNull {
                #expect(record["usage_count"] as? Int == 0)
            }
            #expect(records.contains { $0["allowed_ips"] is [String] })
            #expect(records.contains { $0["expires_at"] is NSNull })
        }
    }

    @Test("metokens: page=0, page=abc and page=-1 are page 1", arguments: ["0", "abc", "-1", ""])
    func metokensBadPage(text: String) async throws {
        try await withSandbox { sandbox in
            let meta = try await sandbox.get(.metokens, "/api/v1/me/tokens?page=\(text)").object["meta"] as? [String: Any]
            #expect(meta?["current_page"] as? Int == 1)
        }
    }

    // MARK: TrueFoundry

    @Test("TrueFoundry: record shape and pagination echo")
    func trueFoundryBody() async throws {
        try await withSandbox { sandbox in
            let body = try await sandbox.get(.truefoundry, "/api/svc/v1/personal-access-tokens?limit=10&offset=5").object
            #expect(body["pagination"] as? [String: Int] == ["total": 120, "offset": 5, "limit": 10])
            let record = try #require((body["data"] as? [[String: Any]])?.first)
            #expect(Set(record.keys) == ["id", "name", "type", "tenantName", "manifest", "createdBySubject", "createdAt", "updatedAt", "createdBy"])
            let manifest = try #require(record["manifest"] as? [String: Any])
            #expect(manifest["type"] as? String == "virtual-account")
            #expect(manifest["permissions"] is [[String: String]])
            let subject = try #require(record["createdBySubject"] as? [String: String])
            #expect(subject["subjectType"] == "user")
            #expect(Timestamp.parse(record["createdAt"] as? String ?? "") != nil)
        }
    }

    @Test("TrueFoundry: nameSearchQuery is a case-insensitive substring of the name")
    func trueFoundrySearch() async throws {
        try await withSandbox(tokens: 1000) { sandbox in
            let body = try await sandbox.get(.truefoundry, "/api/svc/v1/personal-access-tokens?limit=1000&nameSearchQuery=DePlOy").object
            let names = (body["data"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
            #expect(!names.isEmpty)
            #expect(names.allSatisfy { $0.lowercased().contains("deploy") })
            #expect((body["pagination"] as? [String: Any])?["total"] as? Int == names.count)
            let wide = try await sandbox.get(.truefoundry, "/api/svc/v1/personal-access-tokens?nameSearchQuery=%E6%97%A5%E6%9C%AC%E8%AA%9E").object
            #expect(((wide["data"] as? [[String: Any]]) ?? []).contains { ($0["name"] as? String)?.contains("日本語") == true })
        }
    }

    @Test("TrueFoundry: limit outside 1…1000 or a bad offset is a 400 in its error shape", arguments: [
        "limit=0", "limit=1001", "limit=abc", "limit=-5", "offset=-1", "offset=x",
    ])
    func trueFoundryBadNumbers(query: String) async throws {
        try await withSandbox { sandbox in
            let result = try await sandbox.get(.truefoundry, "/api/svc/v1/personal-access-tokens?\(query)")
            #expect(result.status == 400)
            #expect(result.object["statusCode"] as? Int == 400)
            #expect(result.object["message"] is String)
        }
    }

    @Test("TrueFoundry: limit 1 and 1000 are fine; the default is 100")
    func trueFoundryLimitBounds() async throws {
        try await withSandbox(tokens: 1000) { sandbox in
            for (query, expected) in [("limit=1", 1), ("limit=1000", 200), ("", 100)] {
                let body = try await sandbox.get(.truefoundry, "/api/svc/v1/personal-access-tokens?\(query)").object
                #expect((body["data"] as? [Any])?.count == expected, "\(query)")
            }
        }
    }
}
