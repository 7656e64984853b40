import Foundation
import GRDB
import TokenDeckCore

/// One row of the `token` table: a `Token` as stored. Never holds a credential or a secret:
/// `raw_json` is the vendor's record as listed, which carries neither.
struct TokenRecord: FetchableRecord, PersistableRecord, Sendable {
    static let databaseTableName = "token"

    enum Columns {
        static let account = Column("account")
        static let id = Column("id")
        static let trashed = Column("trashed")
    }

    var token: Token

    init(_ token: Token) {
        self.token = token
    }

    init(row: Row) throws {
        let vendorName: String = row["vendor"]
        let statusName: String = row["vendor_status"]
        let scopesText: String = row["scopes"]
        token = Token(
            vendor: Vendor(rawValue: vendorName) ?? .provisionr,
            account: row["account"], id: row["id"], kind: row["kind"], title: row["title"],
            vendorStatus: TokenStatus(rawValue: statusName) ?? .active,
            trashed: row["trashed"],
            createdAt: (row["created_at"] as Double?).map(Date.init(timeIntervalSince1970:)),
            lastUsedAt: (row["last_used_at"] as Double?).map(Date.init(timeIntervalSince1970:)),
            expiresAt: (row["expires_at"] as Double?).map(Date.init(timeIntervalSince1970:)),
            owner: row["owner"],
            scopes: Self.decodeScopes(scopesText),
            usageCount: row["usage_count"],
            rawJSON: row["raw_json"])
    }

    func encode(to container: inout PersistenceContainer) {
        container["account"] = token.account
        container["id"] = token.id
        container["vendor"] = token.vendor.rawValue
        container["kind"] = token.kind
        container["title"] = token.title
        container["vendor_status"] = token.vendorStatus.rawValue
        container["trashed"] = token.trashed
        container["created_at"] = token.createdAt?.timeIntervalSince1970
        container["last_used_at"] = token.lastUsedAt?.timeIntervalSince1970
        container["expires_at"] = token.expiresAt?.timeIntervalSince1970
        container["owner"] = token.owner
        container["scopes"] = Self.encodeScopes(token.scopes)
        container["usage_count"] = token.usageCount
        container["raw_json"] = token.rawJSON
    }

    static func encodeScopes(_ scopes: [String]) -> String {
        scopes.isEmpty ? "[]" : JSONValue.array(scopes.map(JSONValue.string)).compactText
    }

    /// Scopes are usually empty or few; skip the JSON parser for the common empty case.
    static func decodeScopes(_ text: String) -> [String] {
        guard text != "[]", let value = try? JSONValue.parse(Data(text.utf8)), let items = value.arrayValue else { return [] }
        return items.compactMap(\.stringValue)
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
