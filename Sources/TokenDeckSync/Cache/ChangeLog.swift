import Foundation
import GRDB
import TokenDeckCore

/// What changed between two syncs of an account, as the cache saw it: a token appeared or
/// disappeared (deleted, or gone from the listing), moved to or out of the trash, changed status
/// (suspended, revoked, expired as the vendor says), changed expiry, or was used for the first time.
public struct TokenChange: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case appeared, disappeared, trashed, restored, status, expiry
        case firstUsed = "first_used"
    }

    public var at: Date
    public var account: String
    public var vendor: Vendor
    public var tokenID: String
    public var title: String
    public var kind: Kind
    /// Before and after, for `status` (the vendor's words) and `expiry` (ISO 8601 or `never`);
    /// `after` is the first use's time for `first_used`.
    public var before: String?
    public var after: String?

    public init(at: Date, account: String, vendor: Vendor, tokenID: String, title: String, kind: Kind,
                before: String? = nil, after: String? = nil) {
        self.at = at
        self.account = account
        self.vendor = vendor
        self.tokenID = tokenID
        self.title = title
        self.kind = kind
        self.before = before
        self.after = after
    }
}

/// The `change` table: the events each commit derives by comparing the account's new table with
/// the one it replaces, in the same transaction (so no sync's changes are lost or told twice).
/// A first sync has nothing to compare with and records nothing: no flood of "appeared".
/// Kept for `retention`, pruned at each commit.
enum ChangeLog {
    static let retention: TimeInterval = 90 * 86_400

    /// SQLite's text of a stored time (seconds since 1970), ISO 8601 in UTC, or `never`.
    private static func iso(_ column: String) -> String {
        "coalesce(strftime('%Y-%m-%dT%H:%M:%SZ', \(column), 'unixepoch'), 'never')"
    }

    /// Records what changed from `old` (the live table) to `new` (the one being committed) at `at`.
    /// Three passes over the tables (each new token looked up in the old id index, and back).
    static func record(account: String, from old: String, to new: String, at: Date, in db: Database) throws {
        let time = at.timeIntervalSince1970
        let insert = "INSERT INTO change (at, account, vendor, token_id, title, kind, before, after)"
        try db.execute(sql: """
            \(insert) SELECT ?, ?, n.vendor, n.id, n.title, 'appeared', NULL, NULL FROM \(new) n \
            WHERE NOT EXISTS (SELECT 1 FROM \(old) o WHERE o.id = n.id) ORDER BY n.rowid
            """, arguments: [time, account])
        try db.execute(sql: """
            \(insert) SELECT ?, ?, o.vendor, o.id, o.title, 'disappeared', NULL, NULL FROM \(old) o \
            WHERE NOT EXISTS (SELECT 1 FROM \(new) n WHERE n.id = o.id) ORDER BY o.rowid
            """, arguments: [time, account])
        // One join for every change of a token in both; the rows that differ are few.
        let changed = try Row.fetchAll(db, sql: """
            SELECT n.vendor, n.id, n.title, o.vendor_status AS s0, n.vendor_status AS s1, o.trashed AS t0, n.trashed AS t1, \
            o.expires_at IS NOT n.expires_at AS expiry, \(iso("o.expires_at")) AS e0, \(iso("n.expires_at")) AS e1, \
            (o.last_used_at IS NULL AND n.last_used_at IS NOT NULL) AS used, \(iso("n.last_used_at")) AS u1 \
            FROM \(new) n JOIN \(old) o ON o.id = n.id \
            WHERE o.vendor_status <> n.vendor_status OR o.trashed <> n.trashed OR o.expires_at IS NOT n.expires_at \
            OR (o.last_used_at IS NULL AND n.last_used_at IS NOT NULL) ORDER BY n.rowid
            """)
        for row in changed {
            let base: [any DatabaseValueConvertible] = [time, account, row["vendor"] as String? ?? "", row["id"] as String? ?? "",
                                                        row["title"] as String? ?? ""]
            func add(_ kind: TokenChange.Kind, _ before: String?, _ after: String?) throws {
                try db.execute(sql: "\(insert) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                               arguments: StatementArguments(base + [kind.rawValue, before, after]))
            }
            let wasTrashed = row["t0"] as Bool? ?? false, isTrashed = row["t1"] as Bool? ?? false
            if wasTrashed != isTrashed { try add(isTrashed ? .trashed : .restored, nil, nil) }
            let before = row["s0"] as String? ?? "", after = row["s1"] as String? ?? ""
            if before != after { try add(.status, before, after) }
            if row["expiry"] as Bool? ?? false { try add(.expiry, row["e0"], row["e1"]) }
            if row["used"] as Bool? ?? false { try add(.firstUsed, nil, row["u1"]) }
        }
        try db.execute(sql: "DELETE FROM change WHERE at < ?", arguments: [time - retention])
    }

    /// The changes at or after `since` (every one when nil), of `account` (all when nil), newest first.
    static func fetch(since: Date?, account: String?, in db: Database) throws -> [TokenChange] {
        var conditions: [String] = []
        var arguments: [any DatabaseValueConvertible] = []
        if let since {
            conditions.append("at >= ?")
            arguments.append(since.timeIntervalSince1970)
        }
        if let account {
            conditions.append("account = ?")
            arguments.append(account)
        }
        let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        let rows = try Row.fetchAll(db, sql: "SELECT * FROM change\(filter) ORDER BY at DESC, id",
                                    arguments: StatementArguments(arguments))
        return rows.compactMap { row in
            guard let kind = TokenChange.Kind(rawValue: row["kind"] as String? ?? ""),
                  let vendor = Vendor(rawValue: row["vendor"] as String? ?? "") else { return nil }
            return TokenChange(at: Date(timeIntervalSince1970: row["at"] as Double? ?? 0), account: row["account"] as String? ?? "",
                               vendor: vendor, tokenID: row["token_id"] as String? ?? "", title: row["title"] as String? ?? "",
                               kind: kind, before: row["before"], after: row["after"])
        }
    }

    /// The time of each account's latest recorded changes.
    static func latest(in db: Database) throws -> [String: Date] {
        let rows = try Row.fetchAll(db, sql: "SELECT account, max(at) AS at FROM change GROUP BY account")
        return Dictionary(rows.map { ($0["account"] as String? ?? "", Date(timeIntervalSince1970: $0["at"] as Double? ?? 0)) },
                          uniquingKeysWith: { $1 })
    }
}
