import GRDB

/// The cache's schema, evolved only through this migrator. A file whose migrations this build
/// does not know (written by a newer TokenDeck) is treated as foreign and rebuilt.
enum CacheSchema {
    /// `PRAGMA application_id`: "TDCK". Tells our file from any other SQLite database.
    static let applicationID: Int32 = 0x5444_434B

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: tokens and fetches") { db in
            try db.create(table: TokenRecord.databaseTableName) { table in
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
        return migrator
    }
}
