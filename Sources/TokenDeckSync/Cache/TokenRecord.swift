import Foundation
import GRDB
import GRDBSQLite
import TokenDeckCore

/// The `token` table: one row per `Token`, account and generation. Never holds a credential or a
/// secret: `raw_json` is the vendor's record as listed, which carries neither.
///
/// A sync writes its pages straight into the table under a new generation (a row of `generation`),
/// beside the account's live rows, which readers keep seeing until the commit makes the new
/// generation live and deletes the old one in one transaction. Each token is written once: staging
/// in a TEMP table and copying it over wrote and read the data five times (its journal and spills).
///
/// Rows are written and read through SQLite's C API on GRDB's cached statements: in a debug build,
/// GRDB's per-row records and arguments made 100k tokens take seconds instead of a fraction of one.
enum TokenRecord: TableRecord {
    static let databaseTableName = "token"

    enum Columns {
        static let account = Column("account")
        static let id = Column("id")
        static let trashed = Column("trashed")
    }

    /// Columns in the order `insertSQL` and `selectSQL` use them (`generation` is written apart).
    static let columnNames = [
        "account", "id", "vendor", "kind", "title", "vendor_status", "trashed",
        "created_at", "last_used_at", "expires_at", "owner", "scopes", "usage_count", "raw_json",
    ]

    /// Only rows of a live generation: what every reader sees. Over every account this is a scan in
    /// storage order (`+`: no index, which would visit the table once per live generation).
    static let liveSQL = "+generation IN (SELECT id FROM generation WHERE live = 1)"
    /// The live rows of one account (binds the account): through `token_generation`, whose entries
    /// are in (generation, rowid) order, so one account is read in storage order without a sort.
    static let liveOfAccountSQL = "generation = (SELECT id FROM generation WHERE account = ? AND live = 1)"

    static let columnsSQL = columnNames.joined(separator: ", ")
    /// The same columns with an empty `raw_json`: what a listing or the dashboard's table needs
    /// (the vendor's JSON is two thirds of a row, and is read one token at a time when shown).
    static let columnsWithoutRawJSONSQL = columnNames.dropLast().joined(separator: ", ") + ", ''"

    /// The live tokens of `account` (all when nil) in storage order; binds the account when given.
    static func selectSQL(account: String?, withRawJSON: Bool = true) -> String {
        "SELECT \(withRawJSON ? columnsSQL : columnsWithoutRawJSONSQL) FROM token WHERE \(account == nil ? liveSQL : liveOfAccountSQL) ORDER BY rowid"
    }

    /// A token upserted on its own (a page fetched alone, a token just created) goes into its
    /// account's live generation, made first if the account has none.
    static let ensureLiveSQL = """
        INSERT INTO generation (account, live) SELECT ?, 1 \
        WHERE NOT EXISTS (SELECT 1 FROM generation WHERE account = ? AND live = 1)
        """
    static let upsertSQL = """
        INSERT OR REPLACE INTO token (generation, \(columnsSQL)) \
        VALUES ((SELECT id FROM generation WHERE account = ?1 AND live = 1), ?1, \(columnNames.dropFirst().map { _ in "?" }.joined(separator: ", ")))
        """

    /// Inserts (or replaces) single tokens in their accounts' live generations, through one cached
    /// statement bound through SQLite's C API. Call inside a write transaction.
    static func insert(_ tokens: [Token], in db: Database) throws {
        var ensured: Set<String> = []
        for token in tokens where ensured.insert(token.account).inserted {
            try db.execute(sql: ensureLiveSQL, arguments: [token.account, token.account])
        }
        try insert([tokens], sql: upsertSQL, account: nil, run: nil, in: db)
    }

    // MARK: - A sync's generation

