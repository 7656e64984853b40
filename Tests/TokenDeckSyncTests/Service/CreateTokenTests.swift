import Foundation
import Testing
import TokenDeckCore
import TokenDeckSandbox
@testable import TokenDeckSync

/// `TokenService.createToken` against the in-process sandbox: one request per create, the token
/// (never its secret) in the cache at once, one `create` line in actions.log, and no request at
/// all for a request of another vendor than the account's.
@Suite("Creating tokens through the service")
struct CreateTokenTests {
    static func service(_ harness: SandboxHarness, log: ActionLog) throws -> TokenService {
        TokenService(accounts: harness.accounts(), cache: try TokenCache.inMemory(), transport: harness.transport,
                     retry: .fastForTests, actionLog: log)
    }

    static func scratchLog() -> ActionLog {
        ActionLog(path: FileManager.default.temporaryDirectory.appendingPathComponent("tokendeck-create-\(UUID().uuidString)/actions.log").path,
                  user: "tester")
    }

    static func lines(_ log: ActionLog) throws -> [[String: Any]] {
        let text = (try? String(contentsOfFile: log.path, encoding: .utf8)) ?? ""
        return try text.split(separator: "\n").map { try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
    }

    @Test func eachVendorsCreateIsOneRequestCachedWithoutItsSecretAndLoggedOnce() async throws {
        try await SandboxHarness.with(tokens: 100) { harness in
            let log = Self.scratchLog()
            let service = try Self.service(harness, log: log)
            let requests: [(account: String, vendor: SandboxVendor, request: CreateTokenRequest)] = [
                ("provisionr", .provisionr, .provisionr(ServiceAccessTokenRequest(service: "svc_sandbox", name: "n", description: "service check", expiresAt: nil))),
                ("prefactor-2", .prefactor, .prefactor(PrefactorTokenRequest(scope: .account, accountID: harness.sandbox.store.prefactorAccountIDs[1]))),
                ("truefoundry", .truefoundry, .trueFoundry(TrueFoundryTokenRequest(name: "service-check-\(UUID().uuidString.prefix(6))"))),
            ]
            var ids: [String] = []
            for (account, vendor, request) in requests {
                let before = await harness.sandbox.faults.requestCount(vendor: vendor)
                let created = try await service.createToken(account: account, request: request)
                #expect(await harness.sandbox.faults.requestCount(vendor: vendor) == before + 1)
                #expect(created.token.createdAt != nil)
                let cached = await service.cachedTokens(account: account).first { $0.id == created.token.id }
                #expect(cached != nil, "\(account): the new token is not cached")
                if let secret = created.secret {
                    #expect(cached?.rawJSON.contains(secret) == false)
                }
                ids.append(created.token.id)
            }
            let lines = try Self.lines(log)
            #expect(lines.map { $0["account"] as? String } == ["provisionr", "prefactor-2", "truefoundry"])
            #expect(lines.compactMap { $0["id"] as? String } == ids)
            #expect(lines.allSatisfy { $0["action"] as? String == "create" && $0["result"] as? String == "created" && $0["user"] as? String == "tester" })
        }
    }

    @Test func aRequestOfAnotherVendorIsRefusedWithoutARequestOrALogLine() async throws {
        try await SandboxHarness.with(tokens: 50) { harness in
            let log = Self.scratchLog()
            let service = try Self.service(harness, log: log)
            let before = await harness.sandbox.faults.requestCount(vendor: .truefoundry)
            await #expect(throws: VendorError.self) {
                try await service.createToken(account: "truefoundry", request: .prefactor(PrefactorTokenRequest(scope: .account)))
            }
            do throws(VendorError) {
                _ = try await service.createToken(account: "metokens", request: .trueFoundry(TrueFoundryTokenRequest(name: "x")))
                Issue.record("metokens created a token")
            } catch {
                #expect(error.code == "unsupported")
                #expect(error.message == "account metokens is at metokens, which documents no way to create tokens")
            }
            #expect(await harness.sandbox.faults.requestCount(vendor: .truefoundry) == before)
            #expect(try Self.lines(log).isEmpty)
        }
    }

    @Test func aTakenTrueFoundryNameIsA409LoggedAsAnError() async throws {
        try await SandboxHarness.with(tokens: 50) { harness in
            let log = Self.scratchLog()
            let service = try Self.service(harness, log: log)
            let request = CreateTokenRequest.trueFoundry(TrueFoundryTokenRequest(name: "twice-\(UUID().uuidString.prefix(6))"))
            _ = try await service.createToken(account: "truefoundry", request: request)
            do throws(VendorError) {
                _ = try await service.createToken(account: "truefoundry", request: request)
                Issue.record("the same name was created twice")
            } catch {
                #expect(error.status == 409)
                #expect(CreateErrorPlacement(error).fields[.name]?.contains("already exists") == true)
            }
            let lines = try Self.lines(log)
            #expect(lines.map { $0["result"] as? String } == ["created", "error"])
            #expect(lines.last?["status"] as? Int == 409)
        }
    }
}
