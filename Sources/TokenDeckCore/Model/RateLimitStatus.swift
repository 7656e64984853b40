import Foundation

/// What an answer's rate-limit headers said: requests left and when the window resets.
/// Read from `X-RateLimit-Limit/-Remaining/-Reset` or the IETF draft's `RateLimit-Limit/-Remaining/-Reset`.
public struct RateLimitStatus: Sendable, Hashable {
    public var limit: Int?
    public var remaining: Int?
    public var reset: Date?

    public init(limit: Int? = nil, remaining: Int? = nil, reset: Date? = nil) {
        self.limit = limit
        self.remaining = remaining
        self.reset = reset
    }

    /// "42/100 left", "42 left", or nil when the vendor said nothing of what is left: the words of
    /// `tokendeck accounts`' RATE LIMIT column and the dashboard's sidebar.
    public var remainingText: String? {
        switch (remaining, limit) {
        case (let remaining?, let limit?): "\(remaining)/\(limit) left"
        case (let remaining?, nil): "\(remaining) left"
        default: nil
        }
    }

    /// A `Reset` above this is epoch seconds (2001-09-09 onwards); at or below it, seconds from `now`.
    public static let epochThreshold: Double = 1_000_000_000

    /// The status in `headers` (lower-cased names), or nil when the answer carries none that can be read.
    /// A repeated header (`"10, 5"`) counts by its first value; negative or non-numeric values are ignored.
    public init?(headers: [String: String], now: Date) {
        func value(_ name: String) -> Double? {
            for prefix in ["x-ratelimit-", "ratelimit-"] {
                guard let raw = headers[prefix + name] else { continue }
                let first = raw.split(separator: ",", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
                guard !first.isEmpty, first.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
                      let number = Double(first), number.isFinite else { continue }
                return number
            }
            return nil
        }
        func count(_ name: String) -> Int? {
            value(name).flatMap { $0 <= Double(Int32.max) ? Int($0) : nil }
        }
        let reset = value("reset").map { $0 > Self.epochThreshold ? Date(timeIntervalSince1970: $0) : now.addingTimeInterval($0) }
        let status = RateLimitStatus(limit: count("limit"), remaining: count("remaining"), reset: reset)
        guard status.limit != nil || status.remaining != nil || status.reset != nil else { return nil }
        self = status
    }
}
