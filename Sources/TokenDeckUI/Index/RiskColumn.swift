import Foundation
import TokenDeckCore

/// Each token's broken audit-policy rules (`AuditPolicy.brokenRules`, the rules `tokendeck audit`
/// applies) as one byte, as of one moment. Worked out only when asked for — the risk view opening,
/// or a load while the risk filter is on — never on a key press: a warm start and the keys cost
/// the same with or without it.
struct RiskColumn: Sendable {
    let policy: AuditPolicy
    let asOf: Date
    /// Counts assessments, so a view filtered on an older one knows to filter again.
    let assessment: Int
    private(set) var masks: [UInt8] = []

    init(_ tokens: [Token], accounts: AccountColumn, policy: AuditPolicy, asOf: Date, assessment: Int) {
        self.policy = policy
        self.asOf = asOf
        self.assessment = assessment
        // The rules per account (an account has one vendor): the overrides are merged once an
        // account, not once a token.
        var rulesByOrdinal: [Int: AuditPolicy.Rules] = [:]
        var masks: [UInt8] = []
        masks.reserveCapacity(tokens.count)
        tokens.withUnsafeBufferPointer { buffer in
            for index in buffer.indices {
                let ordinal = index < accounts.ordinals.count ? accounts.ordinals[index] : -1
                let rules: AuditPolicy.Rules
                if ordinal >= 0, let known = rulesByOrdinal[ordinal] {
                    rules = known
                } else {
                    rules = policy.rules(for: buffer[index])
                    if ordinal >= 0 { rulesByOrdinal[ordinal] = rules }
                }
                masks.append(policy.brokenRules(by: buffer[index], rules: rules, now: asOf).rawValue)
            }
        }
        self.masks = masks
    }

    /// `token` (at `index`) changed in place (an action's answer): its rules again.
    mutating func reassess(_ token: Token, at index: Int) {
        guard masks.indices.contains(index) else { return }
        masks[index] = policy.brokenRules(by: token, now: asOf).rawValue
    }
}

extension TokenIndex {
    /// Whether the risks were assessed under `policy` (the filter and the view read them).
    func hasRisks(under policy: AuditPolicy) -> Bool {
        risks?.policy == policy
    }

    /// Whether the risks were assessed under `policy` within the minute of `now` (the rules count
    /// days, so a minute-old assessment still answers): opening the view again in that minute
    /// reuses it instead of assessing 100,000 tokens once more (33 ms a press in release).
    func hasRisks(under policy: AuditPolicy, sameMinuteAs now: Date) -> Bool {
        guard let risks, risks.policy == policy else { return false }
        return Int(risks.asOf.timeIntervalSince1970 / 60) == Int(now.timeIntervalSince1970 / 60)
    }

    /// The tokens of `rows` by broken rule and account, and those breaking any rule per account:
    /// one pass over `rows` when the risk view opens.
    func riskMatrix(of rows: [Int], accountNames: [String]) -> RiskMatrix {
        guard let risks else { return RiskMatrix([], accountOrder: accountNames) }
        let rules = PolicyViolation.Rule.allCases
        // Counted by (account ordinal + 1) so tokens of an account the config no longer names
        // (ordinal -1) are counted too, then named.
        let width = accountNames.count + 1
        var byRule = [Int](repeating: 0, count: rules.count * width)
        var any = [Int](repeating: 0, count: width)
        let ordinals = accounts.ordinals
        risks.masks.withUnsafeBufferPointer { masks in
            for row in rows where row < masks.count {
                let mask = masks[row]
                guard mask != 0 else { continue }
                let column = (row < ordinals.count ? ordinals[row] : -1) + 1
                any[column] += 1
                for bit in 0..<rules.count where mask & (1 << bit) != 0 { byRule[bit * width + column] += 1 }
            }
        }
        func name(_ column: Int) -> String { column == 0 ? "(other)" : accountNames[column - 1] }
        var counts: [PolicyViolation.Rule: [String: Int]] = [:]
        for (bit, rule) in rules.enumerated() {
            for column in 0..<width where byRule[bit * width + column] > 0 { counts[rule, default: [:]][name(column)] = byRule[bit * width + column] }
        }
        var tokens: [String: Int] = [:]
        for column in 0..<width where any[column] > 0 { tokens[name(column)] = any[column] }
        return RiskMatrix(counts: counts, tokensPerAccount: tokens, accountOrder: accountNames)
    }
}
