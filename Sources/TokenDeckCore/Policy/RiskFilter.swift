/// The risk filter of a `TokenQuery`: the tokens breaking one rule of the policy, or any rule.
/// Applied by whoever holds the policy (the dashboard's index, from the risk view); `tokendeck
/// list` never sets it, and `TokenFilter.matches` leaves it to them.
public struct RiskFilter: Codable, Sendable, Hashable {
    /// Nil: any rule.
    public var rule: PolicyViolation.Rule?

    public init(rule: PolicyViolation.Rule?) {
        self.rule = rule
    }

    public static let anyRule = RiskFilter(rule: nil)

    /// The bits a token's broken rules must share to pass.
    public var wanted: PolicyViolation.RuleSet {
        rule.map(PolicyViolation.RuleSet.init) ?? PolicyViolation.RuleSet(rawValue: .max)
    }
}

extension PolicyViolation.Rule: Codable {}

extension AuditPolicy {
    /// What a person reads for `rule` under this policy's own limits: "stale 90d", "no expiry";
    /// overrides per vendor or account may set other limits for some tokens.
    public func label(of rule: PolicyViolation.Rule) -> String {
        func days(_ value: Int?) -> String { value.map { " \($0)d" } ?? "" }
        switch rule {
        case .expiresSoon: return "expires in\(days(rules.warnBeforeExpiryDays))"
        case .noExpiry: return "no expiry"
        case .lifetime: return "older\(days(rules.maxLifetimeDays))"
        case .unused: return "unused\(days(rules.maxUnusedDays))"
        case .stale: return "stale\(days(rules.maxStaleDays))"
        case .exceptionExpired: return "exception ended"
        }
    }

    /// `label(of:)` for a filter: the rule's label, or "any rule".
    public func label(of filter: RiskFilter) -> String {
        filter.rule.map { label(of: $0) } ?? "any rule"
    }
}
