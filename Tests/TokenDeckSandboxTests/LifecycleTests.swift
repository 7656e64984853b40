import Foundation
import Testing
@testable import TokenDeckSandbox

/// The lifecycle endpoints of `shared/specs/lifecycle-endpoints.md`, against the real server:
/// state changes last for the run, revoked is final, unknown ids and wrong states are refused
/// with the vendor's codes, deleted tokens leave the listing.
@Suite("Sandbox lifecycle: Prefactor and TrueFoundry")
struct LifecycleTests {
    /// The ids of the default Prefactor account's listing.
    func prefactorIDs(_ sandbox: RunningSandbox) async throws -> [String] {
        let page = try await sandbox.get(.prefactor, "/api/v1/api_token?pagination[page_size]=250").object
        let summaries = page["summaries"] as? [[String: Any]] ?? []
        return summaries.compactMap { $0["id"] as? String }
    }

    func activePrefactorID(_ sandbox: RunningSandbox) async throws -> String {
        let page = try await sandbox.get(.prefactor, "/api/v1/api_token?pagination[page_size]=250").object
        let summaries = page["summaries"] as? [[String: Any]] ?? []
        return try #require(summaries.first { $0["status"] as? String == "active" }?["id"] as? String)
    }

    @Test func prefactorSuspendActivateRevokeWithRevokedFinal() async throws {
        try await withSandbox(tokens: 200) { sandbox in
            let id = try await activePrefactorID(sandbox)
            let got = try await sandbox.get(.prefactor, "/api/v1/api_token/\(id)")
            #expect(got.status == 200)
            let details = try #require(got.object["details"] as? [String: Any])
            #expect(details["id"] as? String == id)
            #expect(details["status"] as? String == "active")
            #expect(details["token_scope"] is String)

            let suspended = try await sandbox.post(.prefactor, "/api/v1/api_token/\(id)/suspend", json: "{}")
            #expect(suspended.status == 200)
            #expect((suspended.object["details"] as? [String: Any])?["status"] as? String == "suspended")
            // It lasts: the listing and a get say so.
            let again = try await sandbox.get(.prefactor, "/api/v1/api_token/\(id)").object["details"] as? [String: Any]
            #expect(again?["status"] as? String == "suspended")

            let twice = try await sandbox.post(.prefactor, "/api/v1/api_token/\(id)/suspend", json: "{}")
            #expect(twice.status == 400)
            #expect(twice.object["code"] as? String == "invalid_action")
            #expect(twice.object["status"] as? String == "error")

            let active = try await sandbox.post(.prefactor, "/api/v1/api_token/\(id)/activate", json: "{}")
            #expect((active.object["details"] as? [String: Any])?["status"] as? String == "active")
            let revoked = try await sandbox.post(.prefactor, "/api/v1/api_token/\(id)/revoke", json: "{}")
            #expect((revoked.object["details"] as? [String: Any])?["status"] as? String == "revoked")
            for action in ["activate", "suspend", "revoke"] {
                let refused = try await sandbox.post(.prefactor, "/api/v1/api_token/\(id)/\(action)", json: "{}")
                #expect(refused.status == 400, "\(action) on a revoked token")
                #expect(refused.object["code"] as? String == "invalid_action")
            }
            let listed = try await sandbox.get(.prefactor, "/api/v1/api_token?pagination[page_size]=250").object["summaries"] as? [[String: Any]] ?? []
            let row = listed.first { $0["id"] as? String == id }
            #expect(row?["status"] as? String == "revoked")
        }
    }

    @Test func prefactorUnknownIDsAreNotFoundAndDeleteRemovesFromTheListing() async throws {
        try await withSandbox(tokens: 200) { sandbox in
            for path in ["/api/v1/api_token/nope", "/api/v1/api_token/nope/suspend"] {
                let result = path.hasSuffix("suspend")
                    ? try await sandbox.post(.prefactor, path, json: "{}")
                    : try await sandbox.get(.prefactor, path)
                #expect(result.status == 404)
                #expect(result.object["code"] as? String == "not_found")
            }
            let before = try await prefactorIDs(sandbox)
            let id = try #require(before.first)
            let deleted = try await sandbox.delete(.prefactor, "/api/v1/api_token/\(id)")
            #expect(deleted.status == 204)
            #expect(deleted.body.isEmpty)
            let after = try await prefactorIDs(sandbox)
            #expect(after.count == before.count - 1)
            #expect(!after.contains(id))
            let value1 = try await sandbox.delete(.prefactor, "/api/v1/api_token/\(id)")
            #expect(value1.status == 404)
            let value2 = try await sandbox.get(.prefactor, "/api/v1/api_token/\(id)")
            #expect(value2.status == 404)
        }
    }

