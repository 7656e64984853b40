import Foundation
import Testing
@testable import TokenDeckSandbox

/// `--request-log`: a line for every request answered, written before the answer is sent, so a
/// test that has its answer can count what reached the sandbox.
@Suite struct RequestLogTests {
    @Test func everyAnsweredRequestIsOneLineWithItsMethodPathAndStatus() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("requests-\(UUID().uuidString).log").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let configuration = SandboxConfiguration(port: 0, tokens: 100, now: Date(timeIntervalSince1970: 1_750_000_000), requestLog: path)
        try await withSandbox(configuration: configuration) { sandbox in
            _ = try await sandbox.get(.prefactor, "/api/v1/api_token?pagination[page_size]=5")
            let revoked = try await sandbox.post(.prefactor, "/api/v1/api_token/nope/revoke", json: "{}")
            #expect(revoked.status == 404)
            _ = try await sandbox.delete(.truefoundry, "/api/svc/v1/personal-access-tokens/nope")
            _ = try await sandbox.get(.metokens, "/api/v1/me/tokens", credential: .none)
        }
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(lines == [
            "GET /prefactor/api/v1/api_token 200",
            "POST /prefactor/api/v1/api_token/nope/revoke 404",
            "DELETE /truefoundry/api/svc/v1/personal-access-tokens/nope 404",
            "GET /metokens/api/v1/me/tokens 401",
        ])
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }
}
