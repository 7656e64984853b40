import Foundation
import Testing
@testable import TokenDeckSandbox

@Suite("Authentication and faults")
struct AuthAndFaultTests {
    private static func listPath(_ vendor: SandboxVendor) -> String { vendor.listPath }

    /// Checks `result` is the vendor's documented error body for `status`.
    private func expectErrorShape(_ result: HTTPResult, vendor: SandboxVendor, status: Int) {
        #expect(result.status == status, "\(vendor)")
        let body = result.object
        switch vendor {
        case .provisionr:
            #expect(result.header("Content-Type") == "application/json")
            #expect(body["message"] is String)
        case .prefactor:
            #expect(body["status"] as? String == "error")
            #expect(body["code"] is String)
            #expect(body["message"] is String)
        case .metokens:
            #expect(result.header("Content-Type") == "application/problem+json")
            #expect(body["type"] as? String == "about:blank")
            #expect(body["status"] as? Int == status)
            #expect(body["title"] is String)
            #expect(body["instance"] as? String == "/api/v1/me/tokens")
            #expect(body["trace_id"] is String)
        case .truefoundry:
            #expect(body["statusCode"] as? Int == status)
            #expect(body["message"] is String)
        }
    }

    @Test("A missing or wrong bearer token is a 401 in each vendor's own shape", arguments: SandboxVendor.allCases)
    func missingOrWrongTokenIs401(vendor: SandboxVendor) async throws {
        try await withSandbox { sandbox in
            for credential in [Credential.none, .header("Bearer nope"), .header("Basic \(vendor.bearerToken)"),
                               .header("Bearer \(SandboxVendor.allCases.first { $0 != vendor }?.bearerToken ?? "")")] {
                let result = try await sandbox.get(vendor, vendor.listPath, credential: credential)
                expectErrorShape(result, vendor: vendor, status: 401)
                #expect(result.header("WWW-Authenticate") == "Bearer")
            }
            #expect(try await sandbox.get(vendor, vendor.listPath, credential: .header("bearer \(vendor.bearerToken)")).status == 200)
        }
    }

    @Test("Provisionr's 401 says Unauthenticated.; Prefactor names the reason")
    func unauthenticatedMessages() async throws {
        try await withSandbox { sandbox in
            let provisionr = try await sandbox.get(.provisionr, "/workspace/tokens", credential: .none)
            #expect(provisionr.object["message"] as? String == "Unauthenticated.")
            let missing = try await sandbox.get(.prefactor, "/api/v1/api_token", credential: .none)
            #expect(missing.object["code"] as? String == "not_authenticated")
            let wrong = try await sandbox.get(.prefactor, "/api/v1/api_token", credential: .header("Bearer nope"))
            #expect(wrong.object["code"] as? String == "bad_authtoken")
        }
    }

    @Test("A forced status answers in the vendor's shape, for that vendor only and that many times", arguments: SandboxVendor.allCases)
    func forcedStatus(vendor: SandboxVendor) async throws {
        try await withSandbox { sandbox in
            let other = SandboxVendor.allCases.first { $0 != vendor } ?? .provisionr
            await sandbox.faults.force(.status(503), vendor: vendor, count: 2)
            #expect(try await sandbox.get(other, other.listPath).status == 200)
            expectErrorShape(try await sandbox.get(vendor, vendor.listPath), vendor: vendor, status: 503)
            expectErrorShape(try await sandbox.get(vendor, vendor.listPath), vendor: vendor, status: 503)
            #expect(try await sandbox.get(vendor, vendor.listPath).status == 200)
        }
    }

    @Test("A forced 401 looks like a real authentication failure")
    func forcedUnauthorized() async throws {
        try await withSandbox { sandbox in
            await sandbox.faults.force(.status(401), vendor: .provisionr, count: 1)
            let result = try await sandbox.get(.provisionr, "/workspace/tokens")
            #expect(result.status == 401)
            #expect(result.object["message"] as? String == "Unauthenticated.")
        }
    }

    @Test("rateLimited is a 429 with Retry-After, or without it when nil", arguments: SandboxVendor.allCases)
    func rateLimited(vendor: SandboxVendor) async throws {
        try await withSandbox { sandbox in
            await sandbox.faults.force(.rateLimited(retryAfter: 7), vendor: vendor)
            let limited = try await sandbox.get(vendor, vendor.listPath)
            expectErrorShape(limited, vendor: vendor, status: 429)
            #expect(limited.header("Retry-After") == "7")
            await sandbox.faults.force(.rateLimited(retryAfter: nil), vendor: vendor)
            let bare = try await sandbox.get(vendor, vendor.listPath)
            #expect(bare.status == 429)
            #expect(bare.header("Retry-After") == nil)
        }
    }

