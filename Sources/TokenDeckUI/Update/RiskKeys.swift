import Foundation
import TokenDeckCore

/// The risk view (`RiskPanel`): opening it counts the risks, keys move over its cells, Enter sets
/// the risk filter (and the account) and closes it.
enum RiskKeys {
    /// Assesses every token against the policy (the only time the counts are made; an assessment
    /// of the same load, policy and minute is reused) and opens the view with the cursor on the
    /// biggest rule's total.
    static func open(in state: inout AppState) {
        let names = state.accounts.map(\.name)
        if !state.catalog.hasRisks(under: state.policy, sameMinuteAs: state.now) {
            state.catalog.assessRisks(policy: state.policy, now: state.now)
        }
        var query = state.query
        query.risk = nil
        let rows = state.catalog.rows(for: query, inAccount: nil, now: state.now)
        let matrix = state.catalog.riskMatrix(of: rows, accountNames: names)
        var within = Chips.filters(of: state, includingRisk: false)
        within.removeAll { $0.hasPrefix("sort: ") }
        state.riskPanel = RiskPanel(matrix: matrix, labels: matrix.rows.map { state.policy.label(of: $0.rule) },
                                    source: state.policy.path ?? "built-in policy", within: within)
        state.searching = false
    }

    static func handle(_ key: Key, in state: inout AppState) -> [Effect] {
        guard var panel = state.riskPanel else { return [] }
        switch key {
        case .escape, .char("q"), .char("R"), .backspace:
            state.riskPanel = nil
            return []
        case .char("j"), .down: panel.row = min(panel.row + 1, max(0, panel.rowCount - 1))
        case .char("k"), .up: panel.row = max(0, panel.row - 1)
        case .char("l"), .right, .tab: panel.column = min(panel.column + 1, panel.columnCount - 1)
        case .char("h"), .left, .backTab: panel.column = max(0, panel.column - 1)
        case .char("g"), .home: panel.row = 0
        case .char("G"), .end: panel.row = max(0, panel.rowCount - 1)
        case .enter:
            guard panel.rowCount > 0 else {
                state.riskPanel = nil
                return []
            }
            choose(panel, in: &state)
            return []
        default:
            break
        }
        state.riskPanel = panel
        return []
    }

    /// The table filtered to exactly the tokens of the cell: the risk filter with the other
    /// filters as they were, and the cell's account (All for the total).
    private static func choose(_ panel: RiskPanel, in state: inout AppState) {
        state.riskPanel = nil
        setRisk(panel.chosenRisk, in: &state)
        state.selectAccount(ordinal: panel.chosenAccount.flatMap { name in state.accounts.firstIndex { $0.name == name } })
        state.focus = .table
    }

    /// `:risk RULE|any|off`: the rule by its name in the policy file (`max_stale`) or its first
    /// word (`stale`).
    static func filter(named argument: String, in state: inout AppState) -> Bool {
        let word = argument.lowercased()
        switch word {
        case "off", "none", "all":
            state.query.risk = nil
        case "any":
            setRisk(.anyRule, in: &state)
        default:
            let rule = PolicyViolation.Rule(rawValue: word)
                ?? PolicyViolation.Rule.allCases.first { $0.rawValue.hasSuffix("_" + word) || state.policy.label(of: $0).hasPrefix(word) }
            guard let rule else { return false }
            setRisk(RiskFilter(rule: rule), in: &state)
        }
        return true
    }

    static let hints: [StatusBar.Hint] = [("←↓↑→", "move"), ("enter", "filter the table"), ("esc", "close")]

    /// The risk filter on: tokens in the trash are past harm and break no rule, so a trash-only
    /// view becomes the active tokens.
    private static func setRisk(_ risk: RiskFilter?, in state: inout AppState) {
        state.query.risk = risk
        if risk != nil, state.query.trashed == .only { state.query.trashed = .none }
    }
}
