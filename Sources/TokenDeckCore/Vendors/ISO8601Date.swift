import Foundation

/// ISO 8601 timestamps as the vendors send them, parsed by hand over UTF-8 bytes:
/// a formatter per call would dominate decoding 100,000 records.
public enum ISO8601Date {
    /// Parses `2024-03-15T10:30:00Z`, `…00.000000Z`, `…56.1Z`, `…+02:00`, `…+0200`, `…+02`;
    /// `T`, `t` or a space between date and time; seconds optional; no zone means UTC;
    /// a bare date means midnight UTC. Anything else (`"<string>"`, trailing junk, 2024-02-30) is nil.
    public static func date(from text: String) -> Date? {
        var text = text
        return text.withUTF8 { parse($0) }
    }

    /// As `date(from:)`, over the UTF-8 bytes of the text.
    public static func date(fromUTF8 bytes: UnsafeBufferPointer<UInt8>) -> Date? { parse(bytes) }

    /// `yyyy-MM-dd'T'HH:mm:ss'Z'` in UTC, whole seconds (fractions are truncated toward the past).
    public static func string(from date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let days = floorDivide(seconds, 86_400)
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = civil(fromDays: days)
        return pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2) + "T"
            + pad(secondOfDay / 3600, 2) + ":" + pad(secondOfDay / 60 % 60, 2) + ":" + pad(secondOfDay % 60, 2) + "Z"
    }

    // MARK: - Parsing

    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Date? {
        var index = 0
        let count = bytes.count

        func number(_ width: Int) -> Int? {
            guard index + width <= count else { return nil }
            var value = 0
            for _ in 0..<width {
                let byte = bytes[index]
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int(byte - 0x30)
                index += 1
            }
            return value
        }
        func consume(_ byte: UInt8) -> Bool {
            guard index < count, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        guard let year = number(4), consume(0x2D), let month = number(2), consume(0x2D), let day = number(2) else { return nil }
        guard (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year) else { return nil }
        var hour = 0, minute = 0, second = 0, nanos = 0
        var offsetSeconds = 0

        if index < count {
            let separator = bytes[index]
            guard separator == 0x54 || separator == 0x74 || separator == 0x20 else { return nil } // T t space
            index += 1
            guard let h = number(2), consume(0x3A), let m = number(2) else { return nil }
            hour = h
            minute = m
            if consume(0x3A) {
                guard let s = number(2) else { return nil }
                second = s
                if index < count, bytes[index] == 0x2E || bytes[index] == 0x2C { // . or ,
                    index += 1
                    var digits = 0
                    while index < count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
                        // Keep nanoseconds; further digits are below Date's resolution anyway.
                        if digits < 9 { nanos = nanos * 10 + Int(bytes[index] - 0x30) }
                        digits += 1
                        index += 1
                    }
                    guard digits > 0 else { return nil }
                    if digits < 9 { for _ in digits..<9 { nanos *= 10 } }
                }
            }
            guard hour <= 23, minute <= 59, second <= 60 else { return nil }
            if index < count {
                let zone = bytes[index]
                index += 1
                switch zone {
                case 0x5A, 0x7A: // Z z
                    break
                case 0x2B, 0x2D: // + -
                    guard let offsetHours = number(2), offsetHours <= 23 else { return nil }
                    var offsetMinutes = 0
                    if index < count {
                        _ = consume(0x3A)
                        guard let mins = number(2), mins <= 59 else { return nil }
                        offsetMinutes = mins
                    }
                    offsetSeconds = (offsetHours * 3600 + offsetMinutes * 60) * (zone == 0x2D ? -1 : 1)
                default:
                    return nil
                }
            }
        }
        guard index == count else { return nil }

        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
        return Date(timeIntervalSince1970: Double(seconds) + Double(nanos) / 1_000_000_000)
    }

    // MARK: - Calendar arithmetic (proleptic Gregorian, Howard Hinnant's algorithms)

    private static func isLeap(_ year: Int) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    private static func floorDivide(_ a: Int, _ b: Int) -> Int { a >= 0 ? a / b : -((-a + b - 1) / b) }

    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = floorDivide(y, 400)
        let yearOfEra = y - era * 400
        let shiftedMonth = (month + 9) % 12
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civil(fromDays days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = floorDivide(z, 146_097)
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
