import Foundation
import Testing
import TokenDeckCore
@testable import TokenDeckSync

@Suite("Configuration parsing")
struct ConfigParsingTests {
    static let valid = """
        theme = "default"
        page_size = 250
        read_only = true

        [[accounts]]
        name = "acme-prod"
        vendor = "provisionr"                              # the comment is fine
        base_url = "https://wks-a1b2c3d4.provisionr.io/api/v1/"
        token_env = "ACME_PROVISIONR_TOKEN"
        service = "svc_123"

        [[accounts]]
        name = "agents"
        vendor = "prefactor"
        base_url = "http://127.0.0.1:8080/prefactor"
        token_command = "pass show 'acme/prefactor token'"
        account_id = "013xyz"

        [[accounts]]
        name = "me"
        vendor = "metokens"
        base_url = "http://[::1]:9000/metokens"
        token_command = ["op", "read", "op://vault/me/token"]

        [[accounts]]
        name = "tf"
        vendor = "truefoundry"
        base_url = "http://localhost/truefoundry"
        token_env = "TF_TOKEN"
        """

    @Test func validFileGivesEveryAccountWithItsCredentialSource() throws {
        let config = try Configuration.parse(Self.valid, path: "config.toml")
        #expect(config.theme == "default")
        #expect(config.pageSize == 250)
        #expect(config.readOnly)
        #expect(config.path == "config.toml")
        #expect(config.accounts.map(\.account.name) == ["acme-prod", "agents", "me", "tf"])
        #expect(config.accounts.map(\.account.vendor) == [.provisionr, .prefactor, .metokens, .truefoundry])
        let first = config.accounts[0]
        // The trailing slash is dropped so adapters can append paths.
        #expect(first.account.baseURL.absoluteString == "https://wks-a1b2c3d4.provisionr.io/api/v1")
        #expect(first.account.service == "svc_123")
        #expect(first.credential == .environment("ACME_PROVISIONR_TOKEN"))
        #expect(config.accounts[1].account.accountID == "013xyz")
        #expect(config.accounts[1].credential == .command(["pass", "show", "acme/prefactor token"]))
        #expect(config.accounts[2].credential == .command(["op", "read", "op://vault/me/token"]))
        #expect(config.account(named: "tf")?.credential == .environment("TF_TOKEN"))
    }

    @Test func defaultsApplyWhenTopLevelKeysAreAbsent() throws {
        let config = try Configuration.parse("", path: "c.toml")
        #expect(config.theme == nil)
        #expect(config.pageSize == 100)
        #expect(config.readOnly == false)
        #expect(config.accounts.isEmpty)
    }

    @Test func badVendorNamesFileLineKeyAndTheChoices() {
        let text = Self.valid.replacingOccurrences(of: "vendor = \"prefactor\"", with: "vendor = \"provisoner\"")
        let error = parseError(text)
        #expect(error?.kind == .invalidValue)
        #expect(error?.description == #"config.toml:14: accounts[2].vendor: "provisoner" is not one of provisionr, prefactor, metokens, truefoundry"#)
    }

    @Test func unknownTopLevelKeyIsAnErrorWithASuggestion() {
        let error = parseError("theme = \"x\"\npage_sise = 10\n")
        #expect(error?.kind == .unknownKey)
        #expect(error?.line == 2)
        #expect(error?.key == "page_sise")
        #expect(error?.message.contains("did you mean page_size?") == true)
    }

    @Test func unknownAccountKeyNamesTheAccountAndLine() {
        let text = Self.valid.replacingOccurrences(of: "service = \"svc_123\"", with: "servise = \"svc_123\"")
        let error = parseError(text)
        #expect(error?.kind == .unknownKey)
        #expect(error?.line == 10)
        #expect(error?.key == "accounts[1].servise")
    }

    @Test func unknownTableIsAnError() {
        let error = parseError("page_size = 10\n\n[settings]\ncolor = true\n")
        #expect(error?.kind == .unknownKey)
        #expect(error?.line == 3)
        #expect(error?.key == "settings")
    }

    @Test func pageSizeOutOfRangeOrWrongTypeIsAnError() {
        #expect(parseError("page_size = 0")?.description == "config.toml:1: page_size: 0 is outside 1…1000")
        #expect(parseError("page_size = 1001")?.line == 1)
        #expect(parseError("\npage_size = \"100\"")?.description == "config.toml:2: page_size: must be an integer, not a string")
        #expect(parseError("read_only = 1")?.description == "config.toml:1: read_only: must be true or false, not an integer")
    }

    @Test func plainHTTPIsRefusedForNonLoopbackHosts() {
        let text = account(baseURL: "http://tokens.example.com/api")
        let error = parseError(text)
        #expect(error?.line == 4)
        #expect(error?.key == "accounts[1].base_url")
        #expect(error?.message.contains("not loopback") == true)
    }

    @Test(arguments: ["http://127.0.0.1:8080/x", "http://127.9.8.7/x", "http://localhost:1/x", "http://[::1]:18080/x", "https://example.com"])
    func loopbackAndHTTPSAreAccepted(url: String) throws {
        let config = try Configuration.parse(account(baseURL: url), path: "config.toml")
        #expect(config.accounts.count == 1)
    }

