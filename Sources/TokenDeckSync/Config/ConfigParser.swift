import Foundation
import TOMLKit
import TokenDeckCore

/// Turns config text into a `Configuration`, checking the schema strictly: unknown keys are
/// errors, because a typo silently ignored is a setting silently lost.
struct ConfigParser {
    static let topLevelKeys = ["theme", "page_size", "read_only", "accounts"]
    static let accountKeys = ["name", "vendor", "base_url", "token_env", "token_command", "service", "account_id"]

    let text: String
    let path: String
    private let locator: KeyLocator
    private var problems: [ConfigError] = []

    init(text: String, path: String) {
        self.text = text
        self.path = path
        self.locator = KeyLocator(text: text)
    }

    func parse() throws(ConfigError) -> Configuration {
        let table = try Self.table(text, path: path)
        var parser = self
        let configuration = parser.validate(table)
        // Report the first problem in the file, so fixing errors top to bottom always makes progress;
        // a missing key only when nothing else is wrong, since it is most often a key misspelt
        // further down (`tokn_env`), and the unknown key's "did you mean" is what helps.
        let byLine: (ConfigError, ConfigError) -> Bool = { ($0.line ?? Int.max) < ($1.line ?? Int.max) }
        if let first = parser.problems.filter({ $0.kind != .missingKey }).min(by: byLine) ?? parser.problems.min(by: byLine) {
            throw first
        }
        return configuration
    }

    // MARK: - Top level

    private mutating func validate(_ table: TOMLTable) -> Configuration {
        var configuration = Configuration(path: path)
        for key in table.keys where !Self.topLevelKeys.contains(key) {
            report(.unknownKey, key: key, keyPath: key, in: .top, Self.unknownKeyMessage(key, allowed: Self.topLevelKeys))
        }
        if let value = table["theme"] {
            if let theme = string(value, key: "theme", keyPath: "theme", in: .top, echo: true) {
                configuration.theme = theme
            }
        }
        if let value = table["page_size"] {
            if let size = value.int {
                if Configuration.pageSizeRange.contains(size) {
                    configuration.pageSize = size
                } else {
                    report(.invalidValue, key: "page_size", keyPath: "page_size", in: .top,
                           "\(size) is outside 1…1000")
                }
            } else {
                report(.invalidValue, key: "page_size", keyPath: "page_size", in: .top,
                       "must be an integer, not \(Self.typeName(value))")
            }
        }
        if let value = table["read_only"] {
            if let flag = value.bool {
                configuration.readOnly = flag
            } else {
                report(.invalidValue, key: "read_only", keyPath: "read_only", in: .top,
                       "must be true or false, not \(Self.typeName(value))")
            }
        }
        if let value = table["accounts"] {
            configuration.accounts = accounts(value)
        }
        return configuration
    }

    // MARK: - Accounts

    private mutating func accounts(_ value: any TOMLValueConvertible) -> [ConfiguredAccount] {
        guard let array = value.array else {
            report(.invalidValue, key: "accounts", keyPath: "accounts", in: .top,
                   "must be an array of tables ([[accounts]] blocks), not \(Self.typeName(value))")
            return []
        }
        var result: [ConfiguredAccount] = []
        var firstIndexByName: [String: Int] = [:]
        for (offset, element) in array.enumerated() {
            let number = offset + 1
            guard let table = element.table else {
                report(.invalidValue, key: "accounts", keyPath: "accounts[\(number)]", in: .top,
                       "must be a table, not \(Self.typeName(element))")
                continue
            }
            guard let account = account(table, number: number) else { continue }
            if let earlier = firstIndexByName[account.account.name] {
                report(.invalidValue, key: "name", keyPath: "accounts[\(number)].name", in: .account(number),
                       "\"\(Sanitizer.sanitize(account.account.name))\" is already the name of accounts[\(earlier)]; names must be unique")
                continue
            }
            firstIndexByName[account.account.name] = number
            result.append(account)
        }
        return result
    }

