import Foundation
import TokenDeckCore

/// When and how long to wait before sending a failed GET again. POST is never retried: a create
/// that timed out may have succeeded, and a second one would mint a second token.
///
/// GET is retried on 429, 5xx and transport errors, with exponential backoff and jitter, honouring
/// `Retry-After` (delta-seconds or an HTTP-date) up to `maxRetryAfter`, 60 s by default: a longer
/// wait is reported rather than slept through, so no retry ever sleeps longer than that cap.
/// A 2xx body that is not JSON at all (cut short on the way) is retried like a transport error;
/// well-formed JSON of the wrong shape would be wrong again and is not.
public struct RetryPolicy: Sendable {
    /// Attempts in all, the first included.
    public var maxAttempts: Int
    public var baseDelay: Duration
    /// Cap on a backoff delay (not on `Retry-After`, which has `maxRetryAfter`).
    public var maxDelay: Duration
    /// Fraction (0…1) of each backoff delay that is randomised, so parallel requests do not retry in lockstep.
    public var jitter: Double
    /// A `Retry-After` longer than this is not waited for: the error is returned with its `retryAfter`.
    public var maxRetryAfter: Duration
    /// Bound on each request, start to last body byte.
    public var requestTimeout: Duration
    /// How to wait; injected so tests can record the delays instead of sleeping through them.
    public var sleep: @Sendable (Duration) async throws -> Void
    /// The wall clock a `Retry-After` date without the answer's own `Date` header is measured against,
    /// and a rate-limit `Reset` in seconds is added to.
    public var now: @Sendable () -> Date

    public init(
        maxAttempts: Int = 4, baseDelay: Duration = .milliseconds(200), maxDelay: Duration = .seconds(10),
        jitter: Double = 0.5, maxRetryAfter: Duration = .seconds(60), requestTimeout: Duration = .seconds(30),
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
        now: @escaping @Sendable () -> Date = Date.init
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.jitter = min(1, max(0, jitter))
        self.maxRetryAfter = maxRetryAfter
        self.requestTimeout = requestTimeout
        self.sleep = sleep
        self.now = now
    }

    /// One attempt, nothing retried.
    public static var never: RetryPolicy { RetryPolicy(maxAttempts: 1) }

    /// The wait before attempt `attempt + 1` after `error` ended attempt `attempt` (1-based), or nil to give up.
    /// `retryable` overrides `error.isRetryable` (a 2xx body cut short is worth another try).
    public func delay(after error: VendorError, attempt: Int, method: HTTPRequestSpec.Method, retryable: Bool? = nil) -> Duration? {
        guard method == .get, attempt < maxAttempts, retryable ?? error.isRetryable else { return nil }
        let backoff = backoffDelay(attempt: attempt)
        guard let retryAfter = error.retryAfter else { return backoff }
        let asked = Duration.milliseconds(Int64((retryAfter * 1000).rounded(.up)))
        guard asked <= maxRetryAfter else { return nil }
        return max(asked, backoff)
    }

    /// `baseDelay · 2^(attempt-1)`, capped at `maxDelay`, with its `jitter` fraction randomised.
    public func backoffDelay(attempt: Int) -> Duration {
        let exponent = Double(min(max(attempt - 1, 0), 30))
        let full = min(baseDelay * pow(2, exponent), maxDelay)
        return full * (1 - jitter * Double.random(in: 0..<1))
    }
}
