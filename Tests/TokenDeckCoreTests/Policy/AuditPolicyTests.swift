import Foundation
import Testing
import TestSupport
import TokenDeckCore

@Suite struct AuditPolicyTests {
    let now = TestClock.now
    let policy = AuditPolicy.builtIn

    /// Used yesterday, made 10 days ago, expiring in 200 days: within every built-in rule.
    var healthy: Token { Token.fixture(vendor: .prefactor) }

    func rules(_ token: Token, _ policy: AuditPolicy? = nil) -> [PolicyViolation.Rule] {
        (policy ?? self.policy).violations(of: [token], now: now).map(\.rule)
    }

    @Test func aHealthyTokenBreaksNoRule() {
        #expect(rules(healthy).isEmpty)
    }

    @Test func eachBuiltInRuleAtItsBoundary() {
        var token = healthy
        token.createdAt = TestClock.days(-365)
        #expect(rules(token).isEmpty)
        token.createdAt = TestClock.days(-366)
        #expect(rules(token) == [.lifetime])

        token = healthy
        token.lastUsedAt = TestClock.days(-45)
        #expect(rules(token).isEmpty)
        token.lastUsedAt = TestClock.days(-46)
        #expect(rules(token) == [.unused])
        token.lastUsedAt = TestClock.days(-91)
        token.createdAt = TestClock.days(-100)
        #expect(rules(token) == [.unused, .stale])

        token = healthy
        token.expiresAt = nil
        #expect(rules(token) == [.noExpiry])
        token.expiresAt = TestClock.days(30)
        #expect(rules(token) == [.expiresSoon])
        token.expiresAt = TestClock.days(31)
        #expect(rules(token).isEmpty)
    }

    @Test func theDetailSaysHowFarOverTheLimitAndWhatTheLimitIs() {
        var token = healthy
        token.createdAt = TestClock.days(-400)
        token.expiresAt = TestClock.days(3, seconds: 60)
        #expect(policy.violations(of: [token], now: now).map(\.detail) == [
            "expires in 4 days (policy: warn 30 days before)",
            "created 400 days ago (policy: at most 365)",
        ])
    }

    @Test func trashedRevokedAndExpiredTokensAreNotChecked() {
        var token = healthy
        token.expiresAt = nil
        token.createdAt = TestClock.days(-1000)
        #expect(rules(token) == [.noExpiry, .lifetime])
        var trashed = token
        trashed.trashed = true
        var revoked = token
        revoked.vendorStatus = .revoked
        var expired = token
        expired.expiresAt = TestClock.days(-1)
        #expect(policy.violations(of: [trashed, revoked, expired], now: now).isEmpty)
    }

    /// Use rules only where the vendor reports use (TrueFoundry does not).
    @Test func useRulesOnlyWhereTheVendorReportsUse() {
        var token = Token.fixture(vendor: .truefoundry, lastUsedAt: nil)
        token.createdAt = TestClock.days(-200)
        #expect(!Vendor.truefoundry.reportsLastUse)
        #expect(rules(token).isEmpty)
        token.vendor = .prefactor
        #expect(rules(token) == [.stale])
    }

    @Test func anAccountOverridesItsVendorWhichOverridesThePolicy() {
        var policy = AuditPolicy(rules: .init(maxLifetimeDays: 365, requireExpiry: true))
        policy.vendorRules[.prefactor] = .init(maxLifetimeDays: 30, requireExpiry: false)
        policy.accountRules["acme-prod"] = .init(maxLifetimeDays: 0)
        var token = healthy
        token.expiresAt = nil
        token.createdAt = TestClock.days(-60)
        // acme-prod: lifetime off (0), expiry not required (its vendor's).
        #expect(rules(token, policy).isEmpty)
        token.account = "other"
        #expect(rules(token, policy) == [.lifetime])
        token.vendor = .truefoundry
        #expect(rules(token, policy) == [.noExpiry])
        #expect(policy.rules(for: token) == .init(maxLifetimeDays: 365, requireExpiry: true))
    }

    @Test func anExceptionHoldsThroughItsLastDayThenIsItselfAViolation() throws {
        var token = healthy
        token.expiresAt = nil
        let lastDay = Date(timeIntervalSince1970: (now.timeIntervalSince1970 / 86_400).rounded(.down) * 86_400)
        var policy = AuditPolicy.builtIn
        policy.exceptions = [AuditPolicy.Exception(id: token.id, account: token.account, reason: "break-glass", until: lastDay)]
        #expect(policy.violations(of: [token], now: now.addingTimeInterval(86_399)).isEmpty)
        let after = policy.violations(of: [token], now: now.addingTimeInterval(86_400))
        #expect(after.map(\.rule) == [.exceptionExpired, .noExpiry])
        #expect(after.first?.detail == "exception ended 2024-05-01: break-glass")
        // Another account's token with the same id is not covered.
        var other = token
        other.account = "elsewhere"
        #expect(policy.violations(of: [other], now: now).map(\.rule) == [.noExpiry])
        // Without an account, the id at any account is.
        policy.exceptions[0].account = nil
        #expect(policy.violations(of: [other], now: now).isEmpty)
    }
}

@Suite struct RiskMatrixTests {
    static func violation(_ account: String, _ id: String, _ rule: PolicyViolation.Rule) -> PolicyViolation {
        PolicyViolation(token: Token.fixture(account: account, id: id), rule: rule, detail: "")
    }

    @Test func countsByRuleAndAccountBiggestFirstWithTokenTotals() {
        let matrix = RiskMatrix([
            Self.violation("b", "1", .noExpiry), Self.violation("b", "1", .lifetime), Self.violation("b", "2", .lifetime),
            Self.violation("a", "3", .lifetime), Self.violation("c", "4", .stale), Self.violation("a", "5", .unused),
        ], accountOrder: ["a", "b", "c"])
        // b has two tokens; a two; c one: ties (a, b) in config order.
        #expect(matrix.accounts == ["a", "b", "c"])
        #expect(matrix.tokensPerAccount == [2, 2, 1])
        #expect(matrix.rows.map(\.rule) == [.lifetime, .noExpiry, .unused, .stale])
        #expect(matrix.rows.map(\.counts) == [[1, 2, 0], [0, 1, 0], [1, 0, 0], [0, 0, 1]])
        #expect(matrix.rows.map(\.total) == [3, 1, 1, 1])
        #expect(RiskMatrix([], accountOrder: ["a"]).rows.isEmpty)
    }
}