    /// A token listed twice keeps its first place (the upsert keeps the row) and its last content,
    /// as a page that shifted under the walk would have it.
    static let stageSQL = """
        INSERT INTO token (generation, \(columnsSQL)) \
        VALUES (?, \(columnNames.map { _ in "?" }.joined(separator: ", "))) \
        ON CONFLICT (generation, id) DO UPDATE SET \(columnNames.dropFirst(2).map { "\($0) = excluded.\($0)" }.joined(separator: ", "))
        """
    /// A live token (one created while the sync walked) into the new generation, unless the walk
    /// wrote it itself. (`AND true`: SQLite's upsert after a SELECT needs a WHERE to parse.)
    static let stageCachedSQL = """
        INSERT INTO token (generation, \(columnsSQL)) \
        SELECT ?, \(columnsSQL) FROM token \
        WHERE \(liveOfAccountSQL) AND id = ? AND true \
        ON CONFLICT (generation, id) DO NOTHING
        """
    /// Every live token of the account the new generation lacks, into it (after what was written).
    static let stageUnseenSQL = """
        INSERT INTO token (generation, \(columnsSQL)) \
        SELECT ?, \(columnsSQL) FROM token \
        WHERE \(liveOfAccountSQL) \
        ORDER BY rowid \
        ON CONFLICT (generation, id) DO NOTHING
        """

    /// Writes a page of `account`'s tokens into `generation` (a row of `generation` made by `beginStaging`).
    static func stage(_ pages: [[Token]], account: String, generation: Int64, in db: Database) throws {
        try insert(pages, sql: stageSQL, account: account, run: generation, in: db)
    }

    /// `run` (a generation), when given, is bound first; `account`, when given, stands for each token's own.
    /// The tokens are read where they lie: a `for token in` loop (or a `let` of one) copies each token,
    /// retaining and later releasing every string in it.
    private static func insert(_ pages: [[Token]], sql: String, account: String?, run: Int64?, in db: Database) throws {
        let statement = try db.cachedStatement(sql: sql)
        let raw = statement.sqliteStatement
        defer { sqlite3_reset(raw) }
        for page in pages {
            try page.withUnsafeBufferPointer { buffer in
                for index in buffer.indices {
                    try step(buffer[index], account: account, run: run, raw, sql: sql, db)
                }
            }
        }
    }

    private static func step(_ token: Token, account: String?, run: Int64?, _ raw: SQLiteStatement, sql: String, _ db: Database) throws {
        let first: Int32 = run == nil ? 1 : 2
        sqlite3_reset(raw)
        if let run { sqlite3_bind_int64(raw, 1, run) }
        bind(account ?? token.account, first, raw)
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
        let code = sqlite3_step(raw)
        guard code == SQLITE_DONE else {
            let message = String(cString: sqlite3_errmsg(db.sqliteConnection))
            sqlite3_reset(raw)
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: sql)
        }
    }

    /// The tokens of `account` (all when nil) in the order they were stored, read column by column;
    /// without `rawJSON` (left empty) unless asked for.
    static func fetchTokens(account: String?, withRawJSON: Bool = true, in db: Database) throws -> [Token] {
        let count = try Int.fetchOne(db, sql: "SELECT count(*) FROM token WHERE \(account == nil ? liveSQL : liveOfAccountSQL)",
                                     arguments: StatementArguments(account.map { [$0] } ?? [])) ?? 0
        return try fetchTokens(sql: selectSQL(account: account, withRawJSON: withRawJSON), account: account,
                               expectedCount: count, in: db)
    }

    /// The vendor's JSON of one token, or nil when it is not cached.
    static func fetchRawJSON(account: String, id: String, in db: Database) throws -> String? {
        try String.fetchOne(db, sql: "SELECT raw_json FROM token WHERE \(liveOfAccountSQL) AND id = ?", arguments: [account, id])
    }

    /// The `limit` most recently created tokens of every account, newest first.
    static func fetchNewestTokens(limit: Int, in db: Database) throws -> [Token] {
        try fetchTokens(sql: "SELECT \(columnsSQL) FROM token WHERE \(liveSQL) ORDER BY created_at DESC LIMIT \(max(0, limit))", account: nil,
                        expectedCount: min(max(0, limit), 10_000), in: db)
    }

    private static func fetchTokens(sql: String, account: String?, expectedCount: Int, in db: Database) throws -> [Token] {
        let raw = try db.cachedStatement(sql: sql).sqliteStatement
        sqlite3_reset(raw)
        defer { sqlite3_reset(raw) }
        if let account { bind(account, 1, raw) }
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
        if utf8.count >= 4, utf8.starts(with: [0x5B, 0x22]), utf8.reversed().starts(with: [0x5D, 0x22]),
           !utf8.contains(0x5C), utf8.allSatisfy({ $0 >= 0x20 }) {
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
