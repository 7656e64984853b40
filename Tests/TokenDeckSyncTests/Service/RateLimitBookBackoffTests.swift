import Foundation
import Testing
import TestSupport
import TokenDeckCore
@testable import TokenDeckSync

/// The back-off after a 429, kept beside the rate limit for the dashboard's sidebar (`⏳ 429`).
@Suite struct RateLimitBookBackoffTests {
    /// Collects the names the book tells its observer, in order.
    final class Told: @unchecked Sendable {
        private let lock = NSLock()
        private var names: [String] = []
        func add(_ name: String) { lock.withLock { names.append(name) } }
        var all: [String] { lock.withLock { names } }
    }

    @Test func aBackOffLastsUntilTheNextAnswerAndEachChangeIsTold() async {
        let book = RateLimitBook()
        let told = Told()
        await book.observe { told.add($0) }
        let until = TestClock.now.addingTimeInterval(4)
        await book.backingOff(account: "a", until: until)
        #expect(await book.backoff(account: "a") == until)
        #expect(await book.backoff(account: "b") == nil)
        // The next answer, with or without rate-limit headers, ends it.
        await book.answered(account: "a")
        #expect(await book.backoff(account: "a") == nil)
        await book.backingOff(account: "a", until: until)
        await book.record(account: "a", status: RateLimitStatus(limit: 10, remaining: 0))
        #expect(await book.backoff(account: "a") == nil)
        // The same status again, nothing waiting: nothing to tell.
        await book.record(account: "a", status: RateLimitStatus(limit: 10, remaining: 0))
        await book.answered(account: "a")
        #expect(told.all == ["a", "a", "a", "a"])
    }
}
