import Foundation
import GRDB
import GRDBSQLite
import TokenDeckCore

/// A generation's table (`token_<generation>`): one row per `Token` of one account. Never holds a
/// credential or a secret: `raw_json` is the vendor's record as listed, which carries neither.
///
/// Each sync of an account writes its pages into a table of its own (named after its row of
/// `generation`), beside the account's live table, which readers keep seeing until the commit makes
/// the new generation live and drops the old table, in one transaction. Dropping a table frees its
/// pages whole: deleting 100,000 rows from one shared table cost a second sync more than the first
/// (every row out of three B-trees, through the WAL). A table is written without indexes, in rowids
/// the staging hands out in listing order (appends, no index work per row), and indexed once at the
/// commit. The view `token` is every live table in one (for all-account reads, and for `sqlite3`).
///
/// Rows are written and read through SQLite's C API: in a debug build, GRDB's per-row records and
/// arguments made 100k tokens take seconds instead of a fraction of one.
enum TokenRecord {
    /// The view of every live generation's table.
    static let viewName = "token"

    /// Columns in the order `insertSQL` and `selectSQL` use them.
    static let columnNames = [
        "account", "id", "vendor", "kind", "title", "vendor_status", "trashed",
        "created_at", "last_used_at", "expires_at", "owner", "scopes", "usage_count", "raw_json",
    ]

    static let columnsSQL = columnNames.joined(separator: ", ")
    /// The same columns with an empty `raw_json`: what a listing or the dashboard's table needs
    /// (the vendor's JSON is two thirds of a row, and is read one token at a time when shown).
    static let columnsWithoutRawJSONSQL = columnNames.dropLast().joined(separator: ", ") + ", ''"

    // MARK: - Writing

    static func insertSQL(_ generation: Int64, orReplace: Bool = false) -> String {
        "INSERT \(orReplace ? "OR REPLACE " : "")INTO \(table(generation)) (\(columnsSQL)) VALUES (\(columnNames.map { _ in "?" }.joined(separator: ", ")))"
    }

    /// Inserts (or replaces) single tokens in their accounts' live tables, made first if an account
    /// has none. Call inside a write transaction.
    static func insert(_ tokens: [Token], in db: Database) throws {
        var statements: [String: (statement: Statement, sql: String)] = [:]
        for index in tokens.indices {
            let account = tokens[index].account
            if statements[account] == nil {
                let sql = insertSQL(try ensureLiveGeneration(of: account, in: db), orReplace: true)
                statements[account] = (try db.makeStatement(sql: sql), sql)
            }
            guard let (statement, sql) = statements[account] else { continue }
            try withExtendedLifetime(statement) {
                let raw = statement.sqliteStatement
                sqlite3_reset(raw)
                bindColumns(tokens[index], account: account, from: 1, raw)
                try run(raw, sql: sql, db)
            }
        }
    }

    /// One staged row: a token new to the staging (written at `rowid`), or one it already holds at
    /// `rowid` (updated in place: a token listed twice keeps its first place and takes its last
    /// content, as a page that shifted under the walk would have it).
    enum StagedRow {
        case insert(rowid: Int64)
        /// `spare` is where the token goes if the row at `rowid` turns out to be another token's (the
        /// staging matched ids by a 64-bit hash).
        case update(rowid: Int64, spare: Int64)
    }

    /// Writes pages of `account`'s tokens into `generation`'s table, each as `rows` says (one per token,
    /// in page order). Call inside a write transaction.
    static func stage(_ pages: [[Token]], rows: [StagedRow], account: String, generation: Int64, in db: Database) throws {
        let insertSQL = "INSERT INTO \(table(generation)) (rowid, \(columnsSQL)) VALUES (?, \(columnNames.map { _ in "?" }.joined(separator: ", ")))"
        let updateSQL = "UPDATE \(table(generation)) SET \(columnNames.enumerated().map { "\($1) = ?\($0 + 2)" }.joined(separator: ", ")) WHERE rowid = ?1 AND id = ?3"
        // Held to the end: the raw handles below are finalized with the `Statement`s that own them.
        let insertStatement = try db.makeStatement(sql: insertSQL), updateStatement = try db.makeStatement(sql: updateSQL)
        try withExtendedLifetime((insertStatement, updateStatement)) {
            try stage(pages, rows: rows, account: account, insert: insertStatement.sqliteStatement, insertSQL: insertSQL,
                      update: updateStatement.sqliteStatement, updateSQL: updateSQL, in: db)
        }
    }