    @Test(arguments: ["http://128.0.0.1/x", "http://localhost.evil.com/x", "http://127.0.0.1.evil.com/x", "ftp://127.0.0.1/x", "not a url", "https:///nohost"])
    func otherURLsAreRefused(url: String) {
        #expect(parseError(account(baseURL: url))?.key == "accounts[1].base_url")
    }

    @Test func userInfoInBaseURLIsRefusedWithoutEchoingIt() {
        let error = parseError(account(baseURL: "https://bob:hunter2secret@example.com/api"))
        #expect(error?.key == "accounts[1].base_url")
        #expect(error.map { !$0.description.contains("hunter2secret") } == true)
    }

    @Test func duplicateAccountNamesAreRefusedAtTheSecondOne() {
        let text = Self.valid.replacingOccurrences(of: "name = \"me\"", with: "name = \"acme-prod\"")
        let error = parseError(text)
        #expect(error?.description == #"config.toml:20: accounts[3].name: "acme-prod" is already the name of accounts[1]; names must be unique"#)
    }

    @Test func bothTokenEnvAndTokenCommandIsAnError() {
        let text = account(extra: "token_command = \"pass show x\"")
        let error = parseError(text)
        #expect(error?.key == "accounts[1].token_command")
        #expect(error?.line == 6)
        #expect(error?.message == "give token_env or token_command, not both")
    }

    @Test func neitherTokenEnvNorTokenCommandNamesTheAccountHeader() {
        let text = "\n[[accounts]]\nname = \"a\"\nvendor = \"metokens\"\nbase_url = \"https://x.io\"\n"
        let error = parseError(text)
        #expect(error?.kind == .missingKey)
        #expect(error?.line == 2)
        #expect(error?.key == "accounts[1]")
    }

    @Test func missingRequiredKeyIsNamed() {
        let error = parseError("[[accounts]]\nname = \"a\"\nbase_url = \"https://x.io\"\ntoken_env = \"X\"\n")
        #expect(error?.description == "config.toml:1: accounts[1].vendor: is required")
    }

    @Test func emptyNameIsRefused() {
        let error = parseError(account(name: "  "))
        #expect(error?.description == "config.toml:2: accounts[1].name: must not be empty")
    }

    @Test func tokenPastedIntoTokenEnvIsRefusedWithoutEchoingIt() {
        let text = account(tokenEnv: "sk-live-abcdef0123456789abcdef")
        let error = parseError(text)
        #expect(error?.key == "accounts[1].token_env")
        #expect(error.map { !$0.description.contains("abcdef0123") } == true)
    }

    @Test func unterminatedQuoteInTokenCommandIsReportedWithoutTheCommand() {
        let text = "[[accounts]]\nname = \"a\"\nvendor = \"metokens\"\nbase_url = \"https://x.io\"\ntoken_command = \"echo 'sekrit-value\"\n"
        let error = parseError(text)
        #expect(error?.description == "config.toml:5: accounts[1].token_command: cannot be split into arguments: unterminated ' quote")
    }

    @Test func serviceOnANonProvisionrAccountIsAnError() {
        let text = "[[accounts]]\nname = \"a\"\nvendor = \"metokens\"\nbase_url = \"https://x.io\"\ntoken_env = \"X\"\nservice = \"svc\"\n"
        #expect(parseError(text)?.description == "config.toml:6: accounts[1].service: applies only to provisionr accounts, and this one is metokens")
    }

    @Test func tomlSyntaxErrorGivesLineAndColumn() {
        let error = parseError("theme = \"default\"\npage_size = = 3\n")
        #expect(error?.kind == .syntax)
        #expect(error?.line == 2)
        #expect(error?.column != nil)
        #expect(error?.description.hasPrefix("config.toml:2:") == true)
    }

    @Test func theFirstProblemInTheFileIsReported() {
        // `vendor` sorts after `base_url` but comes first in the file.
        let text = "[[accounts]]\nname = \"a\"\nvendor = \"nope\"\nbase_url = \"ftp://x\"\ntoken_env = \"X\"\n"
        #expect(parseError(text)?.key == "accounts[1].vendor")
    }

    @Test func loadWithoutAPathAndNoDefaultFileReturnsNil() throws {
        // defaultPath depends on the environment; a given missing path must be an error instead.
        let missing = FileManager.default.temporaryDirectory.appendingPathComponent("td-missing-\(UUID().uuidString).toml").path
        #expect(throws: ConfigError.self) { try Configuration.load(path: missing) }
        do {
            _ = try Configuration.load(path: missing)
        } catch {
            #expect(error.kind == .fileNotFound)
            #expect(error.description.contains("tokendeck sandbox --write-config"))
        }
    }

    @Test func defaultPathsFollowXDGLayout() {
        #expect(Configuration.defaultPath.hasSuffix("/tokendeck/config.toml"))
        #expect(Configuration.defaultCachePath.hasSuffix("/tokendeck/cache.sqlite"))
    }

    // MARK: - Helpers

    private func parseError(_ text: String) -> ConfigError? {
        do {
            _ = try Configuration.parse(text, path: "config.toml")
            return nil
        } catch {
            return error
        }
    }

    private func account(
        name: String = "a", baseURL: String = "https://x.io/api", tokenEnv: String = "A_TOKEN", extra: String = ""
    ) -> String {
        """
        [[accounts]]
        name = "\(name)"
        vendor = "provisionr"
        base_url = "\(baseURL)"
        token_env = "\(tokenEnv)"
        \(extra)
        """
    }
}
