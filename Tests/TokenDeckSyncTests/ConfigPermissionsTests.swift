import Foundation
import Testing
@testable import TokenDeckSync

@Suite("Config file permissions")
struct ConfigPermissionsTests {
    static let secretConfig = """
        [[accounts]]
        name = "a"
        vendor = "metokens"
        base_url = "https://x.io"
        token_command = "echo ghp_abcdefghijklmnop0123456789"
        """
    static let harmlessConfig = """
        [[accounts]]
        name = "a"
        vendor = "prefactor"
        base_url = "https://x.io"
        token_env = "PREFACTOR_TOKEN_2024"
        account_id = "01HQ8XABCDEF0123456789ABCD"
        """

    @Test func worldReadableFileWithASecretIsRefusedWithTheChmodThatFixesIt() throws {
        let path = try write(Self.secretConfig, mode: 0o644)
        do throws(ConfigError) {
            _ = try Configuration.load(path: path)
            Issue.record("a world-readable file holding a secret must be refused")
        } catch {
            #expect(error.kind == .insecurePermissions)
            #expect(error.description.hasPrefix("\(path):5: "))
            #expect(error.description.contains("chmod 600 \(path)"))
            #expect(error.description.contains("mode 0644"))
            #expect(!error.description.contains("ghp_"), "the refusal must not quote the secret")
        }
    }

    @Test func groupReadableFileWithASecretIsRefusedToo() throws {
        let path = try write(Self.secretConfig, mode: 0o640)
        #expect(throws: ConfigError.self) { try Configuration.load(path: path) }
    }

    @Test func privateFileWithASecretLoads() throws {
        let path = try write(Self.secretConfig, mode: 0o600)
        #expect(try Configuration.load(path: path)?.accounts.count == 1)
    }

    @Test func worldReadableFileWithoutSecretsLoads() throws {
        let path = try write(Self.harmlessConfig, mode: 0o644)
        #expect(try Configuration.load(path: path)?.accounts.count == 1)
    }

    @Test func worldReadableFileWhoseTokenCommandHoldsNoSecretLoads() throws {
        let text = Self.harmlessConfig.replacingOccurrences(
            of: "token_env = \"PREFACTOR_TOKEN_2024\"", with: "token_command = \"pass show acme/prefactor\"")
        let path = try write(text, mode: 0o644)
        #expect(try Configuration.load(path: path)?.accounts.count == 1)
    }

    @Test func aSymlinkIsJudgedByTheFileItPointsTo() throws {
        let target = try write(Self.secretConfig, mode: 0o600)
        let link = target + ".link.toml"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        #expect(try Configuration.load(path: link)?.accounts.count == 1)
    }

    @Test func secretSoundingKeyWithALiteralIsFoundEvenWhenTheKeyIsUnknown() {
        #expect(ConfigFileSecurity.firstSecretLookingLine(in: "theme = \"x\"\napi_key = \"short\"\n") == 2)
        #expect(ConfigFileSecurity.firstSecretLookingLine(in: "password = 'p'") == 1)
        #expect(ConfigFileSecurity.firstSecretLookingLine(in: "# token = \"commented out\"") == nil)
        #expect(ConfigFileSecurity.firstSecretLookingLine(in: "token_command = \"pass show acme/provisionr\"") == nil)
        #expect(ConfigFileSecurity.firstSecretLookingLine(in: "token_env = \"ACME_TOKEN\"") == nil)
    }

    @Test func bearerShapedWordsAreRecognised() {
        #expect(ConfigFileSecurity.looksLikeBearerToken("sk-live-0123456789ab"))
        #expect(ConfigFileSecurity.looksLikeBearerToken("a1b2c3d4e5f6a7b8c9d0e1f2a3b4"))
        #expect(!ConfigFileSecurity.looksLikeBearerToken("acme/provisionr"))
        #expect(!ConfigFileSecurity.looksLikeBearerToken("/usr/local/bin/get-token-2024-for-acme"))
        #expect(!ConfigFileSecurity.looksLikeBearerToken("just-a-long-name-without-digits"))
    }

    private func write(_ text: String, mode: Int) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("td-perm-\(UUID().uuidString).toml").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
        return path
    }
}
