import Foundation
import Testing
import TokenDeckCore
@testable import TokenDeckSync

/// The config fuzzer's saved inputs (Tests/TokenDeckCoreTests/FuzzRegressions/config-*), replayed
/// through the whole parser as Fuzz/ConfigFuzz.swift runs it: parse, or refuse with a located,
/// inert message — never abort. `config-crash-7a28…` aborted the process inside toml++ before
/// TOMLHeaderCheck (`[[\u{FFFD}ccounts]]`).
@Suite("Config fuzz regressions")
struct ConfigFuzzRegressionTests {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("TokenDeckCoreTests/FuzzRegressions")

    static func inputs() throws -> [(name: String, text: String)] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasPrefix("config-") }.sorted()
            .map { name in
                let data = try Data(contentsOf: directory.appendingPathComponent(name))
                return (name, String(decoding: data, as: UTF8.self))
            }
    }

    @Test("Every saved config input parses or is refused with a located, inert message")
    func everySavedInputIsHandled() throws {
        let inputs = try Self.inputs()
        #expect(inputs.count >= 2, "no config inputs in \(Self.directory.path)")
        for (name, text) in inputs {
            do {
                let configuration = try Configuration.parse(text, path: "fuzz.toml")
                for account in configuration.accounts {
                    #expect(!account.account.name.isEmpty, "\(name)")
                    #expect(["https", "http"].contains(account.account.baseURL.scheme ?? ""), "\(name)")
                }
            } catch {
                #expect(error.description.hasPrefix("fuzz.toml:"), "\(name): \(error.description)")
                #expect(Sanitizer.isSafe(error.description), "\(name): \(error.description)")
            }
            // The rest of the config text handling, as the fuzz target runs it.
            _ = KeyLocator(text: text).line(of: "vendor", in: .account(1))
            _ = ConfigFileSecurity.firstSecretLookingLine(in: text)
        }
    }

    @Test("The valid seed parses to its one account")
    func validSeedParses() throws {
        let text = try #require(try Self.inputs().first { $0.name == "config-seed-valid" }?.text)
        let configuration = try Configuration.parse(text, path: "fuzz.toml")
        #expect(configuration.accounts.map(\.account.name) == ["a"])
        #expect(configuration.accounts.first?.credential == .command(["pass", "show", "a b", "c"]))
        #expect(configuration.pageSize == 100)
    }

    @Test("The crasher the fuzzer found is now a syntax error at its header", arguments: [
        ("config-crash-7a2864043bf58b84494b4be69746cb2abadb0008", 4, 3),
        ("config-header-bang", 1, 2),
        ("config-header-bidi", 2, 4),
        ("config-header-open-bracket", 1, 2),
    ])
    func crasherIsASyntaxError(name: String, line: Int, column: Int) throws {
        let text = try #require(try Self.inputs().first { $0.name == name }?.text)
        #expect(throws: ConfigError.self) { try Configuration.parse(text, path: "fuzz.toml") }
        do {
            _ = try Configuration.parse(text, path: "fuzz.toml")
        } catch {
            #expect(error.kind == .syntax)
            #expect(error.line == line)
            #expect(error.column == column)
            #expect(error.message.contains("a table header must start with a name"))
        }
    }
}

@Suite("Config problems people make")
struct ConfigTypoTests {
    @Test("A misspelt credential key is named with a suggestion, not reported as a missing credential")
    func misspeltTokenEnvIsNamed() {
        let text = "[[accounts]]\nname = \"a\"\nvendor = \"prefactor\"\nbase_url = \"http://127.0.0.1:9/p\"\ntokn_env = \"X\"\n"
        do {
            _ = try Configuration.parse(text, path: "c.toml")
            Issue.record("a config without a credential parsed")
        } catch {
            #expect(error.kind == .unknownKey)
            #expect(error.line == 5)
            #expect(error.key == "accounts[1].tokn_env")
            #expect(error.description.contains("did you mean token_env?"), "\(error.description)")
        }
    }

    @Test("Alone, a missing credential is still reported at the account's header")
    func missingCredentialAloneIsReported() {
        let text = "[[accounts]]\nname = \"a\"\nvendor = \"prefactor\"\nbase_url = \"http://127.0.0.1:9/p\"\n"
        #expect(throws: ConfigError.self) { try Configuration.parse(text, path: "c.toml") }
        do { _ = try Configuration.parse(text, path: "c.toml") } catch {
            #expect(error.kind == .missingKey)
            #expect(error.line == 1)
        }
    }
}
