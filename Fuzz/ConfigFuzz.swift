import Foundation
import TokenDeckCore

// libFuzzer entry for the config file's text handling, compiled by scripts/fuzz.sh against
// TokenDeckCore (an instrumented module), the TOML-free files of Sources/TokenDeckSync/Config and, when the
// package's TOMLKit build products are there, TOMLKit itself (`-D FUZZ_WITH_TOMLKIT`): then the
// whole parser — TOML, schema, key locations — runs on every input.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzConfig(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeRawBufferPointer(start: start, count: count), as: UTF8.self)
    if let problem = TOMLHeaderCheck.firstBadHeader(in: text) {
        precondition(problem.line >= 1 && problem.column >= 1 && !problem.message.isEmpty)
    }
    #if FUZZ_WITH_TOMLKIT
    do {
        let configuration = try Configuration.parse(text, path: "fuzz.toml")
        for account in configuration.accounts {
            precondition(!account.account.name.isEmpty)
            precondition(account.account.baseURL.scheme == "https" || account.account.baseURL.scheme == "http")
        }
    } catch {
        precondition(!error.description.isEmpty)
    }
    #endif
    let locator = KeyLocator(text: text)
    _ = locator.line(of: "vendor", in: .account(1))
    _ = locator.line(of: "theme", in: .top)
    _ = ConfigFileSecurity.firstSecretLookingLine(in: text)
    for line in text.split(separator: "\n").prefix(64) {
        _ = try? ShellWords.split(String(line))
        if case .success(let url) = BaseURLRule.validate(String(line)) {
            precondition(url.user == nil && url.password == nil && url.query == nil)
        }
    }
    return 0
}
