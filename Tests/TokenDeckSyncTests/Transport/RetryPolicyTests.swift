import Foundation
import Testing
import TokenDeckCore
@testable import TokenDeckSync

@Suite("When to retry")
struct RetryPolicyTests {
    let policy = RetryPolicy(maxAttempts: 4, baseDelay: .milliseconds(200), maxDelay: .seconds(10), jitter: 0)

    func error(status: Int?, retryAfter: Double? = nil, kind: VendorError.Kind = .http) -> VendorError {
        VendorError(kind: kind, vendor: .metokens, status: status, message: "m", retryAfter: retryAfter)
    }

    @Test func getIsRetriedOnRateLimitsServerErrorsAndTransportErrors() {
        #expect(policy.delay(after: error(status: 429), attempt: 1, method: .get) != nil)
        #expect(policy.delay(after: error(status: 500), attempt: 1, method: .get) != nil)
        #expect(policy.delay(after: error(status: 503), attempt: 1, method: .get) != nil)
        #expect(policy.delay(after: error(status: nil, kind: .transport), attempt: 1, method: .get) != nil)
    }

    @Test func clientErrorsAndBadBodiesAreNotRetried() {
        for status in [400, 401, 403, 404, 422] {
            #expect(policy.delay(after: error(status: status), attempt: 1, method: .get) == nil)
        }
        #expect(policy.delay(after: error(status: 200, kind: .malformedBody), attempt: 1, method: .get) == nil)
    }

    @Test func postIsNeverRetried() {
        #expect(policy.delay(after: error(status: 503), attempt: 1, method: .post) == nil)
        #expect(policy.delay(after: error(status: nil, kind: .transport), attempt: 1, method: .post) == nil)
        #expect(policy.delay(after: error(status: 429, retryAfter: 1), attempt: 1, method: .post) == nil)
    }

    @Test func backoffDoublesUpToTheCapAndAttemptsAreBounded() {
        let delays = (1...3).compactMap { policy.delay(after: error(status: 500), attempt: $0, method: .get) }
        #expect(delays == [.milliseconds(200), .milliseconds(400), .milliseconds(800)])
        #expect(policy.delay(after: error(status: 500), attempt: 4, method: .get) == nil)
        #expect(policy.backoffDelay(attempt: 30) == .seconds(10))
    }

    @Test func jitterOnlyShortensTheDelay() {
        let jittery = RetryPolicy(baseDelay: .seconds(1), jitter: 0.5)
        for _ in 0..<100 {
            let delay = jittery.backoffDelay(attempt: 1)
            #expect(delay > .milliseconds(499) && delay <= .seconds(1))
        }
    }

    @Test func retryAfterIsWaitedAtLeastAndALongOneIsReportedInstead() {
        #expect(policy.delay(after: error(status: 429, retryAfter: 1), attempt: 1, method: .get) == .seconds(1))
        #expect(policy.delay(after: error(status: 503, retryAfter: 2.5), attempt: 1, method: .get) == .milliseconds(2500))
        #expect(policy.delay(after: error(status: 429, retryAfter: 0), attempt: 3, method: .get) == .milliseconds(800))
        #expect(policy.delay(after: error(status: 429, retryAfter: 3600), attempt: 1, method: .get) == nil)
    }
}