    private static func stage(_ pages: [[Token]], rows: [StagedRow], account: String, insert: SQLiteStatement, insertSQL: String,
                              update: SQLiteStatement, updateSQL: String, in db: Database) throws {
        defer { sqlite3_reset(insert); sqlite3_reset(update) }
        var position = 0
        for page in pages {
            // The tokens are read where they lie: a `for token in` loop (or a `let` of one) copies each
            // token, retaining and later releasing every string in it.
            try page.withUnsafeBufferPointer { buffer in
                for index in buffer.indices {
                    guard position < rows.count else { return }
                    switch rows[position] {
                    case .insert(let rowid):
                        try write(buffer[index], at: rowid, account: account, insert, sql: insertSQL, db)
                    case .update(let rowid, let spare):
                        sqlite3_reset(update)
                        sqlite3_bind_int64(update, 1, rowid)
                        bindColumns(buffer[index], account: account, from: 2, update)
                        try run(update, sql: updateSQL, db)
                        if sqlite3_changes(db.sqliteConnection) == 0 {
                            try write(buffer[index], at: spare, account: account, insert, sql: insertSQL, db)
                        }
                    }
                    position += 1
                }
            }
        }
    }

    private static func write(_ token: Token, at rowid: Int64, account: String, _ raw: SQLiteStatement, sql: String, _ db: Database) throws {
        sqlite3_reset(raw)
        sqlite3_bind_int64(raw, 1, rowid)
        bindColumns(token, account: account, from: 2, raw)
        try run(raw, sql: sql, db)
    }

    /// Binds the token's columns, in `columnNames` order, from parameter `first` on.
    private static func bindColumns(_ token: Token, account: String, from first: Int32, _ raw: SQLiteStatement) {
        bind(account, first, raw)
        bind(token.id, first + 1, raw)
        bind(token.vendor.rawValue, first + 2, raw)
        bind(token.kind, first + 3, raw)
        bind(token.title, first + 4, raw)
        bind(token.vendorStatus.rawValue, first + 5, raw)
        sqlite3_bind_int(raw, first + 6, token.trashed ? 1 : 0)
        bind(token.createdAt?.timeIntervalSince1970, first + 7, raw)
        bind(token.lastUsedAt?.timeIntervalSince1970, first + 8, raw)
        bind(token.expiresAt?.timeIntervalSince1970, first + 9, raw)
        bind(token.owner, first + 10, raw)
        bind(encodeScopes(token.scopes), first + 11, raw)
        if let count = token.usageCount { sqlite3_bind_int64(raw, first + 12, Int64(count)) } else { sqlite3_bind_null(raw, first + 12) }
        bind(token.rawJSON, first + 13, raw)
    }

