import Foundation
import Testing
@testable import TokenDeckSandbox

@Suite("Provisionr list and create")
struct ProvisionrTests {
    private func data(_ result: HTTPResult) -> [[String: Any]] {
        result.object["data"] as? [[String: Any]] ?? []
    }

    @Test("The paginator body has every Laravel field, with HTML-escaped link labels")
    func paginatorBodyHasEveryField() async throws {
        try await withSandbox { sandbox in
            let result = try await sandbox.get(.provisionr, "/workspace/tokens?page[size]=10&page[number]=2&filter[name]=svc_access")
            #expect(result.status == 200)
            #expect(result.header("Content-Type") == "application/json")
            let body = result.object
            for key in ["current_page", "data", "first_page_url", "from", "last_page", "last_page_url", "links",
                        "next_page_url", "path", "per_page", "prev_page_url", "to", "total"] {
                #expect(body.keys.contains(key), "missing \(key)")
            }
            #expect(body["current_page"] as? Int == 2)
            #expect(body["per_page"] as? Int == 10)
            #expect(body["from"] as? Int == 11)
            #expect(body["to"] as? Int == 20)
            let links = body["links"] as? [[String: Any]] ?? []
            #expect(links.first?["label"] as? String == "&laquo; Previous")
            #expect(links.last?["label"] as? String == "Next &raquo;")
            #expect(links.contains { $0["active"] as? Bool == true && $0["label"] as? String == "2" })
            let next = body["next_page_url"] as? String ?? ""
            // Laravel keeps the other query parameters and appends page[number] encoded.
            #expect(next.hasSuffix("page%5Bnumber%5D=3"))
            #expect(next.contains("filter%5Bname%5D=svc_access"))
            #expect(next.hasPrefix("http://127.0.0.1:\(sandbox.port)/provisionr/api/v1/workspace/tokens?"))
            #expect((body["prev_page_url"] as? String)?.hasSuffix("page%5Bnumber%5D=1") == true)
        }
    }

    @Test("A record has exactly the documented fields, in Laravel's timestamp format")
    func recordHasDocumentedFields() async throws {
        try await withSandbox { sandbox in
            let record = try #require(data(try await sandbox.get(.provisionr, "/workspace/tokens?page[size]=1")).first)
            #expect(Set(record.keys) == ["id", "name", "description", "abilities", "timestamp", "_embedded", "_links"])
            #expect((record["id"] as? String)?.hasPrefix("wstok_") == true)
            #expect(ProvisionrToken.types.contains(record["name"] as? String ?? ""))
            let timestamp = try #require(record["timestamp"] as? [String: Any])
            #expect(Set(timestamp.keys) == ["created_at", "last_used_at", "expires_at", "expires_at_mins", "requested_at"])
            let created = try #require(timestamp["created_at"] as? String)
            #expect(created.hasSuffix(".000000Z") && created.count == 27)
            let links = try #require(record["_links"] as? [String: Any])
            #expect((links["self"] as? String)?.hasSuffix("/workspace/tokens/\(record["id"] as? String ?? "")") == true)
        }
    }

    @Test("A page past the end is 200 with empty data, null from/to and no next page")
    func pageBeyondLastIsEmpty() async throws {
        try await withSandbox { sandbox in
            let body = try await sandbox.get(.provisionr, "/workspace/tokens?page[number]=999").object
            #expect((body["data"] as? [Any])?.isEmpty == true)
            #expect(body["from"] is NSNull)
            #expect(body["to"] is NSNull)
            #expect(body["next_page_url"] is NSNull)
            #expect(body["current_page"] as? Int == 999)
        }
    }

    @Test("With no tokens at all, last_page is still 1")
    func emptyListHasOnePage() async throws {
        try await withSandbox(tokens: 0) { sandbox in
            let body = try await sandbox.get(.provisionr, "/workspace/tokens").object
            #expect(body["total"] as? Int == 0)
            #expect(body["last_page"] as? Int == 1)
            #expect(body["from"] is NSNull)
        }
    }

    @Test("Bad page numbers become page 1; page sizes default to 500 and clamp at 1000",
          arguments: [("0", 1), ("-3", 1), ("abc", 1), ("2abc", 1), ("", 1), ("99999999999999999999999", 1), ("3", 3)])
    func badPageNumbersBecomeOne(text: String, expected: Int) async throws {
        try await withSandbox { sandbox in
            let body = try await sandbox.get(.provisionr, "/workspace/tokens?page[size]=5&page[number]=\(text)").object
            #expect(body["current_page"] as? Int == expected)
        }
    }

