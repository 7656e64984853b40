/// Violations counted by rule and account, with totals, biggest first: what the risk view and
/// `tokendeck audit --summary` show. Counts tokens, so a token breaking one rule once is one.
public struct RiskMatrix: Sendable, Hashable {
    public struct Row: Sendable, Hashable {
        public var rule: PolicyViolation.Rule
        /// Per account, in `accounts` order.
        public var counts: [Int]
        public var total: Int
    }

    /// The accounts with any violation, most violations first (ties in the order given).
    public var accounts: [String]
    /// The rules with any violation, most first (ties in `Rule` order).
    public var rows: [Row]
    /// Per account, in `accounts` order: tokens with at least one violation.
    public var tokensPerAccount: [Int]

    /// `accountOrder` breaks ties between accounts (the config's order).
    public init(_ violations: [PolicyViolation], accountOrder: [String]) {
        var byRule: [PolicyViolation.Rule: [String: Int]] = [:]
        var tokens: [String: Set<String>] = [:]
        for violation in violations {
            byRule[violation.rule, default: [:]][violation.token.account, default: 0] += 1
            tokens[violation.token.account, default: []].insert(violation.token.id)
        }
        self.init(counts: byRule, tokensPerAccount: tokens.mapValues(\.count), accountOrder: accountOrder)
    }

    /// The matrix of counts already made: tokens per rule and account, and tokens breaking any
    /// rule per account (the dashboard counts them from its index, without building violations).
    public init(counts byRule: [PolicyViolation.Rule: [String: Int]], tokensPerAccount tokens: [String: Int], accountOrder: [String]) {
        let position = Dictionary(accountOrder.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let accounts = tokens.keys.filter { (tokens[$0] ?? 0) > 0 }.sorted { a, b in
            let (x, y) = (tokens[a] ?? 0, tokens[b] ?? 0)
            return x != y ? x > y : (position[a] ?? .max, a) < (position[b] ?? .max, b)
        }
        let ruleOrder = Dictionary(PolicyViolation.Rule.allCases.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        rows = byRule.compactMap { rule, perAccount in
            let counts = accounts.map { perAccount[$0] ?? 0 }
            let total = counts.reduce(0, +)
            return total > 0 ? Row(rule: rule, counts: counts, total: total) : nil
        }.sorted { $0.total != $1.total ? $0.total > $1.total : (ruleOrder[$0.rule] ?? 0) < (ruleOrder[$1.rule] ?? 0) }
        self.accounts = accounts
        tokensPerAccount = accounts.map { tokens[$0] ?? 0 }
    }

    /// Tokens breaking any rule, over every account.
    public var totalTokens: Int { tokensPerAccount.reduce(0, +) }
}