    @Test("truncatedBody is a 200 whose JSON stops half way", arguments: SandboxVendor.allCases)
    func truncatedBody(vendor: SandboxVendor) async throws {
        try await withSandbox { sandbox in
            let whole = try await sandbox.get(vendor, vendor.listPath)
            await sandbox.faults.force(.truncatedBody, vendor: vendor)
            let cut = try await sandbox.get(vendor, vendor.listPath)
            #expect(cut.status == 200)
            #expect(!cut.isValidJSON)
            #expect(abs(cut.body.count - whole.body.count / 2) < 64)
        }
    }

    @Test("wrongShape is a 200 with valid JSON that is not the documented body", arguments: SandboxVendor.allCases)
    func wrongShape(vendor: SandboxVendor) async throws {
        try await withSandbox { sandbox in
            await sandbox.faults.force(.wrongShape, vendor: vendor)
            let result = try await sandbox.get(vendor, vendor.listPath)
            #expect(result.status == 200)
            #expect(result.isValidJSON)
            let body = result.object
            #expect(!(body["data"] is [Any]) && !(body["summaries"] is [Any]))
        }
    }

    @Test("slow delays the normal answer")
    func slowResponse() async throws {
        try await withSandbox { sandbox in
            await sandbox.faults.force(.slow(seconds: 0.4), vendor: .metokens)
            let clock = ContinuousClock()
            let start = clock.now
            let result = try await sandbox.get(.metokens, "/api/v1/me/tokens")
            #expect(clock.now - start >= .milliseconds(400))
            #expect(result.status == 200)
            #expect(result.isValidJSON)
        }
    }

    @Test("Latency delays every response")
    func latency() async throws {
        try await withSandbox { sandbox in
            await sandbox.faults.setLatency(milliseconds: 150)
            let clock = ContinuousClock()
            let start = clock.now
            _ = try await sandbox.get(.truefoundry, SandboxVendor.truefoundry.listPath)
            _ = try await sandbox.get(.prefactor, SandboxVendor.prefactor.listPath)
            #expect(clock.now - start >= .milliseconds(300))
        }
    }

    @Test("endlessNextPage: every vendor's paging promises another page, even past the end")
    func endlessNextPage() async throws {
        try await withSandbox { sandbox in
            await sandbox.faults.force(.endlessNextPage, count: nil)
            let provisionr = try await sandbox.get(.provisionr, "/workspace/tokens?page[number]=9999").object
            #expect(provisionr["next_page_url"] is String)
            #expect((provisionr["data"] as? [Any])?.isEmpty == true)
            let prefactor = try await sandbox.get(.prefactor, "/api/v1/api_token?pagination[offset]=99999").object
            #expect((prefactor["pagination"] as? [String: Any])?["next_page_offset"] as? Int == 99999 + 25)
            let metokens = try await sandbox.get(.metokens, "/api/v1/me/tokens?page=9999").object
            #expect((metokens["links"] as? [String: Any])?["next"] is String)
            let truefoundry = try await sandbox.get(.truefoundry, "/api/svc/v1/personal-access-tokens?offset=99999&limit=10").object
            #expect(((truefoundry["pagination"] as? [String: Any])?["total"] as? Int ?? 0) > 99999 + 10)
            await sandbox.faults.clear()
            let normal = try await sandbox.get(.provisionr, "/workspace/tokens?page[number]=9999").object
            #expect(normal["next_page_url"] is NSNull)
        }
    }

    @Test("closeConnection drops the connection without an answer")
    func closeConnection() async throws {
        try await withSandbox { sandbox in
            await sandbox.faults.force(.closeConnection, vendor: .truefoundry)
            await #expect(throws: (any Error).self) {
                _ = try await sandbox.get(.truefoundry, SandboxVendor.truefoundry.listPath)
            }
            let after = try await sandbox.get(.truefoundry, SandboxVendor.truefoundry.listPath)
            #expect(after.status == 200)
        }
    }

    @Test("A fault rate of 1 faults every request with one of the random kinds; 0 faults none")
    func faultRate() async throws {
        let configuration = SandboxConfiguration(tokens: 100, slowResponseSeconds: 0.01)
        try await withSandbox(configuration: configuration) { sandbox in
            await sandbox.faults.setFaultRate(1)
            var statuses: Set<Int> = []
            var truncated = 0
            for _ in 0..<40 {
                let result = try await sandbox.get(.provisionr, "/workspace/tokens?page[size]=5")
                statuses.insert(result.status)
                if result.status == 200 && !result.isValidJSON { truncated += 1 }
                if result.status == 429 { #expect(result.header("Retry-After") == "1") }
            }
            #expect(statuses.isSubset(of: [200, 429, 500, 503]))
            #expect(statuses.contains(429) && statuses.contains(500) && statuses.contains(503))
            #expect(truncated > 0)
            await sandbox.faults.setFaultRate(0)
            for _ in 0..<10 {
                let result = try await sandbox.get(.provisionr, "/workspace/tokens?page[size]=5")
                #expect(result.status == 200 && result.isValidJSON)
            }
            #expect(await sandbox.faults.requestCount(vendor: .provisionr) == 50)
        }
    }
}