    @Test("page[size] defaults to 500, clamps to 1000 and ignores non-positive values")
    func pageSizeDefaultsAndClamps() async throws {
        try await withSandbox(tokens: 4000) { sandbox in
            for (query, expected) in [("", 500), ("?page[size]=5000", 1000), ("?page[size]=0", 500), ("?page[size]=abc", 500), ("?page[size]=7", 7)] {
                let body = try await sandbox.get(.provisionr, "/workspace/tokens\(query)").object
                #expect(body["per_page"] as? Int == expected, "\(query)")
                #expect((body["data"] as? [Any])?.count == expected, "\(query)")
            }
        }
    }

    @Test("filter[name] matches the type exactly")
    func filterByType() async throws {
        try await withSandbox { sandbox in
            for type in ProvisionrToken.types {
                let records = data(try await sandbox.get(.provisionr, "/workspace/tokens?filter[name]=\(type)"))
                #expect(!records.isEmpty, "\(type)")
                #expect(records.allSatisfy { $0["name"] as? String == type })
            }
            let none = try await sandbox.get(.provisionr, "/workspace/tokens?filter[name]=svc").object
            #expect(none["total"] as? Int == 0)
        }
    }

    @Test("filter[trashed]: with = all, only = the trash, anything else = not deleted")
    func filterTrashed() async throws {
        try await withSandbox(tokens: 2000) { sandbox in
            let all = await sandbox.store.count(vendor: .provisionr, includeTrashed: true)
            let trashed = await sandbox.store.trashedCount()
            func total(_ query: String) async throws -> Int? {
                try await sandbox.get(.provisionr, "/workspace/tokens\(query)").object["total"] as? Int
            }
            let with = try await total("?filter[trashed]=with")
            let only = try await total("?filter[trashed]=only")
            let other = try await total("?filter[trashed]=yes")
            let plain = try await total("")
            #expect(with == all)
            #expect(only == trashed)
            #expect(other == all - trashed)
            #expect(plain == all - trashed)
            #expect(trashed > 0 && trashed < all)
        }
    }

    @Test("filter[id] picks tokens by id, comma-separated")
    func filterByID() async throws {
        try await withSandbox { sandbox in
            let first = data(try await sandbox.get(.provisionr, "/workspace/tokens?page[size]=3"))
            let ids = first.compactMap { $0["id"] as? String }
            let one = data(try await sandbox.get(.provisionr, "/workspace/tokens?filter[id]=\(ids[1])"))
            #expect(one.compactMap { $0["id"] as? String } == [ids[1]])
            let two = data(try await sandbox.get(.provisionr, "/workspace/tokens?filter[id]=\(ids[0]),\(ids[2])"))
            #expect(Set(two.compactMap { $0["id"] as? String }) == [ids[0], ids[2]])
        }
    }

    @Test("filter[created_before] and filter[created_after] bound the creation time")
    func filterByCreationTime() async throws {
        try await withSandbox { sandbox in
            let bound = "2025-01-01T00:00:00Z"
            let boundSeconds = try #require(Timestamp.parse(bound))
            let before = try await walk(sandbox, .provisionr, query: "&filter[created_before]=\(bound)")
            let after = try await walk(sandbox, .provisionr, query: "&filter[created_after]=\(bound)")
            let all = try await walk(sandbox, .provisionr)
            #expect(!before.isEmpty && !after.isEmpty)
            #expect(before.count + after.count == all.count)
            let tokens = await sandbox.store.provisionrTokens()
            let byID = Dictionary(uniqueKeysWithValues: tokens.map { ($0.id, $0) })
            #expect(before.allSatisfy { (byID[$0]?.createdAt ?? .max) < boundSeconds })
            #expect(after.allSatisfy { (byID[$0]?.createdAt ?? .min) > boundSeconds })
            let bad = try await sandbox.get(.provisionr, "/workspace/tokens?filter[created_before]=yesterday-ish")
            #expect(bad.status == 400)
        }
    }

    @Test("The other documented filters are accepted; an unknown filter is a 400 with a message")
    func unknownFilterIsRejected() async throws {
        try await withSandbox { sandbox in
            for key in ["refresh_token_id", "workspace_device_id", "updated_before", "updated_after", "deleted_before", "deleted_after"] {
                let value = key.hasSuffix("_id") ? "x" : "2030-01-01"
                #expect(try await sandbox.get(.provisionr, "/workspace/tokens?filter[\(key)]=\(value)").status == 200, "\(key)")
            }
            let result = try await sandbox.get(.provisionr, "/workspace/tokens?filter[colour]=red")
            #expect(result.status == 400)
            let message = try #require(result.object["message"] as? String)
            #expect(message.contains("`colour`"))
            // Percent-encoded keys are the same key.
            #expect(try await sandbox.get(.provisionr, "/workspace/tokens?filter%5Bcolour%5D=red").status == 400)
        }
    }

    // MARK: Create

