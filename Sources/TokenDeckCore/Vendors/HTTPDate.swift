import Foundation

/// HTTP-dates (RFC 9110 §5.6.7): the IMF-fixdate every server should send, and the obsolete
/// RFC 850 and asctime forms a recipient must still accept.
public enum HTTPDate {
    /// `Sun, 06 Nov 1994 08:49:37 GMT`, `Sunday, 06-Nov-94 08:49:37 GMT` or `Sun Nov  6 08:49:37 1994`; else nil.
    /// An RFC 850 two-digit year more than 50 years after `now`'s year is the century before (§5.6.7);
    /// without `now` it falls in 1970…2069.
    public static func date(from text: String, now: Date? = nil) -> Date? {
        let parts = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        switch parts.count {
        case 6 where parts[0].hasSuffix(",") && shortDays.contains(String(parts[0].dropLast())) && parts[5] == "GMT":
            guard let day = Int(parts[1]), parts[1].count == 2, let year = Int(parts[3]), parts[3].count == 4 else { return nil }
            return utc(year: year, month: parts[2], day: day, time: parts[4])
        case 4 where parts[0].hasSuffix(",") && longDays.contains(String(parts[0].dropLast())) && parts[3] == "GMT":
            let dayMonthYear = parts[1].split(separator: "-").map(String.init)
            guard dayMonthYear.count == 3, dayMonthYear[0].count == 2, dayMonthYear[2].count == 2,
                  let day = Int(dayMonthYear[0]), let twoDigits = Int(dayMonthYear[2]) else { return nil }
            return utc(year: fullYear(twoDigits, now: now), month: dayMonthYear[1], day: day, time: parts[2])
        case 5 where shortDays.contains(parts[0]):
            guard let day = Int(parts[2]), (1...2).contains(parts[2].count), let year = Int(parts[4]), parts[4].count == 4 else {
                return nil
            }
            return utc(year: year, month: parts[1], day: day, time: parts[3])
        default:
            return nil
        }
    }

    /// IMF-fixdate of `date`, whole seconds.
    public static func string(from date: Date) -> String {
        let iso = ISO8601Date.string(from: date)  // yyyy-MM-ddTHH:mm:ssZ
        let digits = Array(iso)
        let year = String(digits[0..<4]), month = Int(String(digits[5..<7])) ?? 1, day = String(digits[8..<10])
        let time = String(digits[11..<19])
        let days = Int((date.timeIntervalSince1970 / 86_400).rounded(.down))
        let weekday = shortDays[((days % 7) + 7 + 4) % 7]  // 1970-01-01 was a Thursday
        return "\(weekday), \(day) \(months[month - 1]) \(year) \(time) GMT"
    }

    private static let shortDays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let longDays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    private static func fullYear(_ twoDigits: Int, now: Date?) -> Int {
        guard let now, let current = Int(ISO8601Date.string(from: now).prefix(4)) else {
            return twoDigits < 70 ? 2000 + twoDigits : 1900 + twoDigits
        }
        var year = current - current % 100 + twoDigits
        if year > current + 50 { year -= 100 }
        return year
    }

    private static func utc(year: Int, month: String, day: Int, time: String) -> Date? {
        guard let monthIndex = months.firstIndex(of: month), (1...31).contains(day), (1000...9999).contains(year) else { return nil }
        let clock = time.split(separator: ":", omittingEmptySubsequences: false)
        guard clock.count == 3, clock.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }) else {
            return nil
        }
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        // ISO8601Date refuses impossible dates and times (Feb 30, 25:00).
        return ISO8601Date.date(from: "\(year)-\(two(monthIndex + 1))-\(two(day))T\(time)Z")
    }
}

/// `Retry-After` (RFC 9110 §10.2.3): delta-seconds or an HTTP-date.
public enum RetryAfter {
    /// Seconds to wait, never negative; nil when absent or unreadable. An HTTP-date is measured against
    /// the answer's own `Date` header when it has one (the server's clock, immune to skew between the
    /// two machines), else against `now`; a date in the past means 0. Without `now` and without a `Date`
    /// header a date cannot be measured: nil. Not capped here: `RetryPolicy.maxRetryAfter` decides
    /// whether a wait that long is worth sleeping through.
    public static func seconds(in headers: [String: String], now: Date?) -> Double? {
        guard let raw = headers["retry-after"]?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
        if raw.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }) {
            guard let seconds = Double(raw), seconds.isFinite else { return nil }
            return seconds
        }
        let sent = headers["date"].flatMap { HTTPDate.date(from: $0.trimmingCharacters(in: .whitespaces), now: now) }
        guard let from = sent ?? now, let when = HTTPDate.date(from: raw, now: from) else { return nil }
        return max(0, when.timeIntervalSince(from))
    }
}