    private static func run(_ raw: SQLiteStatement, sql: String, _ db: Database) throws {
        let code = sqlite3_step(raw)
        guard code == SQLITE_DONE else {
            let message = String(cString: sqlite3_errmsg(db.sqliteConnection))
            sqlite3_reset(raw)
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: sql)
        }
    }

    // MARK: - Reading

    /// The tokens of `account` (all when nil) in the order they were stored, read column by column;
    /// without `rawJSON` (left empty) unless asked for.
    static func fetchTokens(account: String?, withRawJSON: Bool = true, in db: Database) throws -> [Token] {
        guard let sql = try selectSQL(account: account, withRawJSON: withRawJSON, in: db) else { return [] }
        return try fetchTokens(sql: sql, expectedCount: try count(account: account, in: db), in: db)
    }

    /// The vendor's JSON of one token, or nil when it is not cached.
    static func fetchRawJSON(account: String, id: String, in db: Database) throws -> String? {
        guard let live = try liveGeneration(of: account, in: db) else { return nil }
        return try String.fetchOne(db, sql: "SELECT raw_json FROM \(table(live)) WHERE id = ?", arguments: [id])
    }

    /// The `limit` most recently created tokens of every account, newest first: each live table's
    /// newest through its index, merged.
    static func fetchNewestTokens(limit: Int, in db: Database) throws -> [Token] {
        let limit = max(0, limit)
        var newest: [Token] = []
        for generation in try liveGenerations(in: db) {
            newest += try fetchTokens(sql: "SELECT \(columnsSQL) FROM \(table(generation)) ORDER BY created_at DESC LIMIT \(limit)",
                                      expectedCount: min(limit, 10_000), in: db)
        }
        // Stable, as one ORDER BY over them all would be; a token with no creation time last.
        let order = newest.indices.sorted { a, b in
            let x = newest[a].createdAt ?? .distantPast, y = newest[b].createdAt ?? .distantPast
            return x != y ? x > y : a < b
        }
        return order.prefix(limit).map { newest[$0] }
    }

    private static func fetchTokens(sql: String, expectedCount: Int, in db: Database) throws -> [Token] {
        let statement = try db.makeStatement(sql: sql)
        return try withExtendedLifetime(statement) { try fetchTokens(statement.sqliteStatement, sql: sql, expectedCount: expectedCount, in: db) }
    }

    private static func fetchTokens(_ raw: SQLiteStatement, sql: String, expectedCount: Int, in db: Database) throws -> [Token] {
        defer { sqlite3_reset(raw) }
        var tokens: [Token] = []
        // One allocation for a whole account rather than ~17 doublings (a 100k-token array's
        // last doubling alone held 18 MB twice).
        tokens.reserveCapacity(expectedCount)
        // Account, type and owner repeat across many tokens: one string each, not one per row
        // (a name of more than 15 bytes is a heap allocation).
        var shared = SharedStrings()
        while true {
            let code = sqlite3_step(raw)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code),
                                    message: String(cString: sqlite3_errmsg(db.sqliteConnection)), sql: sql)
            }
            tokens.append(Token(
                vendor: Vendor(rawValue: text(raw, 2) ?? "") ?? .provisionr,
                account: shared.text(raw, 0) ?? "", id: text(raw, 1) ?? "", kind: shared.text(raw, 3) ?? "", title: text(raw, 4) ?? "",
                vendorStatus: TokenStatus(rawValue: text(raw, 5) ?? "") ?? .active,
                trashed: sqlite3_column_int(raw, 6) != 0,
                createdAt: date(raw, 7), lastUsedAt: date(raw, 8), expiresAt: date(raw, 9),
                owner: shared.text(raw, 10),
                scopes: decodeScopes(text(raw, 11) ?? "[]"),
                usageCount: sqlite3_column_type(raw, 12) == SQLITE_NULL ? nil : Int(sqlite3_column_int64(raw, 12)),
                rawJSON: text(raw, 13) ?? "{}"))
        }
        return tokens
    }

    /// SQLite copies the bytes (SQLITE_TRANSIENT), so the temporary C string may go away after the call.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    private static func bind(_ value: String?, _ index: Int32, _ statement: SQLiteStatement) {
        guard var value else {
            sqlite3_bind_null(statement, index)
            return
        }
        value.withUTF8 { bytes in
            _ = sqlite3_bind_text(statement, index, UnsafeRawPointer(bytes.baseAddress)?.assumingMemoryBound(to: CChar.self),
                                  Int32(bytes.count), transient)
        }
    }

    private static func bind(_ value: Double?, _ index: Int32, _ statement: SQLiteStatement) {
        if let value { sqlite3_bind_double(statement, index, value) } else { sqlite3_bind_null(statement, index) }
    }

    /// One `String` per distinct value of a column that repeats (up to `limit` distinct values: a
    /// column that turns out to be unique is not worth a table).
    struct SharedStrings {
        static let limit = 4_096
        private var seen: [String: String] = [:]

        mutating func text(_ statement: SQLiteStatement, _ column: Int32) -> String? {
            guard let value = TokenRecord.text(statement, column) else { return nil }
            // Up to 15 UTF-8 bytes a String holds its text inline: nothing to share.
            guard value.utf8.count > 15 else { return value }
            if let existing = seen[value] { return existing }
            if seen.count < Self.limit { seen[value] = value }
            return value
        }
    }

    fileprivate static func text(_ statement: SQLiteStatement, _ column: Int32) -> String? {
        guard let bytes = sqlite3_column_text(statement, column) else { return nil }
        let count = Int(sqlite3_column_bytes(statement, column))
        return String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self)
    }

    private static func date(_ statement: SQLiteStatement, _ column: Int32) -> Date? {
        sqlite3_column_type(statement, column) == SQLITE_NULL
            ? nil : Date(timeIntervalSince1970: sqlite3_column_double(statement, column))
    }

    static func encodeScopes(_ scopes: [String]) -> String {
        scopes.isEmpty ? "[]" : JSONValue.array(scopes.map(JSONValue.string)).compactText
    }

    /// Scopes are usually empty or few; skip the JSON parser for the common empty case, and for
    /// the common `["a","b"]` written by `encodeScopes`: with no backslash in it, no string can
    /// hold a quote, so `","` separates the strings exactly. Anything else goes to the parser.
    static func decodeScopes(_ text: String) -> [String] {
        guard text != "[]" else { return [] }
        let utf8 = text.utf8
        var contiguous = text
        // Checked over the bytes in one run: through `utf8`'s iterator this was 1 % of a full sync.
        let simple = contiguous.withUTF8 { (bytes: UnsafeBufferPointer<UInt8>) -> Bool in
            let last = bytes.count - 1
            guard last >= 3, bytes[0] == 0x5B, bytes[1] == 0x22, bytes[last - 1] == 0x22, bytes[last] == 0x5D else { return false }
            for byte in bytes where byte == 0x5C || byte < 0x20 { return false }
            return true
        }
        if simple {
            let inner = utf8.dropFirst(2).dropLast(2)
            var scopes: [String] = []
            var start = inner.startIndex
            var index = start
            while index < inner.endIndex {
                // `","` between two strings; a quote anywhere else means the text is not that shape.
                if inner[index] == 0x22 {
                    let comma = inner.index(after: index)
                    guard comma < inner.endIndex, inner[comma] == 0x2C else { return parsedScopes(text) }
                    let quote = inner.index(after: comma)
                    guard quote < inner.endIndex, inner[quote] == 0x22 else { return parsedScopes(text) }
                    scopes.append(String(decoding: inner[start..<index], as: UTF8.self))
                    start = inner.index(after: quote)
                    index = start
                } else {
                    index = inner.index(after: index)
                }
            }
            scopes.append(String(decoding: inner[start..<inner.endIndex], as: UTF8.self))
            return scopes
        }
        return parsedScopes(text)
    }

    private static func parsedScopes(_ text: String) -> [String] {
        let value = try? JSONSerialization.jsonObject(with: Data(text.utf8))
        return (value as? [Any])?.compactMap { $0 as? String } ?? []
    }
}

/// The `generation` table: one row per sync of an account (`live` for the one readers see).
enum GenerationRecord: TableRecord {
    static let databaseTableName = "generation"

    enum Columns {
        static let account = Column("account")
    }
}

/// One row of the `fetch` table: when an account was last fetched for a query, and how many tokens came back.
struct FetchRecord: Codable, FetchableRecord, PersistableRecord, Sendable {
    static let databaseTableName = "fetch"

    enum Columns {
        static let account = Column("account")
        static let fetchedAt = Column("fetched_at")
    }

    var account: String
    var queryKey: String
    var fetchedAt: Double
    var count: Int

    enum CodingKeys: String, CodingKey {
        case account
        case queryKey = "query_key"
        case fetchedAt = "fetched_at"
        case count
    }
}