    private let createPath = "/workspace/services/svc_demo/tokens/access"

    private func errors(_ result: HTTPResult) -> [String: [String]] {
        result.object["errors"] as? [String: [String]] ?? [:]
    }

    @Test("A missing name is a 422 with Laravel's message and errors")
    func missingNameIs422() async throws {
        try await withSandbox { sandbox in
            let result = try await sandbox.post(.provisionr, createPath, json: #"{"description":"d"}"#)
            #expect(result.status == 422)
            #expect(result.object["message"] as? String == "The name field is required.")
            #expect(errors(result) == ["name": ["The name field is required."]])
        }
    }

    @Test("Several problems: the first message and '(and N more errors)'")
    func severalProblemsAreCounted() async throws {
        try await withSandbox { sandbox in
            let result = try await sandbox.post(.provisionr, createPath, json: #"{"name":"   ","expires_at":"soon"}"#)
            #expect(result.status == 422)
            #expect(result.object["message"] as? String == "The name field is required. (and 2 more errors)")
            #expect(Set(errors(result).keys) == ["name", "description", "expires_at"])
            let one = try await sandbox.post(.provisionr, createPath, json: #"{}"#)
            #expect(one.object["message"] as? String == "The name field is required. (and 1 more error)")
        }
    }

    @Test("Names longer than 55 characters (code points) are refused; 55 wide characters are fine")
    func nameLengthCountsCharacters() async throws {
        try await withSandbox { sandbox in
            let long = String(repeating: "a", count: 56)
            let result = try await sandbox.post(.provisionr, createPath, json: #"{"name":"\#(long)","description":"d"}"#)
            #expect(result.status == 422)
            #expect(errors(result)["name"] == ["The name field must not be greater than 55 characters."])
            let wide = String(repeating: "日", count: 55)
            let ok = try await sandbox.post(.provisionr, createPath, json: #"{"name":"\#(wide)","description":"d"}"#)
            #expect(ok.status == 201)
        }
    }

    @Test("Missing description, past and malformed expires_at are 422s", arguments: [
        (#"{"name":"n"}"#, "description", "The description field is required."),
        (#"{"name":"n","description":"d","expires_at":"2020-01-01T00:00:00Z"}"#, "expires_at", "The expires at field must be a date after now."),
        (#"{"name":"n","description":"d","expires_at":"31/12/2030"}"#, "expires_at", "The expires at field must be a valid date."),
        (#"{"name":"n","description":"d","expires_at":42}"#, "expires_at", "The expires at field must be a valid date."),
        (#"{"name":7,"description":"d"}"#, "name", "The name field must be a string."),
    ])
    func invalidBodiesAre422(json: String, field: String, message: String) async throws {
        try await withSandbox { sandbox in
            let result = try await sandbox.post(.provisionr, createPath, json: json)
            #expect(result.status == 422)
            #expect(errors(result)[field] == [message])
            #expect(result.object["message"] as? String == message)
        }
    }

    @Test("A valid create is 201 with the documented body, and the token then appears in the list")
    func createdTokenAppearsInList() async throws {
        try await withSandbox { sandbox in
            let before = await sandbox.store.count(vendor: .provisionr, includeTrashed: false)
            let result = try await sandbox.post(.provisionr, createPath,
                json: #"{"name":"Helpdesk Ticket Automation","description":"Vault-managed (Prod)","expires_at":"2030-11-07T05:31:56Z"}"#)
            #expect(result.status == 201)
            let body = result.object
            #expect(Set(body.keys) == ["id", "name", "description", "abilities", "timestamp", "_embedded", "_links"])
            #expect(body["name"] as? String == "svc_access")
            #expect(body["description"] as? String == "Vault-managed (Prod)")
            let timestamp = try #require(body["timestamp"] as? [String: Any])
            #expect(timestamp["expires_at"] as? String == "2030-11-07T05:31:56.000000Z")
            #expect(timestamp["last_used_at"] is NSNull)
            let id = try #require(body["id"] as? String)

            let listed = data(try await sandbox.get(.provisionr, "/workspace/tokens?filter[id]=\(id)"))
            #expect(listed.first?["name"] as? String == "svc_access")
            #expect(await sandbox.store.count(vendor: .provisionr, includeTrashed: false) == before + 1)
            let trashed = data(try await sandbox.get(.provisionr, "/workspace/tokens?filter[id]=\(id)&filter[trashed]=only"))
            #expect(trashed.isEmpty)

            // null expires_at means never.
            let never = try await sandbox.post(.provisionr, createPath, json: #"{"name":"n","description":"d","expires_at":null}"#)
            #expect(never.status == 201)
            #expect((never.object["timestamp"] as? [String: Any])?["expires_at"] is NSNull)
        }
    }
}
