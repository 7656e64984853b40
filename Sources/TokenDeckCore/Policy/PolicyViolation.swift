import Foundation

/// One token breaking one rule of an `AuditPolicy`.
public struct PolicyViolation: Sendable, Hashable {
    public enum Rule: String, Sendable, Hashable, CaseIterable {
        case expiresSoon = "expires_soon"
        case noExpiry = "no_expiry"
        case lifetime = "max_lifetime"
        case unused = "max_unused"
        case stale = "max_stale"
        /// The token's exception has ended: the token is checked again, and the lapse is said.
        case exceptionExpired = "exception_expired"
    }

    /// Rules as bits: what one token breaks, kept per token by the dashboard's index.
    public struct RuleSet: OptionSet, Sendable, Hashable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }
        public init(_ rule: Rule) {
            rawValue = UInt8(1) << UInt8(Rule.allCases.firstIndex(of: rule) ?? 0)
        }
    }

    public var token: Token
    public var rule: Rule
    /// What a person reads: "created 400 days ago (policy: at most 365)".
    public var detail: String

    public init(token: Token, rule: Rule, detail: String) {
        self.token = token
        self.rule = rule
        self.detail = detail
    }
}

extension AuditPolicy {
    /// Every violation among `tokens` at `now`, in the tokens' order, each token's rules in `Rule`
    /// order. Tokens in the trash, revoked or expired are past harm and not checked; an exception
    /// covering a token lets it off until its end date, after which it is itself a violation and
    /// the rules apply again.
    public func violations(of tokens: [Token], now: Date) -> [PolicyViolation] {
        var found: [PolicyViolation] = []
        for token in tokens {
            evaluate(token, rules: rules(for: token), now: now) { rule, detail in
                found.append(PolicyViolation(token: token, rule: rule, detail: detail()))
            }
        }
        return found
    }

    /// The rules `token` breaks at `now`, as `violations(of:now:)` finds them but without their
    /// details (no text is built): what the dashboard's risk view counts over every token.
    /// `rules`: `rules(for: token)`, passed in when the caller already has them (per account).
    public func brokenRules(by token: Token, rules: Rules? = nil, now: Date) -> PolicyViolation.RuleSet {
        var broken: PolicyViolation.RuleSet = []
        evaluate(token, rules: rules ?? self.rules(for: token), now: now) { rule, _ in broken.insert(PolicyViolation.RuleSet(rule)) }
        return broken
    }

    /// Whether `token` is checked at all: not in the trash, revoked or expired (past harm).
    public func checks(_ token: Token, now: Date) -> Bool {
        !token.trashed && token.vendorStatus != .revoked && token.vendorStatus != .expired
            && !(token.expiresAt.map { $0 <= now } ?? false)
    }

    /// The one place the rules are applied: reports each rule `token` breaks, in `Rule` order, with
    /// its detail worked out only when asked for.
    private func evaluate(_ token: Token, rules: Rules, now: Date, report: (PolicyViolation.Rule, () -> String) -> Void) {
        guard checks(token, now: now) else { return }
        if let exception = exceptions.first(where: { $0.covers(token) }) {
            if now < Self.endOfDay(exception.until) { return }
            report(.exceptionExpired) { "exception ended \(Self.day(exception.until)): \(exception.reason)" }
        }
        func days(since date: Date) -> Int { Int((now.timeIntervalSince(date) / HygieneRules.day).rounded(.down)) }
        if let expiresAt = token.expiresAt {
            let left = expiresAt.timeIntervalSince(now)
            if let warn = rules.warnBeforeExpiryDays, warn > 0, left <= Double(warn) * HygieneRules.day {
                report(.expiresSoon) { "expires in \(Int((left / HygieneRules.day).rounded(.up))) days (policy: warn \(warn) days before)" }
            }
        } else if rules.requireExpiry == true {
            report(.noExpiry) { "never expires (policy: an expiry is required)" }
        }
        if let limit = rules.maxLifetimeDays, limit > 0, let createdAt = token.createdAt, days(since: createdAt) > limit {
            report(.lifetime) { "created \(days(since: createdAt)) days ago (policy: at most \(limit))" }
        }
        if token.vendor.reportsLastUse {
            if let limit = rules.maxUnusedDays, limit > 0, let lastUsedAt = token.lastUsedAt, days(since: lastUsedAt) > limit {
                report(.unused) { "last used \(days(since: lastUsedAt)) days ago (policy: at most \(limit))" }
            }
            if let limit = rules.maxStaleDays, limit > 0, let activity = token.lastUsedAt ?? token.createdAt, days(since: activity) > limit {
                report(.stale) { "no activity for \(days(since: activity)) days (policy: at most \(limit))" }
            }
        }
    }

    /// The moment an exception ending on `date` (its UTC day) stops holding: the next midnight.
    static func endOfDay(_ date: Date) -> Date {
        let start = (date.timeIntervalSince1970 / HygieneRules.day).rounded(.down) * HygieneRules.day
        return Date(timeIntervalSince1970: start + HygieneRules.day)
    }

    static func day(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }
}
