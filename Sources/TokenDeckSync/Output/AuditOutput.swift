import Foundation
import TokenDeckCore

/// `tokendeck audit`'s output: one row (or object, or line) per violation, in the order found.
public enum AuditOutput {
    public typealias Format = RecordOutput.Format

    /// Fields of every violation, in order, for JSON, NDJSON and CSV.
    public static let fields = ["account", "vendor", "id", "title", "rule", "detail"]

    static func values(_ violation: PolicyViolation) -> [String?] {
        [violation.token.account, violation.token.vendor.rawValue, violation.token.id, violation.token.title,
         violation.rule.rawValue, violation.detail]
    }

    public static func render(_ violations: [PolicyViolation], format: Format, width: Int) -> String {
        RecordOutput.render(fields: fields, records: violations.map(values), format: format) {
            let columns = [
                TextTable.Column("ACCOUNT", minimumWidth: 10, shrinkOrder: 1),
                TextTable.Column("ID", minimumWidth: 12, shrinkOrder: 2),
                TextTable.Column("TITLE", minimumWidth: 10, shrinkOrder: 0),
                TextTable.Column("RULE", minimumWidth: 12, shrinkOrder: 4),
                TextTable.Column("DETAIL", minimumWidth: 20, shrinkOrder: 3),
            ]
            let rows = violations.map { [$0.token.account, $0.token.id, $0.token.title, $0.rule.rawValue, $0.detail] }
            return TextTable(columns: columns, rows: rows).render(width: width)
        }
    }

    /// The counts: a row per rule (and `tokens`, the tokens with any violation), a column per
    /// account and `total`. JSON: `{"rule": …, "total": n, "accounts": {name: n, …}}` per row.
    public static func render(_ matrix: RiskMatrix, format: Format, width: Int) -> String {
        let header = ["rule"] + matrix.accounts + ["total"]
        var rows = matrix.rows.map { [$0.rule.rawValue] + $0.counts.map(String.init) + [String($0.total)] }
        if !matrix.accounts.isEmpty {
            rows.append(["tokens"] + matrix.tokensPerAccount.map(String.init) + [String(matrix.tokensPerAccount.reduce(0, +))])
        }
        switch format {
        case .table:
            guard !matrix.rows.isEmpty else { return "" }
            let columns = header.enumerated().map { index, name in
                TextTable.Column(index == 0 ? "RULE" : name == "total" && index == header.count - 1 ? "TOTAL" : name,
                                 minimumWidth: index == 0 ? 12 : 5, shrinkOrder: index == 0 ? 9 : 1)
            }
            return TextTable(columns: columns, rows: rows).render(width: width)
        case .csv:
            var out = ""
            TokenOutput.appendCSVRow(header, to: &out)
            for row in rows { TokenOutput.appendCSVRow(row, to: &out) }
            return out
        case .json, .ndjson:
            let objects = rows.map { row -> String in
                var out = "{\"rule\":"
                TokenOutput.appendJSONString(row[0], to: &out)
                out += ",\"total\":\(row[row.count - 1]),\"accounts\":{"
                for (index, account) in matrix.accounts.enumerated() {
                    if index > 0 { out += "," }
                    TokenOutput.appendJSONString(account, to: &out)
                    out += ":\(row[index + 1])"
                }
                return out + "}}"
            }
            if format == .ndjson { return objects.map { $0 + "\n" }.joined() }
            return objects.isEmpty ? "[]\n" : "[\n" + objects.joined(separator: ",\n") + "\n]\n"
        }
    }
}
