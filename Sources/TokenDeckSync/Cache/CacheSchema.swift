import Foundation
import GRDB

/// The cache's schema, evolved only through this migrator. A file whose migrations this build
/// does not know (written by a newer TokenDeck) is treated as foreign and rebuilt.
enum CacheSchema {
    /// `PRAGMA application_id`: "TDCK". Tells our file from any other SQLite database.
    static let applicationID: Int32 = 0x5444_434B

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: tokens and fetches") { db in
            try db.create(table: "token") { table in
                table.column("account", .text).notNull()
                table.column("id", .text).notNull()
                table.column("vendor", .text).notNull()
                table.column("kind", .text).notNull()
                table.column("title", .text).notNull()
                table.column("vendor_status", .text).notNull()
                table.column("trashed", .boolean).notNull().defaults(to: false)
                // Seconds since 1970: exact, compact and fast to read back, unlike date text.
                table.column("created_at", .double)
                table.column("last_used_at", .double)
                table.column("expires_at", .double)
                table.column("owner", .text)
                table.column("scopes", .text).notNull().defaults(to: "[]")
                table.column("usage_count", .integer)
                table.column("raw_json", .text).notNull()
                table.primaryKey(["account", "id"])
            }
            try db.create(table: FetchRecord.databaseTableName) { table in
                table.column("account", .text).notNull()
                table.column("query_key", .text).notNull()
                table.column("fetched_at", .double).notNull()
                table.column("count", .integer).notNull()
                table.primaryKey(["account", "query_key"])
            }
            try db.execute(sql: "PRAGMA application_id = \(applicationID)")
        }
        migrator.registerMigration("v2: newest first") { db in
            // The dashboard's first frame reads the newest few hundred tokens before the rest.
            try db.execute(sql: "CREATE INDEX token_created_at ON token(created_at DESC)")
        }
        migrator.registerMigration("v3: generations") { db in
            // A sync writes its tokens once, under a generation of their own, beside the live ones
            // (see `TokenRecord`). Every token already cached becomes its account's live generation.
            try db.execute(sql: """
                CREATE TABLE generation (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    account TEXT NOT NULL,
                    live BOOLEAN NOT NULL DEFAULT 0)
                """)
            try db.execute(sql: "CREATE INDEX generation_account ON generation(account, live)")
            try db.execute(sql: "INSERT INTO generation (account, live) SELECT DISTINCT account, 1 FROM token")
            try db.execute(sql: """
                CREATE TABLE token_v3 (
                    account TEXT NOT NULL, id TEXT NOT NULL, vendor TEXT NOT NULL, kind TEXT NOT NULL, title TEXT NOT NULL,
                    vendor_status TEXT NOT NULL, trashed BOOLEAN NOT NULL DEFAULT 0,
                    created_at DOUBLE, last_used_at DOUBLE, expires_at DOUBLE, owner TEXT,
                    scopes TEXT NOT NULL DEFAULT '[]', usage_count INTEGER, raw_json TEXT NOT NULL,
                    generation INTEGER NOT NULL,
                    PRIMARY KEY (generation, id))
                """)
            // Spelled out: a migration must not change with later code.
            let columns = "account, id, vendor, kind, title, vendor_status, trashed, created_at, last_used_at, expires_at, owner, scopes, usage_count, raw_json"
            try db.execute(sql: """
                INSERT INTO token_v3 (\(columns), generation)
                SELECT \(columns), (SELECT id FROM generation WHERE generation.account = token.account) FROM token ORDER BY rowid
                """)
            try db.execute(sql: "DROP TABLE token")
            try db.execute(sql: "ALTER TABLE token_v3 RENAME TO token")
            try db.execute(sql: "CREATE INDEX token_created_at ON token(created_at DESC)")
            // One account's live rows in storage order (an index's entries end with the rowid).
            try db.execute(sql: "CREATE INDEX token_generation ON token(generation)")
        }
        migrator.registerMigration("v4: a table per generation") { db in
            // Each live generation's rows move to a table of their own, in their order, indexed; the
            // view `token` stands where the shared table was. Generations not live (a sync killed
            // or superseded) are dropped with their rows.
            let live = try Int64.fetchAll(db, sql: "SELECT id FROM generation WHERE live = 1 ORDER BY id")
            // Spelled out: a migration must not change with later code.
            let columns = "account, id, vendor, kind, title, vendor_status, trashed, created_at, last_used_at, expires_at, owner, scopes, usage_count, raw_json"
            for generation in live {
                try db.execute(sql: """
                    CREATE TABLE token_\(generation) (
                        account TEXT NOT NULL, id TEXT NOT NULL, vendor TEXT NOT NULL, kind TEXT NOT NULL, title TEXT NOT NULL,
                        vendor_status TEXT NOT NULL, trashed BOOLEAN NOT NULL DEFAULT 0,
                        created_at DOUBLE, last_used_at DOUBLE, expires_at DOUBLE, owner TEXT,
                        scopes TEXT NOT NULL DEFAULT '[]', usage_count INTEGER, raw_json TEXT NOT NULL)
                    """)
                try db.execute(sql: "INSERT INTO token_\(generation) (\(columns)) SELECT \(columns) FROM token WHERE generation = ? ORDER BY rowid",
                               arguments: [generation])
                try db.execute(sql: "CREATE UNIQUE INDEX token_\(generation)_id ON token_\(generation)(id)")
                try db.execute(sql: "CREATE INDEX token_\(generation)_created_at ON token_\(generation)(created_at DESC)")
            }
            try db.execute(sql: "DELETE FROM generation WHERE live = 0")
            try db.execute(sql: "DROP TABLE token")
            let body = live.isEmpty
                ? "SELECT " + columns.split(separator: ",").map { "NULL AS \($0.trimmingCharacters(in: .whitespaces))" }.joined(separator: ", ") + " WHERE 0"
                : live.map { "SELECT \(columns) FROM token_\($0)" }.joined(separator: " UNION ALL ")
            try db.execute(sql: "CREATE VIEW token AS \(body)")
        }
        migrator.registerMigration("v5: changes") { db in
            // What each sync changed (`ChangeLog`); a file of v4 has no history to carry.
            try db.execute(sql: """
                CREATE TABLE change (
                    id INTEGER PRIMARY KEY, at DOUBLE NOT NULL, account TEXT NOT NULL, vendor TEXT NOT NULL,
                    token_id TEXT NOT NULL, title TEXT NOT NULL, kind TEXT NOT NULL, before TEXT, after TEXT)
                """)
            try db.execute(sql: "CREATE INDEX change_at ON change(at)")
        }
        return migrator
    }
}