    @Test func prefactorCreateShowsTheSecretOnceAndTheTokenIsListed() async throws {
        try await withSandbox(tokens: 200) { sandbox in
            let before = try await prefactorIDs(sandbox)
            let created = try await sandbox.post(.prefactor, "/api/v1/api_token",
                                                 json: #"{"details":{"token_scope":"account","expires_at":"2030-01-01T00:00:00Z"}}"#)
            #expect(created.status == 200)
            let secret = try #require(created.object["token"] as? String)
            #expect(secret.hasPrefix("pfx_"))
            let details = try #require(created.object["details"] as? [String: Any])
            let id = try #require(details["id"] as? String)
            #expect(details["status"] as? String == "active")
            #expect(details["token_scope"] as? String == "account")
            #expect(details["expires_at"] as? String == "2030-01-01T00:00:00Z")
            let after = try await prefactorIDs(sandbox)
            #expect(after.count == before.count + 1)
            #expect(after.contains(id))
            // The secret is shown once: neither the get nor the listing carries it.
            let got = try await sandbox.get(.prefactor, "/api/v1/api_token/\(id)")
            #expect(!got.text.contains(secret))
            let listing = try await sandbox.get(.prefactor, "/api/v1/api_token?pagination[page_size]=250")
            #expect(!listing.text.contains(secret))

            for body in [#"{"details":{"token_scope":"galaxy"}}"#, #"{"details":{"token_scope":"environment"}}"#, #"{}"#,
                         #"{"details":{"token_scope":"account","expires_at":"2001-01-01T00:00:00Z"}}"#] {
                let refused = try await sandbox.post(.prefactor, "/api/v1/api_token", json: body)
                #expect(refused.status == 400, "\(body)")
                #expect(refused.object["code"] as? String == "invalid_value")
            }
            let value3 = try await prefactorIDs(sandbox)
            #expect(value3.count == before.count + 1)
        }
    }

    func trueFoundryTotal(_ sandbox: RunningSandbox) async throws -> Int {
        let page = try await sandbox.get(.truefoundry, "/api/svc/v1/personal-access-tokens?limit=1").object
        return (page["pagination"] as? [String: Any])?["total"] as? Int ?? -1
    }

    @Test func trueFoundryCreateAndDeleteWithNameClashesRefused() async throws {
        try await withSandbox(tokens: 200) { sandbox in
            let total = try await trueFoundryTotal(sandbox)
            let created = try await sandbox.post(.truefoundry, "/api/svc/v1/personal-access-tokens",
                                                 json: #"{"name":"ci-runner","expirationDate":"2030-01-01T00:00:00.000Z"}"#)
            #expect(created.status == 200)
            let secret = try #require(created.object["token"] as? String)
            let pat = try #require(created.object["pat"] as? [String: Any])
            let id = try #require(pat["id"] as? String)
            #expect(pat["name"] as? String == "ci-runner")
            let value4 = try await trueFoundryTotal(sandbox)
            #expect(value4 == total + 1)
            let listing = try await sandbox.get(.truefoundry, "/api/svc/v1/personal-access-tokens?limit=1000")
            #expect(listing.text.contains(id))
            #expect(!listing.text.contains(secret))

            let clash = try await sandbox.post(.truefoundry, "/api/svc/v1/personal-access-tokens", json: #"{"name":"ci-runner"}"#)
            #expect(clash.status == 409)
            #expect(clash.object["statusCode"] as? Int == 409)
            let nameless = try await sandbox.post(.truefoundry, "/api/svc/v1/personal-access-tokens", json: #"{"name":"  "}"#)
            #expect(nameless.status == 400)

            let value5 = try await sandbox.delete(.truefoundry, "/api/svc/v1/personal-access-tokens/\(id)")
            #expect(value5.status == 200)
            let value6 = try await trueFoundryTotal(sandbox)
            #expect(value6 == total)
            let gone = try await sandbox.delete(.truefoundry, "/api/svc/v1/personal-access-tokens/\(id)")
            #expect(gone.status == 404)
            #expect(gone.object["statusCode"] as? Int == 404)
        }
    }

    @Test func provisionrAndMetokensHaveNoLifecycleEndpoints() async throws {
        try await withSandbox(tokens: 200) { sandbox in
            let value7 = try await sandbox.delete(.metokens, "/api/v1/me/tokens/1")
            #expect(value7.status == 404)
            let value8 = try await sandbox.post(.provisionr, "/workspace/tokens/x/revoke", json: "{}")
            #expect(value8.status == 404)
        }
    }
}
