/// Timestamps are kept as whole seconds since 1970 (UTC) and formatted the way each
/// vendor's framework writes them; formatting by hand keeps paging fast at 100k tokens.
enum Timestamp {
    enum Style {
        /// Laravel's default model serialisation: `2024-03-15T10:30:00.000000Z`.
        case laravelMicroseconds
        /// `2024-03-15T10:30:00Z`.
        case zulu
        /// JavaScript's `toISOString()`: `2024-03-15T10:30:00.123Z`.
        case milliseconds
    }

    static func format(_ seconds: Int64, _ style: Style) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(27)
        append(seconds, style, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the formatted timestamp's ASCII bytes; used by the JSON writer so a page
    /// of records formats its dates without building a String for each.
    static func append(_ seconds: Int64, _ style: Style, to bytes: inout [UInt8]) {
        let days = floorDivide(seconds, 86_400)
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = civil(fromDays: days)
        func digits(_ value: Int64, _ width: Int) {
            var divisor: Int64 = 1
            for _ in 1..<width { divisor *= 10 }
            var rest = value
            while divisor > 0 {
                bytes.append(0x30 + UInt8(truncatingIfNeeded: (rest / divisor) % 10))
                rest %= divisor
                divisor /= 10
            }
        }
        digits(year, 4); bytes.append(0x2D); digits(month, 2); bytes.append(0x2D); digits(day, 2)
        bytes.append(0x54)  // T
        digits(secondOfDay / 3600, 2); bytes.append(0x3A)
        digits(secondOfDay / 60 % 60, 2); bytes.append(0x3A)
        digits(secondOfDay % 60, 2)
        switch style {
        case .laravelMicroseconds:
            bytes.append(contentsOf: [0x2E, 0x30, 0x30, 0x30, 0x30, 0x30, 0x30])
        case .zulu:
            break
        case .milliseconds:
            // A stable, varied millisecond part so clients meet three-digit fractions too.
            bytes.append(0x2E)
            digits((seconds &* 7_919) % 1000, 3)
        }
        bytes.append(0x5A)  // Z
    }

    /// Parses the date and date-time forms a Laravel `date` rule or a query filter would
    /// accept from a client: `2026-12-31`, `2026-12-31T00:00:00Z`, fractions, offsets,
    /// and a space instead of `T`. Returns nil for anything else.
    static func parse(_ text: String) -> Int64? {
        let bytes = Array(text.utf8)
        var index = 0
        func number(_ width: Int) -> Int64? {
            guard index + width <= bytes.count else { return nil }
            var value: Int64 = 0
            for byte in bytes[index..<index + width] {
                guard byte >= 0x30, byte <= 0x39 else { return nil }
                value = value * 10 + Int64(byte - 0x30)
            }
            index += width
            return value
        }
        func expect(_ character: Character) -> Bool {
            guard index < bytes.count, bytes[index] == character.asciiValue else { return false }
            index += 1
            return true
        }
        guard let year = number(4), expect("-"), let month = number(2), expect("-"), let day = number(2),
              (1...12).contains(month), day >= 1, day <= daysInMonth(year: year, month: month)
        else { return nil }
        var seconds = days(fromCivil: year, month, day) * 86_400
        if index == bytes.count { return seconds }
        guard expect("T") || expect("t") || expect(" "),
              let hour = number(2), expect(":"), let minute = number(2), hour < 24, minute < 60
        else { return nil }
        seconds += hour * 3600 + minute * 60
        if expect(":") {
            guard let second = number(2), second < 60 else { return nil }
            seconds += second
            if expect(".") {
                let start = index
                while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
                guard index > start else { return nil }
            }
        }
        if index == bytes.count || expect("Z") || expect("z") {
            return index == bytes.count ? seconds : nil
        }
        guard index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") else { return nil }
        let sign: Int64 = bytes[index] == UInt8(ascii: "+") ? 1 : -1
        index += 1
        guard let offsetHours = number(2) else { return nil }
        _ = expect(":")
        guard let offsetMinutes = number(2), index == bytes.count, offsetHours < 24, offsetMinutes < 60 else { return nil }
        return seconds - sign * (offsetHours * 3600 + offsetMinutes * 60)
    }

    // Howard Hinnant's civil-from-days and days-from-civil algorithms.
    private static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = floorDivide(z, 146_097)
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthPrime = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthPrime + 2) / 5 + 1
        let month = monthPrime < 10 ? monthPrime + 3 : monthPrime - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func days(fromCivil year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = floorDivide(y, 400)
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private static func daysInMonth(year: Int64, month: Int64) -> Int64 {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    private static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        a >= 0 ? a / b : (a - b + 1) / b
    }
}
