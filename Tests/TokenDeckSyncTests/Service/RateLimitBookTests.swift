import Foundation
import Testing
import TestSupport
import TokenDeckCore
@testable import TokenDeckSync

@Suite struct RateLimitBookTests {
    @Test func keepsEachAccountsLatestStatus() async {
        let book = RateLimitBook()
        #expect(await book.status(account: "a") == nil)
        await book.record(account: "a", status: RateLimitStatus(limit: 10, remaining: 9))
        await book.record(account: "b", status: RateLimitStatus(remaining: 1, reset: TestClock.now))
        await book.record(account: "a", status: RateLimitStatus(limit: 10, remaining: 8))
        #expect(await book.status(account: "a") == RateLimitStatus(limit: 10, remaining: 8))
        #expect(await book.status(account: "b") == RateLimitStatus(remaining: 1, reset: TestClock.now))
    }
}
