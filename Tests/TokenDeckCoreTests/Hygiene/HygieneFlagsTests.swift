import Foundation
import Testing
import TestSupport
import TokenDeckCore

@Suite struct HygieneFlagsTests {
    let now = TestClock.now

    /// A token with no flags at `now`: used yesterday, made 10 days ago, expiring in 200 days.
    var healthy: Token { Token.fixture() }

    @Test func healthyTokenHasNoFlags() {
        #expect(healthy.hygiene(asOf: now) == [])
    }

    @Test func expiringBoundaryIsThirtyDaysInclusive() {
        var token = healthy
        token.expiresAt = TestClock.days(30)
        #expect(token.hygiene(asOf: now) == .expiring)
        token.expiresAt = TestClock.days(30, seconds: 1)
        #expect(token.hygiene(asOf: now) == [])
        token.expiresAt = TestClock.days(0, seconds: 1)
        #expect(token.hygiene(asOf: now) == .expiring)
    }

    @Test func expiredBoundaryIsNowInclusive() {
        var token = healthy
        token.expiresAt = now
        #expect(token.hygiene(asOf: now) == .expired)
        token.expiresAt = TestClock.days(-400)
        #expect(token.hygiene(asOf: now) == .expired)
    }

    @Test func noExpiryWhenExpiresAtIsNil() {
        var token = healthy
        token.expiresAt = nil
        #expect(token.hygiene(asOf: now) == .noExpiry)
    }

    @Test func unusedBoundaryIsFortyFiveDaysInclusive() {
        var token = healthy
        token.createdAt = TestClock.days(-60)
        token.lastUsedAt = TestClock.days(-45)
        #expect(token.hygiene(asOf: now) == .unused45)
        token.lastUsedAt = TestClock.days(-45, seconds: 1)
        #expect(token.hygiene(asOf: now) == [])
    }

    @Test func staleBoundaryIsNinetyDaysOfLastUse() {
        var token = healthy
        token.createdAt = TestClock.days(-200)
        token.lastUsedAt = TestClock.days(-90)
        #expect(token.hygiene(asOf: now) == [.unused45, .stale90])
        token.lastUsedAt = TestClock.days(-90, seconds: 1)
        #expect(token.hygiene(asOf: now) == [.unused45])
    }

    @Test func staleFallsBackToCreationWhenNeverUsed() {
        var token = healthy
        token.lastUsedAt = nil
        token.createdAt = TestClock.days(-90)
        #expect(token.hygiene(asOf: now) == [.neverUsed, .stale90])
        token.createdAt = TestClock.days(-90, seconds: 1)
        #expect(token.hygiene(asOf: now) == [.neverUsed])
    }

    @Test func neverUsedNeedsNoUseAtAll() {
        var token = healthy
        token.lastUsedAt = nil
        token.usageCount = 0
        #expect(token.hygiene(asOf: now).contains(.neverUsed))
        token.usageCount = 3
        #expect(!token.hygiene(asOf: now).contains(.neverUsed))
    }

    @Test func vendorThatDoesNotReportUseIsNeverCalledUnusedOrStale() {
        var token = healthy
        token.vendor = .truefoundry
        token.lastUsedAt = nil
        token.createdAt = TestClock.days(-200)
        #expect(token.hygiene(asOf: now) == [])
    }

    @Test func olderBoundaryIsThreeHundredSixtyFiveDaysInclusive() {
        var token = healthy
        token.lastUsedAt = TestClock.days(-1)
        token.createdAt = TestClock.days(-365)
        #expect(token.hygiene(asOf: now) == .older365)
        token.createdAt = TestClock.days(-365, seconds: 1)
        #expect(token.hygiene(asOf: now) == [])
    }

    @Test func everyFlagHasItsLabelInDisplayOrder() {
        #expect(HygieneFlags.allFlags.map(\.label)
            == ["expired", "expiring", "never used", "unused 45d", "stale 90d", "no expiry", "older 365d"])
        let flags: HygieneFlags = [.older365, .neverUsed, .noExpiry]
        #expect(flags.labels == ["never used", "no expiry", "older 365d"])
        #expect(flags.label == "never used, no expiry, older 365d")
    }
}
