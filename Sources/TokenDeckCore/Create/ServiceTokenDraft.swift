import Foundation

/// A service access token as a person is typing it: raw text per field, validated with the
/// server's own rules, so the form and `tokendeck create` refuse the same things the API would.
public struct ServiceTokenDraft: Sendable, Hashable {
    public enum Field: String, Sendable, Hashable, CaseIterable {
        case account, service, name, description
        /// Named as the API names it, so a 422's `errors.expires_at` lands on this field.
        case expires = "expires_at"

        public var label: String {
            switch self {
            case .account: "Account"
            case .service: "Service ID"
            case .name: "Name"
            case .description: "Description"
            case .expires: "Expires"
            }
        }
    }

    /// The create endpoint's limit on `name` (characters, as Laravel's `max:55` counts them).
    public static let maxNameLength = 55

    public var account: String
    public var service: String
    public var name: String
    public var description: String
    /// Empty (never), an ISO 8601 date or date-time, or a relative value: `7d`, `30d`, `2w`, `1y`.
    public var expires: String

    /// The name's length as the server counts it: Unicode code points (PHP's `mb_strlen`),
    /// so `e` + a combining accent is two, as Laravel's `max:55` sees it.
    public var nameLength: Int { trimmed(name).unicodeScalars.count }

    public init(account: String = "", service: String = "", name: String = "", description: String = "", expires: String = "") {
        self.account = account
        self.service = service
        self.name = name
        self.description = description
        self.expires = expires
    }

    public subscript(field: Field) -> String {
        get {
            switch field {
            case .account: account
            case .service: service
            case .name: name
            case .description: description
            case .expires: expires
            }
        }
        set {
            switch field {
            case .account: account = newValue
            case .service: service = newValue
            case .name: name = newValue
            case .description: description = newValue
            case .expires: expires = newValue
            }
        }
    }

    /// The first problem with each field, in form order; empty when the draft can be sent.
    public func problems(now: Date) -> [Field: String] {
        var problems: [Field: String] = [:]
        if trimmed(account).isEmpty { problems[.account] = "Choose an account." }
        if trimmed(service).isEmpty { problems[.service] = "The service ID is required." }
        if nameLength == 0 {
            problems[.name] = "The name is required."
        } else if nameLength > Self.maxNameLength {
            problems[.name] = "The name may not be longer than \(Self.maxNameLength) characters (it has \(nameLength))."
        }
        if trimmed(description).isEmpty { problems[.description] = "The description is required." }
        if case .failure(let message) = ExpiryParser.parse(expires, now: now) { problems[.expires] = message }
        return problems
    }

    /// The first field with a problem, in form order.
    public func firstInvalidField(now: Date) -> Field? {
        let problems = problems(now: now)
        return Field.allCases.first { problems[$0] != nil }
    }

    /// The request to send, or the problems that stop it.
    public func request(now: Date) -> Result<ServiceAccessTokenRequest, DraftProblems> {
        let problems = problems(now: now)
        guard problems.isEmpty, case .success(let expiresAt) = ExpiryParser.parse(expires, now: now) else {
            return .failure(DraftProblems(problems: problems))
        }
        return .success(ServiceAccessTokenRequest(
            service: trimmed(service), name: trimmed(name), description: trimmed(description), expiresAt: expiresAt))
    }

    private func trimmed(_ text: String) -> String { text.trimmingCharacters(in: .whitespacesAndNewlines) }
}

/// Why a draft cannot be sent, field by field.
public struct DraftProblems: Error, Sendable, Hashable, CustomStringConvertible {
    public var problems: [ServiceTokenDraft.Field: String]
    public var description: String {
        ServiceTokenDraft.Field.allCases.compactMap { field in problems[field].map { "\(field.label.lowercased()): \($0)" } }
            .joined(separator: "; ")
    }
}

/// Reads what a person types for an expiry: nothing (never), `2026-12-31`, `2026-12-31T00:00:00Z`,
/// or a relative `7d`, `2w`, `30d`, `6m`, `1y` counted from `now` in UTC.
public enum ExpiryParser {
    public enum Outcome: Sendable, Hashable {
        case success(Date?)
        case failure(String)
    }

    /// The presets the form offers.
    public static let presets = ["7d", "30d", "90d", "1y"]

    public static func parse(_ text: String, now: Date) -> Outcome {
        let input = text.trimmingCharacters(in: .whitespaces).lowercased()
        if input.isEmpty || input == "never" { return .success(nil) }
        let date: Date
        if let relative = relativeDate(input, now: now) {
            date = relative
        } else if let absolute = absoluteDate(text.trimmingCharacters(in: .whitespaces)) {
            date = absolute
        } else {
            return .failure("Use a date (2026-12-31), a date-time (2026-12-31T00:00:00Z) or 7d, 30d, 90d, 1y.")
        }
        guard date > now else { return .failure("The expiry must be in the future.") }
        return .success(date)
    }

    /// The date an input means, formatted for display next to the field (`→ 2026-12-23`), or nil.
    public static func preview(_ text: String, now: Date) -> String? {
        guard case .success(let date?) = parse(text, now: now) else { return nil }
        return format(date)
    }

    /// `yyyy-MM-dd'T'HH:mm:ss'Z'` in UTC, as the API takes it.
    public static func format(_ date: Date) -> String {
        let c = utcCalendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
    }

    private static let utcCalendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? TimeZone(secondsFromGMT: 0) ?? calendar.timeZone
        return calendar
    }()

    private static func relativeDate(_ input: String, now: Date) -> Date? {
        guard let unit = input.last, let amount = Int(input.dropLast()), amount > 0, amount <= 100_000 else { return nil }
        let component: Calendar.Component
        switch unit {
        case "d": component = .day
        case "w": return utcCalendar.date(byAdding: .day, value: 7 * amount, to: now)
        case "m": component = .month
        case "y": component = .year
        default: return nil
        }
        return utcCalendar.date(byAdding: component, value: amount, to: now)
    }

    private static func absoluteDate(_ input: String) -> Date? {
        let dateOnly = input.split(separator: "-")
        if input.count == 10, dateOnly.count == 3,
           let y = Int(dateOnly[0]), let m = Int(dateOnly[1]), let d = Int(dateOnly[2]),
           (1...12).contains(m), (1...31).contains(d) {
            let components = DateComponents(year: y, month: m, day: d)
            guard let date = utcCalendar.date(from: components),
                  utcCalendar.component(.day, from: date) == d else { return nil }  // no Feb 30
            return date
        }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        if let date = formatter.date(from: input) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: input)
    }
}
