import Foundation
import TokenDeckCore

/// `tokendeck changes`' output: one row (object, line) per change, newest first.
public enum ChangeOutput {
    public static let fields = ["at", "account", "vendor", "id", "title", "change", "before", "after"]

    /// What a person reads for a change: "active → revoked", "expiry never → 2027-01-01T00:00:00Z".
    public static func detail(_ change: TokenChange) -> String {
        switch change.kind {
        case .appeared: "appeared"
        case .disappeared: "disappeared (deleted, or no longer listed)"
        case .trashed: "moved to the trash"
        case .restored: "restored from the trash"
        case .status: "status \(change.before ?? "?") → \(change.after ?? "?")"
        case .expiry: "expiry \(change.before ?? "?") → \(change.after ?? "?")"
        case .firstUsed: "first used \(change.after ?? "")"
        }
    }

    static func values(_ change: TokenChange) -> [String?] {
        [ExpiryParser.format(change.at), change.account, change.vendor.rawValue, change.tokenID, change.title,
         change.kind.rawValue, change.before, change.after]
    }

    public static func render(_ changes: [TokenChange], format: RecordOutput.Format, width: Int) -> String {
        RecordOutput.render(fields: fields, records: changes.map(values), format: format) {
            let columns = [
                TextTable.Column("AT", minimumWidth: 20, shrinkOrder: 5),
                TextTable.Column("ACCOUNT", minimumWidth: 10, shrinkOrder: 1),
                TextTable.Column("ID", minimumWidth: 12, shrinkOrder: 2),
                TextTable.Column("TITLE", minimumWidth: 10, shrinkOrder: 0),
                TextTable.Column("CHANGE", minimumWidth: 16, shrinkOrder: 3),
            ]
            let rows = changes.map { [ExpiryParser.format($0.at), $0.account, $0.tokenID, $0.title, detail($0)] }
            return TextTable(columns: columns, rows: rows).render(width: width)
        }
    }
}
