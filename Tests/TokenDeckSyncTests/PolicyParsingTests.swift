import Foundation
import Testing
import TokenDeckCore
@testable import TokenDeckSync

@Suite("Policy parsing")
struct PolicyParsingTests {
    static let everyKey = """
        max_lifetime_days = 180
        max_unused_days = 30
        max_stale_days = 60
        require_expiry = true
        warn_before_expiry_days = 14

        [vendors.truefoundry]
        require_expiry = false
        max_lifetime_days = 0

        [accounts.acme-prod]
        max_unused_days = 10
        max_stale_days = 20
        warn_before_expiry_days = 7

        [[exceptions]]
        id = "tok_1"
        account = "acme-prod"
        reason = "break-glass"
        until = 2027-03-01

        [[exceptions]]
        id = "tok_2"
        reason = "migrating"
        until = 2027-01-15T12:00:00Z
        """

    static func error(_ text: String) -> ConfigError? {
        do {
            _ = try AuditPolicy.parse(text, path: "policy.toml")
            return nil
        } catch {
            return error
        }
    }

    @Test func everyKeyIsRead() throws {
        let policy = try AuditPolicy.parse(Self.everyKey, path: "policy.toml")
        #expect(policy.rules == .init(maxLifetimeDays: 180, maxUnusedDays: 30, maxStaleDays: 60, requireExpiry: true, warnBeforeExpiryDays: 14))
        #expect(policy.vendorRules == [.truefoundry: .init(maxLifetimeDays: 0, requireExpiry: false)])
        #expect(policy.accountRules == ["acme-prod": .init(maxUnusedDays: 10, maxStaleDays: 20, warnBeforeExpiryDays: 7)])
        #expect(policy.exceptions.map(\.id) == ["tok_1", "tok_2"])
        #expect(policy.exceptions.map(\.account) == ["acme-prod", nil])
        #expect(policy.exceptions.map(\.reason) == ["break-glass", "migrating"])
        #expect(policy.exceptions.map { $0.until.timeIntervalSince1970 } == [1_803_859_200, 1_799_971_200])
        #expect(policy.path == "policy.toml")
    }

    @Test func aRuleNotInTheFileKeepsTheBuiltInOne() throws {
        let policy = try AuditPolicy.parse("max_lifetime_days = 90\n", path: "p.toml")
        #expect(policy.rules == .init(maxLifetimeDays: 90, maxUnusedDays: 45, maxStaleDays: 90, requireExpiry: true, warnBeforeExpiryDays: 30))
        #expect(try AuditPolicy.parse("", path: "p.toml").rules == AuditPolicy.builtIn.rules)
    }

    @Test func syntaxErrorsHaveLineAndColumn() {
        let error = Self.error("max_lifetime_days = 90\nrequire_expiry = \n")
        #expect(error?.kind == .syntax)
        #expect(error?.line == 2)
        #expect(error?.column != nil)
        #expect(error?.description.hasPrefix("policy.toml:2:") == true)
    }

    @Test func anUnknownKeyIsNamedWithItsLineAndASuggestion() {
        let error = Self.error("max_lifetime_days = 90\n\nmax_unsued_days = 3\n")
        #expect(error?.description == "policy.toml:3: max_unsued_days: unknown key (did you mean max_unused_days?); expected one of max_lifetime_days, max_unused_days, max_stale_days, require_expiry, warn_before_expiry_days, vendors, accounts, exceptions")
        let inVendor = Self.error("[vendors.prefactor]\nrequire_expiry = true\nwarn_days = 3\n")
        #expect(inVendor?.kind == .unknownKey)
        #expect(inVendor?.line == 3)
        #expect(inVendor?.key == "vendors.prefactor.warn_days")
    }

    @Test func wrongValuesNameTheKey() {
        #expect(Self.error("max_stale_days = \"90\"\n")?.description == "policy.toml:1: max_stale_days: must be a whole number of days, not a string")
        #expect(Self.error("\nmax_stale_days = -1\n")?.description == "policy.toml:2: max_stale_days: -1 is outside 0…36500 (0 turns the rule off)")
        #expect(Self.error("require_expiry = 1\n")?.description == "policy.toml:1: require_expiry: must be true or false, not an integer")
        let vendor = Self.error("max_stale_days = 9\n[vendors.provisioner]\nrequire_expiry = false\n")
        #expect(vendor?.line == 2)
        #expect(vendor?.description.contains("\"provisioner\" is not one of provisionr, prefactor, metokens, truefoundry") == true)
        #expect(Self.error("vendors = 3\n")?.key == "vendors")
    }

    @Test func exceptionProblemsPointAtTheirOwnBlock() {
        let text = """
            [[exceptions]]
            id = "a"
            reason = "ok"
            until = 2027-01-01

            [[exceptions]]
            id = "b"
            reason = "later"
            until = "soon"
            """
        let error = Self.error(text)
        #expect(error?.line == 9)
        #expect(error?.key == "exceptions[2].until")
        #expect(error?.message == "must be a date (until = 2027-03-01), not a string")
        let missing = Self.error("[[exceptions]]\nid = \"a\"\nuntil = 2027-01-01\n")
        #expect(missing?.kind == .missingKey)
        #expect(missing?.key == "exceptions[1].reason")
        #expect(missing?.line == 1)
        let unknown = Self.error("[[exceptions]]\nid = \"a\"\nreason = \"r\"\nuntil = 2027-01-01\n[[exceptions]]\nid = \"b\"\nreason = \"r\"\nuntil = 2027-01-01\nnote = 1\n")
        #expect(unknown?.line == 9)
        #expect(unknown?.key == "exceptions[2].note")
    }

    /// (The absent default file, read as the built-in policy, is checked on the real binary:
    /// AuditCommandTests, with a config home of its own.)
    @Test func aGivenFileThatDoesNotExistIsAnError() throws {
        let missing = "/nonexistent-\(UUID().uuidString)/policy.toml"
        #expect(throws: ConfigError.self) { try AuditPolicy.load(path: missing) }
        do {
            _ = try AuditPolicy.load(path: missing)
        } catch {
            #expect(error.kind == .fileNotFound)
            #expect(error.path == missing)
        }
    }

    @Test func theSampleInTheRepositoryParses() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("policy.example.toml")
        let policy = try AuditPolicy.load(path: url.path)
        #expect(policy.rules.maxLifetimeDays == 365)
        #expect(!policy.exceptions.isEmpty)
    }
}
