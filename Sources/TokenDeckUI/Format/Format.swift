import Foundation
import TokenDeckCore

/// How numbers, dates and long text are written on the dashboard.
enum Format {
    /// 8342 → "8,342" (the same on every locale, so screens are testable).
    static func thousands(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return value < 0 ? "-" + out : out
    }

    /// "2d ago", "in 29d", "now": the same rules as the `list` command's table (minutes under an
    /// hour, hours under two days, days under a year, then years), so both read alike.
    static func relative(_ date: Date?, now: Date, missing: String = "never") -> String {
        RelativeTime.describe(date, now: now, never: missing)
    }

    /// How old fetched data is, to the second while it is fresh: "12s ago", "5m ago", "3h ago".
    static func age(since date: Date, now: Date) -> String {
        let seconds = max(0, Int(now.timeIntervalSince(date)))
        switch seconds {
        case ..<60: return "\(seconds)s ago"
        case ..<3_600: return "\(seconds / 60)m ago"
        case ..<172_800: return "\(seconds / 3_600)h ago"
        default: return "\(seconds / 86_400)d ago"
        }
    }

    /// "2025-03-01 14:02 UTC": exact and unambiguous, for the details pane.
    static func timestamp(_ date: Date) -> String {
        // By arithmetic (ISO8601Date), not a Calendar and TimeZone made for every field drawn.
        let iso = ISO8601Date.string(from: date)  // yyyy-MM-ddTHH:mm:ssZ
        return "\(iso.prefix(10)) \(iso.dropFirst(11).prefix(5)) UTC"
    }

    /// `text` (sanitised first) broken into lines of at most `width` columns, by display width;
    /// continuation lines start with `indent` spaces.
    static func wrap(_ text: String, width: Int, indent: Int = 0) -> [String] {
        let safe = Sanitizer.sanitize(text)
        guard width > 0 else { return [] }
        if DisplayWidth.of(safe) <= width { return [safe] }
        let indentText = String(repeating: " ", count: min(indent, max(0, width - 1)))
        var lines: [String] = []
        var current = ""
        var used = 0
        for character in safe {
            let w = DisplayWidth.of(character)
            if used + w > width, !current.isEmpty {
                lines.append(current)
                current = indentText
                used = indentText.count
            }
            current.append(character)
            used += w
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }

    /// The vendor's JSON, indented with sorted keys; the text as it came when it is not JSON.
    /// Parsed and printed by Core's own JSON (Foundation's JSONSerialization took a fifth of a
    /// frame, sorting keys as AnyHashable); the details pane keeps the last answer in its
    /// `FrameMemo`, as it asks for the same token's JSON on every frame while the selection stays put.
    static func prettyJSON(_ raw: String) -> [String] {
        guard let value = try? JSONValue.parse(Data(raw.utf8)) else {
            return raw.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        }
        return value.prettyLines
    }
}
