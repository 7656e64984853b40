import Foundation
import TokenDeckCore

/// `R` / `:risks`: the audit policy's rules × accounts as counts of the tokens in view (every
/// filter but the account and the risk filter itself), biggest first, with a cursor on one cell.
/// Column 0 is the total; then the accounts. The last row is "any rule" (tokens breaking at least one).
struct RiskPanel: Sendable, Hashable {
    var matrix: RiskMatrix
    /// The policy's labels of the matrix's rules, in row order ("stale 90d").
    var labels: [String]
    /// "built-in policy" or the policy file's path.
    var source: String
    /// The view's other filters the counts were taken within, as their chips say; empty for none.
    var within: [String]
    var row = 0
    var column = 0

    var rowCount: Int { matrix.rows.isEmpty ? 0 : matrix.rows.count + 1 }
    var columnCount: Int { matrix.accounts.count + 1 }

    /// The count in a cell: `row` past the rules is "any rule"; `column` 0 the total.
    func count(row: Int, column: Int) -> Int {
        if row < matrix.rows.count {
            let rule = matrix.rows[row]
            return column == 0 ? rule.total : rule.counts[column - 1]
        }
        return column == 0 ? matrix.totalTokens : matrix.tokensPerAccount[column - 1]
    }

    /// The filter the cell under the cursor stands for.
    var chosenRisk: RiskFilter {
        row < matrix.rows.count ? RiskFilter(rule: matrix.rows[row].rule) : .anyRule
    }

    /// The account the cell under the cursor stands for; nil for the total.
    var chosenAccount: String? {
        column == 0 ? nil : matrix.accounts[column - 1]
    }
}
