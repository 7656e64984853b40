import Foundation
import TokenDeckCore

/// A fixed "now" for every test that involves time, and arithmetic around it.
public enum TestClock {
    /// 2024-05-01T00:00:00Z: after the specs' example dates, so their tokens have a past and a future.
    public static let now = Date(timeIntervalSince1970: 1_714_521_600)

    /// `now` moved by whole days (negative for the past) plus seconds.
    public static func days(_ days: Int, seconds: TimeInterval = 0) -> Date {
        now.addingTimeInterval(TimeInterval(days) * 86_400 + seconds)
    }

    /// An ISO 8601 timestamp, for building bodies.
    public static func iso(_ date: Date) -> String { ISO8601Date.string(from: date) }
}
