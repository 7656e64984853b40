import Foundation
import GRDB
import GRDBSQLite
import TokenDeckCore

/// The `token` table: one row per `Token` and account. Never holds a credential or a secret:
/// `raw_json` is the vendor's record as listed, which carries neither.
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

    /// Columns in the order `insertSQL` and `selectSQL` use them.
    static let columnNames = [
        "account", "id", "vendor", "kind", "title", "vendor_status", "trashed",
        "created_at", "last_used_at", "expires_at", "owner", "scopes", "usage_count", "raw_json",
    ]

    /// One prepared statement reused for every row: a sync of 100k tokens is one transaction of 100k binds.
    static let insertSQL = "INSERT OR REPLACE INTO token (\(columnNames.joined(separator: ", "))) VALUES (\(columnNames.map { _ in "?" }.joined(separator: ", ")))"
    static let selectSQL = "SELECT \(columnNames.joined(separator: ", ")) FROM token"

    /// Inserts (or replaces) many tokens through one cached statement, bound through SQLite's C API:
    /// a sync of 100k tokens is one transaction of 100k binds, with no per-row allocation of arguments.
    /// Call inside a write transaction.
    static func insert(_ tokens: some Sequence<Token>, in db: Database) throws {
        let statement = try db.cachedStatement(sql: insertSQL)
        let raw = statement.sqliteStatement
        for token in tokens {
            sqlite3_reset(raw)
            bind(token.account, 1, raw)
            bind(token.id, 2, raw)
            bind(token.vendor.rawValue, 3, raw)
            bind(token.kind, 4, raw)
            bind(token.title, 5, raw)
            bind(token.vendorStatus.rawValue, 6, raw)
            sqlite3_bind_int(raw, 7, token.trashed ? 1 : 0)
            bind(token.createdAt?.timeIntervalSince1970, 8, raw)
            bind(token.lastUsedAt?.timeIntervalSince1970, 9, raw)
            bind(token.expiresAt?.timeIntervalSince1970, 10, raw)
            bind(token.owner, 11, raw)
            bind(encodeScopes(token.scopes), 12, raw)
            if let count = token.usageCount { sqlite3_bind_int64(raw, 13, Int64(count)) } else { sqlite3_bind_null(raw, 13) }
            bind(token.rawJSON, 14, raw)
            let code = sqlite3_step(raw)
            guard code == SQLITE_DONE else {
                let message = String(cString: sqlite3_errmsg(db.sqliteConnection))
                sqlite3_reset(raw)
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: insertSQL)
            }
        }
        sqlite3_reset(raw)
    }

    /// The tokens of `account` (all when nil) in the order they were stored, read column by column.
    static func fetchTokens(account: String?, in db: Database) throws -> [Token] {
        try fetchTokens(sql: selectSQL + (account == nil ? "" : " WHERE account = ?") + " ORDER BY rowid", account: account, in: db)
    }

    /// The `limit` most recently created tokens of every account, newest first.
    static func fetchNewestTokens(limit: Int, in db: Database) throws -> [Token] {
        try fetchTokens(sql: selectSQL + " ORDER BY created_at DESC LIMIT \(max(0, limit))", account: nil, in: db)
    }

    private static func fetchTokens(sql: String, account: String?, in db: Database) throws -> [Token] {
        let raw = try db.cachedStatement(sql: sql).sqliteStatement
        sqlite3_reset(raw)
        defer { sqlite3_reset(raw) }
        if let account { bind(account, 1, raw) }
        var tokens: [Token] = []
        while true {
            let code = sqlite3_step(raw)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code),
                                    message: String(cString: sqlite3_errmsg(db.sqliteConnection)), sql: sql)
            }
            tokens.append(Token(
                vendor: Vendor(rawValue: text(raw, 2) ?? "") ?? .provisionr,
                account: text(raw, 0) ?? "", id: text(raw, 1) ?? "", kind: text(raw, 3) ?? "", title: text(raw, 4) ?? "",
                vendorStatus: TokenStatus(rawValue: text(raw, 5) ?? "") ?? .active,
                trashed: sqlite3_column_int(raw, 6) != 0,
                createdAt: date(raw, 7), lastUsedAt: date(raw, 8), expiresAt: date(raw, 9),
                owner: text(raw, 10),
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

    private static func text(_ statement: SQLiteStatement, _ column: Int32) -> String? {
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