    private mutating func account(_ table: TOMLTable, number: Int) -> ConfiguredAccount? {
        let section = KeyLocator.Section.account(number)
        func keyPath(_ key: String) -> String { "accounts[\(number)].\(key)" }
        let problemsBefore = problems.count

        for key in table.keys where !Self.accountKeys.contains(key) {
            report(.unknownKey, key: key, keyPath: keyPath(key), in: section,
                   Self.unknownKeyMessage(key, allowed: Self.accountKeys))
        }

        let name = required("name", in: table, number: number).flatMap {
            string($0, key: "name", keyPath: keyPath("name"), in: section, echo: true)
        }
        if let name, name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            report(.invalidValue, key: "name", keyPath: keyPath("name"), in: section, "must not contain control characters")
        }

        var vendor: Vendor?
        if let value = required("vendor", in: table, number: number),
           let raw = string(value, key: "vendor", keyPath: keyPath("vendor"), in: section, echo: true) {
            vendor = Vendor(rawValue: raw)
            if vendor == nil {
                report(.invalidValue, key: "vendor", keyPath: keyPath("vendor"), in: section,
                       "\"\(Sanitizer.sanitize(raw))\" is not one of \(Vendor.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }

        var baseURL: URL?
        if let value = required("base_url", in: table, number: number),
           let raw = string(value, key: "base_url", keyPath: keyPath("base_url"), in: section, echo: false) {
            switch BaseURLRule.validate(raw) {
            case .success(let url): baseURL = url
            case .failure(let problem):
                report(.invalidValue, key: "base_url", keyPath: keyPath("base_url"), in: section, problem.message)
            }
        }

        let credential = credentialSource(table, number: number)

        var service: String?
        if let value = table["service"] {
            service = string(value, key: "service", keyPath: keyPath("service"), in: section, echo: true)
            if let vendor, vendor != .provisionr {
                report(.invalidValue, key: "service", keyPath: keyPath("service"), in: section,
                       "applies only to provisionr accounts, and this one is \(vendor.rawValue)")
            }
        }
        var accountID: String?
        if let value = table["account_id"] {
            accountID = string(value, key: "account_id", keyPath: keyPath("account_id"), in: section, echo: true)
            if let vendor, vendor != .prefactor {
                report(.invalidValue, key: "account_id", keyPath: keyPath("account_id"), in: section,
                       "applies only to prefactor accounts, and this one is \(vendor.rawValue)")
            }
        }

        guard problems.count == problemsBefore, let name, let vendor, let baseURL, let credential else { return nil }
        return ConfiguredAccount(
            account: Account(name: name, vendor: vendor, baseURL: baseURL, service: service, accountID: accountID),
            credential: credential)
    }

    private mutating func credentialSource(_ table: TOMLTable, number: Int) -> CredentialSource? {
        let section = KeyLocator.Section.account(number)
        let envValue = table["token_env"]
        let commandValue = table["token_command"]
        switch (envValue, commandValue) {
        case (nil, nil):
            report(.missingKey, key: nil, keyPath: "accounts[\(number)]", in: section,
                   "needs token_env (the name of an environment variable holding the token) or token_command (a program printing it)")
            return nil
        case (.some, .some):
            report(.invalidValue, key: "token_command", keyPath: "accounts[\(number)].token_command", in: section,
                   "give token_env or token_command, not both")
            return nil
        case (.some(let value), nil):
            let keyPath = "accounts[\(number)].token_env"
            // Not echoed: a common mistake is pasting the token itself here.
            guard let name = string(value, key: "token_env", keyPath: keyPath, in: section, echo: false) else { return nil }
            guard Self.isEnvironmentVariableName(name) else {
                report(.invalidValue, key: "token_env", keyPath: keyPath, in: section,
                       "must be the name of an environment variable (letters, digits and _), not the token itself")
                return nil
            }
            return .environment(name)
        case (nil, .some(let value)):
            let keyPath = "accounts[\(number)].token_command"
            var argv: [String]
            if let array = value.array {
                argv = []
                for element in array {
                    guard let word = element.string else {
                        report(.invalidValue, key: "token_command", keyPath: keyPath, in: section,
                               "as an array must hold only strings")
                        return nil
                    }
                    argv.append(word)
                }
            } else if let line = string(value, key: "token_command", keyPath: keyPath, in: section, echo: false) {
                do {
                    argv = try ShellWords.split(line)
                } catch {
                    report(.invalidValue, key: "token_command", keyPath: keyPath, in: section, "cannot be split into arguments: \(error)")
                    return nil
                }
            } else {
                return nil
            }
            guard let program = argv.first, !program.isEmpty else {
                report(.invalidValue, key: "token_command", keyPath: keyPath, in: section, "is empty")
                return nil
            }
            return .command(argv)
        }
    }

    // MARK: - Helpers

    private mutating func required(_ key: String, in table: TOMLTable, number: Int) -> (any TOMLValueConvertible)? {
        if let value = table[key] { return value }
        report(.missingKey, key: nil, keyPath: "accounts[\(number)].\(key)", in: .account(number), "is required")
        return nil
    }

    /// A non-empty string, or a reported problem. `echo` says whether the value may appear in messages.
    private mutating func string(
        _ value: any TOMLValueConvertible, key: String, keyPath: String, in section: KeyLocator.Section, echo: Bool
    ) -> String? {
        guard let text = value.string else {
            report(.invalidValue, key: key, keyPath: keyPath, in: section, "must be a string, not \(Self.typeName(value))")
            return nil
        }
        guard !text.allSatisfy(\.isWhitespace) else {
            report(.invalidValue, key: key, keyPath: keyPath, in: section, "must not be empty")
            return nil
        }
        return text
    }

    /// Records a problem at the line of `key` in `section` (the section's header when `key` is nil).
    private mutating func report(
        _ kind: ConfigError.Kind, key: String?, keyPath: String, in section: KeyLocator.Section, _ message: String
    ) {
        let line = key.flatMap { locator.line(of: $0, in: section) } ?? locator.headerLine(of: section)
        problems.append(ConfigError(kind: kind, path: path, line: line, key: keyPath, message: message))
    }

    /// `text` as TOML, or the syntax error at its line and column (shared with `PolicyParser`).
    static func table(_ text: String, path: String) throws(ConfigError) -> TOMLTable {
        // toml++ asserts (aborts) on a header like `[!]` instead of reporting it: refuse it first.
        if let problem = TOMLHeaderCheck.firstBadHeader(in: text) {
            throw ConfigError(kind: .syntax, path: path, line: problem.line, column: problem.column,
                              message: "invalid TOML: " + problem.message)
        }
        do {
            return try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw ConfigError(
                kind: .syntax, path: path, line: error.source.begin.line, column: error.source.begin.column,
                message: "invalid TOML: " + Sanitizer.sanitize(error.description))
        } catch {
            throw ConfigError(kind: .syntax, path: path, message: "invalid TOML")
        }
    }

    static func unknownKeyMessage(_ key: String, allowed: [String]) -> String {
        var message = "unknown key"
        if let suggestion = allowed.min(by: { editDistance(key, $0) < editDistance(key, $1) }),
           editDistance(key, suggestion) <= 2 {
            message += " (did you mean \(suggestion)?)"
        }
        return message + "; expected one of \(allowed.joined(separator: ", "))"
    }

    static func isEnvironmentVariableName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic) else {
            return false
        }
        return name.unicodeScalars.allSatisfy { $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) }
    }

    static func typeName(_ value: any TOMLValueConvertible) -> String {
        switch value.type {
        case .string: "a string"
        case .int: "an integer"
        case .double: "a number with a fraction"
        case .bool: "a boolean"
        case .table: "a table"
        case .array: "an array"
        case .date: "a date"
        case .time: "a time"
        case .dateTime: "a date-time"
        }
    }

    private static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
