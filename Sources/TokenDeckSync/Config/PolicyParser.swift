import Foundation
import TOMLKit
import TokenDeckCore

/// Turns `policy.toml` into an `AuditPolicy`, strictly, as `ConfigParser` does the config: an
/// unknown key is an error naming its line and the keys allowed, a wrong value names the key, and
/// the first problem in the file is the one reported.
///
///     max_lifetime_days = 365          # and max_unused_days, max_stale_days, warn_before_expiry_days
///     require_expiry = true
///     [vendors.truefoundry]            # overrides for one vendor…
///     require_expiry = false
///     [accounts.acme-prod]             # …then for one configured account
///     max_lifetime_days = 90
///     [[exceptions]]
///     id = "tok_123"
///     account = "acme-prod"            # optional: else the id at any account
///     reason = "break-glass, rotated by hand"
///     until = 2027-03-01
struct PolicyParser {
    static let ruleKeys = ["max_lifetime_days", "max_unused_days", "max_stale_days", "require_expiry", "warn_before_expiry_days"]
    static let topLevelKeys = ruleKeys + ["vendors", "accounts", "exceptions"]
    static let exceptionKeys = ["id", "account", "reason", "until"]
    /// A limit in days: 0 turns the rule off (in an override, where the file's rule is on).
    static let dayRange = 0...36_500

    let text: String
    let path: String
    private let locator: KeyLocator
    private var problems: [ConfigError] = []

    init(text: String, path: String) {
        self.text = text
        self.path = path
        locator = KeyLocator(text: text)
    }

    func parse() throws(ConfigError) -> AuditPolicy {
        let table = try ConfigParser.table(text, path: path)
        var parser = self
        let policy = parser.validate(table)
        if let first = parser.problems.min(by: { ($0.line ?? Int.max) < ($1.line ?? Int.max) }) { throw first }
        return policy
    }

    private mutating func validate(_ table: TOMLTable) -> AuditPolicy {
        for key in table.keys where !Self.topLevelKeys.contains(key) {
            report(.unknownKey, key: key, keyPath: key, in: .top, ConfigParser.unknownKeyMessage(key, allowed: Self.topLevelKeys))
        }
        var policy = AuditPolicy(rules: AuditPolicy.builtIn.rules.overridden(by: rules(table, prefix: "", in: .top, checkKeys: false)),
                                 path: path)
        for (name, value) in overrides(table, key: "vendors") {
            guard let vendor = Vendor(rawValue: name) else {
                report(.invalidValue, key: nil, keyPath: "vendors.\(name)", in: .other("vendors.\(name)"),
                       "\"\(Sanitizer.sanitize(name))\" is not one of \(Vendor.allCases.map(\.rawValue).joined(separator: ", "))")
                continue
            }
            policy.vendorRules[vendor] = rules(value, prefix: "vendors.\(name).", in: .other("vendors.\(name)"), checkKeys: true)
        }
        for (name, value) in overrides(table, key: "accounts") {
            policy.accountRules[name] = rules(value, prefix: "accounts.\(name).", in: .other("accounts.\(name)"), checkKeys: true)
        }
        if let value = table["exceptions"] {
            policy.exceptions = exceptions(value)
        }
        return policy
    }

    /// The tables under `key` (`[vendors.NAME]`), by name.
    private mutating func overrides(_ table: TOMLTable, key: String) -> [(String, TOMLTable)] {
        guard let value = table[key] else { return [] }
        guard let tables = value.table else {
            report(.invalidValue, key: key, keyPath: key, in: .top, "must be a table of tables ([\(key).NAME]), not \(ConfigParser.typeName(value))")
            return []
        }
        var result: [(String, TOMLTable)] = []
        for name in tables.keys.sorted() {
            guard let inner = tables[name]?.table else {
                report(.invalidValue, key: key, keyPath: "\(key).\(name)", in: .top, "must be a table ([\(key).\(name)])")
                continue
            }
            result.append((name, inner))
        }
        return result
    }

    private mutating func rules(_ table: TOMLTable, prefix: String, in section: KeyLocator.Section, checkKeys: Bool) -> AuditPolicy.Rules {
        if checkKeys {
            for key in table.keys where !Self.ruleKeys.contains(key) {
                report(.unknownKey, key: key, keyPath: prefix + key, in: section, ConfigParser.unknownKeyMessage(key, allowed: Self.ruleKeys))
            }
        }
        var rules = AuditPolicy.Rules()
        rules.maxLifetimeDays = days(table, "max_lifetime_days", prefix: prefix, in: section)
        rules.maxUnusedDays = days(table, "max_unused_days", prefix: prefix, in: section)
        rules.maxStaleDays = days(table, "max_stale_days", prefix: prefix, in: section)
        rules.warnBeforeExpiryDays = days(table, "warn_before_expiry_days", prefix: prefix, in: section)
        if let value = table["require_expiry"] {
            if let flag = value.bool {
                rules.requireExpiry = flag
            } else {
                report(.invalidValue, key: "require_expiry", keyPath: prefix + "require_expiry", in: section,
                       "must be true or false, not \(ConfigParser.typeName(value))")
            }
        }
        return rules
    }

