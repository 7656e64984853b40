import Foundation
import Testing
import TestSupport
import TokenDeckCore

@Suite struct TokenStatusTests {
    let now = TestClock.now

    @Test func trashWinsOverEverything() {
        #expect(Token.fixture(vendorStatus: .revoked, trashed: true, expiresAt: TestClock.days(-3)).status(asOf: now) == .trashed)
    }

    @Test(arguments: [TokenStatus.revoked, .suspended, .expired])
    func vendorSaidStatusWinsOverDates(status: TokenStatus) {
        #expect(Token.fixture(vendorStatus: status, expiresAt: TestClock.days(400)).status(asOf: now) == status)
    }

    @Test func expiryExactlyNowIsExpired() {
        #expect(Token.fixture(expiresAt: now).status(asOf: now) == .expired)
        #expect(Token.fixture(expiresAt: TestClock.days(0, seconds: 1)).status(asOf: now) == .expiring)
    }

    @Test func expiryExactlyThirtyDaysAwayIsExpiringAndOneSecondMoreIsActive() {
        #expect(Token.fixture(expiresAt: TestClock.days(30)).status(asOf: now) == .expiring)
        #expect(Token.fixture(expiresAt: TestClock.days(30, seconds: 1)).status(asOf: now) == .active)
    }

    @Test func noExpiryIsActive() {
        #expect(Token.fixture(expiresAt: nil).status(asOf: now) == .active)
    }

    @Test func statusMovesWithTheInjectedClock() {
        let token = Token.fixture(expiresAt: TestClock.days(40))
        #expect(token.status(asOf: now) == .active)
        #expect(token.status(asOf: TestClock.days(10)) == .expiring)
        #expect(token.status(asOf: TestClock.days(40)) == .expired)
    }
}
