import Foundation
import GRDB
import TokenDeckCore

/// What the cache holds, read through the pool's readers (never waiting for a sync's writes).
extension TokenCache {
    /// Every cached token of `account` (all accounts when nil), in the order the vendor listed them.
    /// `withRawJSON: false` leaves each `rawJSON` empty: a third of the memory, for a table or a listing;
    /// `rawJSON(account:id:)` reads one when it is shown.
    public func tokens(account: String? = nil, withRawJSON: Bool = true) async throws -> [Token] {
        try await read { db in
            try TokenRecord.fetchTokens(account: account, withRawJSON: withRawJSON, in: db)
        }
    }

    /// The vendor's JSON of one cached token; nil when the token is not cached.
    public func rawJSON(account: String, id: String) async throws -> String? {
        try await read { db in
            try TokenRecord.fetchRawJSON(account: account, id: id, in: db)
        }
    }

    /// The `limit` newest tokens of all accounts (by creation, newest first): what a first frame
    /// shows while the rest is read.
    public func newestTokens(limit: Int) async throws -> [Token] {
        try await read { db in
            try TokenRecord.fetchNewestTokens(limit: limit, in: db)
        }
    }

    /// How many tokens are cached for `account` (all accounts when nil).
    public func count(account: String? = nil) async throws -> Int {
        try await read { db in
            try TokenRecord.count(account: account, in: db)
        }
    }

    /// What the syncs changed at or after `since` (all kept, 90 days, when nil), of `account` (all
    /// when nil), newest first (`ChangeLog`).
    /// `limit`: the newest that many (every one when nil).
    public func changes(since: Date?, account: String? = nil, limit: Int? = nil) async throws -> [TokenChange] {
        try await read { db in try ChangeLog.fetch(since: since, account: account, limit: limit, in: db) }
    }

    /// The tokens that appeared (their `appeared` change) after `since`, as (account, id).
    public func appearedTokens(since: Date) async throws -> [(account: String, id: String)] {
        try await read { db in try ChangeLog.appeared(since: since, in: db) }
    }

    /// The ids the last sync learnt are in `account`'s trash.
    public func trashedIDs(account: String) async throws -> Set<String> {
        try await read { db in
            guard let live = try TokenRecord.liveGeneration(of: account, in: db) else { return [] }
            return try Set(String.fetchAll(db, sql: "SELECT id FROM \(TokenRecord.table(live)) WHERE trashed"))
        }
    }

    /// When `account` was last fully synced, or nil if never.
    public func lastFetched(account: String) async throws -> Date? {
        try await read { db in
            let seconds = try Double.fetchOne(db, FetchRecord
                .select(max(FetchRecord.Columns.fetchedAt))
                .filter(FetchRecord.Columns.account == account))
            return seconds.map(Date.init(timeIntervalSince1970:))
        }
    }
}
