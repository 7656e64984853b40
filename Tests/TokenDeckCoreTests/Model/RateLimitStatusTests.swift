import Foundation
import Testing
import TestSupport
import TokenDeckCore

@Suite struct RateLimitStatusTests {
    @Test func xRateLimitHeadersWithResetInSecondsFromNow() {
        let headers = ["x-ratelimit-limit": "100", "x-ratelimit-remaining": "42", "x-ratelimit-reset": "30"]
        #expect(RateLimitStatus(headers: headers, now: TestClock.now)
            == RateLimitStatus(limit: 100, remaining: 42, reset: TestClock.now.addingTimeInterval(30)))
    }

    @Test func resetAboveABillionIsEpochSeconds() {
        let headers = ["x-ratelimit-remaining": "0", "x-ratelimit-reset": "1714521900"]
        let status = RateLimitStatus(headers: headers, now: TestClock.now)
        #expect(status == RateLimitStatus(remaining: 0, reset: Date(timeIntervalSince1970: 1_714_521_900)))
    }

    @Test func ietfDraftNamesAreReadToo() {
        let headers = ["ratelimit-limit": "5000", "ratelimit-remaining": "4999", "ratelimit-reset": "60"]
        #expect(RateLimitStatus(headers: headers, now: TestClock.now)
            == RateLimitStatus(limit: 5000, remaining: 4999, reset: TestClock.now.addingTimeInterval(60)))
    }

    @Test func aRepeatedHeaderCountsByItsFirstValue() {
        #expect(RateLimitStatus(headers: ["x-ratelimit-remaining": "10, 5"], now: TestClock.now)?.remaining == 10)
    }

    @Test func noneOrUnreadableHeadersGiveNoStatus() {
        #expect(RateLimitStatus(headers: [:], now: TestClock.now) == nil)
        #expect(RateLimitStatus(headers: ["content-type": "application/json"], now: TestClock.now) == nil)
        #expect(RateLimitStatus(headers: ["x-ratelimit-remaining": "lots", "x-ratelimit-reset": "-3"], now: TestClock.now) == nil)
    }

    @Test func oneReadableFieldIsEnough() {
        let status = RateLimitStatus(headers: ["x-ratelimit-remaining": "7", "x-ratelimit-reset": "soon"], now: TestClock.now)
        #expect(status == RateLimitStatus(remaining: 7))
    }

    @Test func answerDataCarriesTheStatusWhenGiven() {
        let plain = HTTPResponseData(status: 200, body: Data())
        #expect(plain.rateLimit == nil)
        let limited = HTTPResponseData(status: 200, body: Data(), rateLimit: RateLimitStatus(remaining: 3))
        #expect(limited.rateLimit?.remaining == 3)
    }
}
