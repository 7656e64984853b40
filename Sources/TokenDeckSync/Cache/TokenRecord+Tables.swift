import Foundation
import GRDB

/// The tables of the generations, their indexes and the view over the live ones.
extension TokenRecord {
    /// The table of `generation` (an integer: safe to spell into SQL).
    static func table(_ generation: Int64) -> String { "token_\(generation)" }

    /// The generation a table name stands for, or nil for any other table.
    static func generation(ofTable name: String) -> Int64? {
        guard name.hasPrefix("token_") else { return nil }
        return Int64(name.dropFirst("token_".count))
    }

    static func createTableSQL(_ generation: Int64) -> String {
        """
        CREATE TABLE \(table(generation)) (
            account TEXT NOT NULL, id TEXT NOT NULL, vendor TEXT NOT NULL, kind TEXT NOT NULL, title TEXT NOT NULL,
            vendor_status TEXT NOT NULL, trashed BOOLEAN NOT NULL DEFAULT 0,
            created_at DOUBLE, last_used_at DOUBLE, expires_at DOUBLE, owner TEXT,
            scopes TEXT NOT NULL DEFAULT '[]', usage_count INTEGER, raw_json TEXT NOT NULL)
        """
    }

    /// A live table's indexes: a token by id (one shown, acted on, upserted) and the newest first
    /// (a first frame). Built once when a sync commits, from rows in place: a sort, not 100,000
    /// inserts at random places.
    static func createIndexes(_ generation: Int64, in db: Database) throws {
        let name = table(generation)
        try db.execute(sql: "CREATE UNIQUE INDEX IF NOT EXISTS \(name)_id ON \(name)(id)")
        try db.execute(sql: "CREATE INDEX IF NOT EXISTS \(name)_created_at ON \(name)(created_at DESC)")
    }

    /// The live generation of `account`, or nil when it has none.
    static func liveGeneration(of account: String, in db: Database) throws -> Int64? {
        try Int64.fetchOne(db, sql: "SELECT id FROM generation WHERE account = ? AND live = 1", arguments: [account])
    }

    /// Every live generation, in the order the view lists them.
    static func liveGenerations(in db: Database) throws -> [Int64] {
        try Int64.fetchAll(db, sql: "SELECT id FROM generation WHERE live = 1 ORDER BY id")
    }

    /// Makes the view `token` the union of the live tables (after the set of them changed).
    static func refreshView(in db: Database) throws {
        let live = try liveGenerations(in: db)
        try db.execute(sql: "DROP VIEW IF EXISTS \(viewName)")
        let body = live.isEmpty
            ? "SELECT " + columnNames.map { "NULL AS \($0)" }.joined(separator: ", ") + " WHERE 0"
            : live.map { "SELECT \(columnsSQL) FROM \(table($0))" }.joined(separator: " UNION ALL ")
        try db.execute(sql: "CREATE VIEW \(viewName) AS \(body)")
    }

    /// Makes a live generation (table and indexes) for `account` if it has none; returns it.
    static func ensureLiveGeneration(of account: String, in db: Database) throws -> Int64 {
        if let live = try liveGeneration(of: account, in: db) { return live }
        try db.execute(sql: "INSERT INTO generation (account, live) VALUES (?, 1)", arguments: [account])
        let generation = db.lastInsertedRowID
        try db.execute(sql: createTableSQL(generation))
        try createIndexes(generation, in: db)
        try refreshView(in: db)
        return generation
    }

    /// Drops the tables of `generations` and their rows of `generation`.
    static func drop(_ generations: [Int64], in db: Database) throws {
        for generation in generations {
            try db.execute(sql: "DROP TABLE IF EXISTS \(table(generation))")
            try db.execute(sql: "DELETE FROM generation WHERE id = ?", arguments: [generation])
        }
    }

    /// The live tokens of `account` (all when nil) in storage order: one table in rowid order, or the
    /// view (each live table in rowid order, one after another). Nil when the account has no tokens.
    static func selectSQL(account: String?, withRawJSON: Bool = true, in db: Database) throws -> String? {
        let columns = withRawJSON ? columnsSQL : columnsWithoutRawJSONSQL
        guard let account else { return "SELECT \(columns) FROM \(viewName)" }
        guard let live = try liveGeneration(of: account, in: db) else { return nil }
        return "SELECT \(columns) FROM \(table(live)) ORDER BY rowid"
    }

    /// How many live tokens `account` (all when nil) has.
    static func count(account: String?, in db: Database) throws -> Int {
        guard let account else { return try Int.fetchOne(db, sql: "SELECT count(*) FROM \(viewName)") ?? 0 }
        guard let live = try liveGeneration(of: account, in: db) else { return 0 }
        return try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table(live))") ?? 0
    }
}
