import Foundation
import GRDB
import GRDBSQLite
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

    /// What a staging saw of each token, by a hash of its id: its row in the new table and the
    /// fingerprint of the fields a change is told by. Filled as pages are staged, so the commit
    /// compares without reading the new table: one scan of the old one, then only the few rows
    /// that differ (three joins over both tables took ~190 ms a sync at 100,000 tokens; this, 90–110 ms on a
    /// loaded box, by the debug line "changes recorded in").
    struct Staged: Sendable {
        var entries: [UInt64: (rowid: Int64, fingerprint: UInt64)] = [:]

        mutating func note(hash: UInt64, rowid: Int64, fingerprint: UInt64) {
            entries[hash] = (rowid, fingerprint)
        }
    }

    /// FNV-1a of an id's bytes: stable across processes and cheap (the staging places rows by it;
    /// a collision is caught there by the update's id check).
    static func hash(_ id: String) -> UInt64 {
        var copy = id
        return copy.withUTF8 { hash($0) }
    }

    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        return hash
    }

    /// The fields a change is told by, as the cache stores them: status text, trash mark, expiry
    /// (seconds, or none) and whether the token was ever used.
    static func fingerprint(_ token: Token) -> UInt64 {
        var copy = token.vendorStatus.rawValue
        return copy.withUTF8 { fingerprint(status: $0, trashed: token.trashed, expires: token.expiresAt?.timeIntervalSince1970,
                                           used: token.lastUsedAt != nil) }
    }

    static func fingerprint(status: UnsafeBufferPointer<UInt8>, trashed: Bool, expires: Double?, used: Bool) -> UInt64 {
        var value = hash(status)
        func mix(_ word: UInt64) { value = (value ^ word) &* 0x0000_0100_0000_01b3 &+ 0x9e37_79b9_7f4a_7c15 }
        mix(trashed ? 1 : 2)
        mix(expires.map { $0.bitPattern } ?? 0x7ff8_dead_beef_0001)
        mix(used ? 3 : 4)
        return value
    }

    /// Records what changed from `old` (the live table) to `new` (being committed, staged as
    /// `staged`) at `at`. Ids in `unchanged` (acted on during the sync: not a change between
    /// syncs) are passed over. Rows the commit copied from the old table (created meanwhile, or
    /// kept unconfirmed) are the old rows themselves: not changes either.
    static func record(account: String, from old: String, to new: String, staged: Staged, unchanged: Set<String>,
                       at: Date, in db: Database) throws {
        var seen = Set<UInt64>(minimumCapacity: staged.entries.count)
        var gone: [String] = [], changed: [String] = []
        let scan = try db.makeStatement(sql: "SELECT id, vendor_status, trashed, expires_at, last_used_at IS NOT NULL FROM \(old) ORDER BY rowid")
        try withExtendedLifetime(scan) {
            let raw = scan.sqliteStatement
            defer { sqlite3_reset(raw) }
            while true {
                let code = sqlite3_step(raw)
                if code == SQLITE_DONE { break }
                guard code == SQLITE_ROW else {
                    throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
                }
                let id = bytes(raw, 0), status = bytes(raw, 1)
                let key = hash(id)
                let fingerprint = fingerprint(status: status, trashed: sqlite3_column_int(raw, 2) != 0,
                                              expires: sqlite3_column_type(raw, 3) == SQLITE_NULL ? nil : sqlite3_column_double(raw, 3),
                                              used: sqlite3_column_int(raw, 4) != 0)
                guard let entry = staged.entries[key] else {
                    gone.append(String(decoding: id, as: UTF8.self))
                    continue
                }
                seen.insert(key)
                if entry.fingerprint != fingerprint {
                    let text = String(decoding: id, as: UTF8.self)
                    if !unchanged.contains(text) { changed.append(text) }
                }
            }
        }
        let time = at.timeIntervalSince1970
        let insert = "INSERT INTO change (at, account, vendor, token_id, title, kind, before, after) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
        func add(_ vendor: String, _ id: String, _ title: String, _ kind: TokenChange.Kind, _ before: String? = nil, _ after: String? = nil) throws {
            try db.execute(sql: insert, arguments: [time, account, vendor, id, title, kind.rawValue, before, after])
        }
        // Appeared: staged, and not in the old table; in the order they were listed.
        var appeared: [Int64] = []
        for (key, entry) in staged.entries where !seen.contains(key) { appeared.append(entry.rowid) }
        appeared.sort()
        for rowid in appeared {
            guard let row = try Row.fetchOne(db, sql: "SELECT vendor, id, title FROM \(new) WHERE rowid = ?", arguments: [rowid]) else { continue }
            let id: String = row["id"] ?? ""
            guard !unchanged.contains(id) else { continue }
            try add(row["vendor"] ?? "", id, row["title"] ?? "", .appeared)
        }
        // Gone from the listing: unless the commit copied it over.
        for id in gone {
            guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM \(new) WHERE id = ?)", arguments: [id]) == false,
                  let row = try Row.fetchOne(db, sql: "SELECT vendor, title FROM \(old) WHERE id = ?", arguments: [id]) else { continue }
            try add(row["vendor"] ?? "", id, row["title"] ?? "", .disappeared)
        }
        // Listed in both and different: which fields, told from the two rows.
        for id in changed {
            guard let row = try Row.fetchOne(db, sql: """
                SELECT n.vendor, n.title, o.vendor_status AS s0, n.vendor_status AS s1, o.trashed AS t0, n.trashed AS t1, \
                o.expires_at IS NOT n.expires_at AS expiry, \(iso("o.expires_at")) AS e0, \(iso("n.expires_at")) AS e1, \
                (o.last_used_at IS NULL AND n.last_used_at IS NOT NULL) AS used, \(iso("n.last_used_at")) AS u1 \
                FROM \(new) n JOIN \(old) o ON o.id = n.id WHERE n.id = ?
                """, arguments: [id]) else { continue }
            let vendor: String = row["vendor"] ?? "", title: String = row["title"] ?? ""
            let wasTrashed: Bool = row["t0"] ?? false, isTrashed: Bool = row["t1"] ?? false
            if wasTrashed != isTrashed { try add(vendor, id, title, isTrashed ? .trashed : .restored) }
            let before: String = row["s0"] ?? "", after: String = row["s1"] ?? ""
            if before != after { try add(vendor, id, title, .status, before, after) }
            if row["expiry"] ?? false { try add(vendor, id, title, .expiry, row["e0"], row["e1"]) }
            if row["used"] ?? false { try add(vendor, id, title, .firstUsed, nil, row["u1"]) }
        }
        try db.execute(sql: "DELETE FROM change WHERE at < ?", arguments: [time - retention])
    }

    /// A text column's bytes, valid until the statement steps again.
    private static func bytes(_ statement: SQLiteStatement, _ column: Int32) -> UnsafeBufferPointer<UInt8> {
        guard let pointer = sqlite3_column_text(statement, column) else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: pointer, count: Int(sqlite3_column_bytes(statement, column)))
    }

    /// The changes at or after `since` (every one when nil), of `account` (all when nil), newest first.
    static func fetch(since: Date?, account: String?, limit: Int? = nil, in db: Database) throws -> [TokenChange] {
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
        let rows = try Row.fetchAll(db, sql: "SELECT * FROM change\(filter) ORDER BY at DESC, id\(limit.map { " LIMIT \(max(0, $0))" } ?? "")",
                                    arguments: StatementArguments(arguments))
        return rows.compactMap { row in
            guard let kind = TokenChange.Kind(rawValue: row["kind"] as String? ?? ""),
                  let vendor = Vendor(rawValue: row["vendor"] as String? ?? "") else { return nil }
            return TokenChange(at: Date(timeIntervalSince1970: row["at"] as Double? ?? 0), account: row["account"] as String? ?? "",
                               vendor: vendor, tokenID: row["token_id"] as String? ?? "", title: row["title"] as String? ?? "",
                               kind: kind, before: row["before"], after: row["after"])
        }
    }

    /// The tokens that appeared after `since`, as (account, id): all the dashboard's new-token marks
    /// need. (Reading every change instead held them all: a sync that moved 100,000 expiries made
    /// the dashboard's peak 243 MB in scripts/bench-memory.sh, against 151 MB.)
    static func appeared(since: Date, in db: Database) throws -> [(account: String, id: String)] {
        let rows = try Row.fetchAll(db, sql: "SELECT account, token_id FROM change WHERE kind = ? AND at > ?",
                                    arguments: [TokenChange.Kind.appeared.rawValue, since.timeIntervalSince1970])
        return rows.map { (account: $0["account"] as String? ?? "", id: $0["token_id"] as String? ?? "") }
    }
}