    /// A limit in days; 0 (off) is kept as 0, which `AuditPolicy.violations` reads as no limit.
    private mutating func days(_ table: TOMLTable, _ key: String, prefix: String, in section: KeyLocator.Section) -> Int? {
        guard let value = table[key] else { return nil }
        guard let number = value.int else {
            report(.invalidValue, key: key, keyPath: prefix + key, in: section, "must be a whole number of days, not \(ConfigParser.typeName(value))")
            return nil
        }
        guard Self.dayRange.contains(number) else {
            report(.invalidValue, key: key, keyPath: prefix + key, in: section, "\(number) is outside 0…36500 (0 turns the rule off)")
            return nil
        }
        return number
    }

    private mutating func exceptions(_ value: any TOMLValueConvertible) -> [AuditPolicy.Exception] {
        guard let array = value.array else {
            report(.invalidValue, key: "exceptions", keyPath: "exceptions", in: .top,
                   "must be an array of tables ([[exceptions]] blocks), not \(ConfigParser.typeName(value))")
            return []
        }
        var result: [AuditPolicy.Exception] = []
        for (offset, element) in array.enumerated() {
            let number = offset + 1
            let section = KeyLocator.Section.element("exceptions", number)
            let prefix = "exceptions[\(number)]."
            guard let table = element.table else {
                report(.invalidValue, key: "exceptions", keyPath: "exceptions[\(number)]", in: .top, "must be a table, not \(ConfigParser.typeName(element))")
                continue
            }
            for key in table.keys where !Self.exceptionKeys.contains(key) {
                report(.unknownKey, key: key, keyPath: prefix + key, in: section, ConfigParser.unknownKeyMessage(key, allowed: Self.exceptionKeys))
            }
            let id = text(table, "id", prefix: prefix, in: section, required: true)
            let account = text(table, "account", prefix: prefix, in: section, required: false)
            let reason = text(table, "reason", prefix: prefix, in: section, required: true)
            let until = date(table, "until", prefix: prefix, in: section)
            if let id, let reason, let until {
                result.append(AuditPolicy.Exception(id: id, account: account, reason: reason, until: until))
            }
        }
        return result
    }

    private mutating func text(_ table: TOMLTable, _ key: String, prefix: String, in section: KeyLocator.Section, required: Bool) -> String? {
        guard let value = table[key] else {
            if required {
                problems.append(ConfigError(kind: .missingKey, path: path, line: locator.headerLine(of: section), key: prefix + key,
                                            message: "is required"))
            }
            return nil
        }
        guard let string = value.string, !string.trimmingCharacters(in: .whitespaces).isEmpty else {
            report(.invalidValue, key: key, keyPath: prefix + key, in: section, "must be a non-empty string, not \(ConfigParser.typeName(value))")
            return nil
        }
        return string
    }

    /// A TOML date (`2027-03-01`), or a date-time whose UTC day counts.
    private mutating func date(_ table: TOMLTable, _ key: String, prefix: String, in section: KeyLocator.Section) -> Date? {
        guard let value = table[key] else {
            problems.append(ConfigError(kind: .missingKey, path: path, line: locator.headerLine(of: section), key: prefix + key,
                                        message: "is required (a date: until = 2027-03-01)"))
            return nil
        }
        // (The closure's type picks the date-time's own `date`, not the protocol's `date` accessor, which is nil for it.)
        let day = value.date ?? value.dateTime.map { (dateTime: TOMLDateTime) -> TOMLDate in dateTime.date }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        guard let day, let date = calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day)) else {
            report(.invalidValue, key: key, keyPath: prefix + key, in: section,
                   "must be a date (until = 2027-03-01), not \(ConfigParser.typeName(value))")
            return nil
        }
        return date
    }

    private mutating func report(_ kind: ConfigError.Kind, key: String?, keyPath: String, in section: KeyLocator.Section, _ message: String) {
        let line = key.flatMap { locator.line(of: $0, in: section) } ?? locator.headerLine(of: section)
        problems.append(ConfigError(kind: kind, path: path, line: line, key: keyPath, message: message))
    }
}

extension AuditPolicy {
    /// `$XDG_CONFIG_HOME/tokendeck/policy.toml`, default `~/.config/tokendeck/policy.toml`.
    public static var defaultPath: String {
        (Configuration.defaultPath as NSString).deletingLastPathComponent + "/policy.toml"
    }

    /// The policy at `path`, or at `defaultPath` when nil; the built-in one when no path was given
    /// and the default file does not exist. A path given that does not exist is an error.
    public static func load(path: String?) throws(ConfigError) -> AuditPolicy {
        let resolved = path ?? defaultPath
        guard FileManager.default.fileExists(atPath: resolved) else {
            if path == nil { return .builtIn }
            throw ConfigError(kind: .fileNotFound, path: resolved, message: "no such file (see policy.example.toml in the docs)")
        }
        guard let data = FileManager.default.contents(atPath: resolved) else {
            throw ConfigError(kind: .unreadable, path: resolved, message: "cannot be read (check its permissions)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(kind: .unreadable, path: resolved, message: "is not UTF-8 text")
        }
        return try parse(text, path: resolved)
    }

    /// Validates `text` as a policy; `path` only names the file in errors.
    public static func parse(_ text: String, path: String) throws(ConfigError) -> AuditPolicy {
        try PolicyParser(text: text, path: path).parse()
    }
}
