import Foundation
import GRDB
import TokenDeckCore

/// The local copy of every account's tokens (SQLite through GRDB): answers at once and offline,
/// and is replaced one account at a time in single transactions, so a process killed mid-sync
/// leaves each account as it was before that sync or after it.
public actor TokenCache {
    /// Messages for the user about the file (e.g. it was unusable and moved aside). Print them once.
    public nonisolated let notices: [String]
    /// The file, or nil for an in-memory cache.
    public nonisolated let path: String?

    private var database: any DatabaseWriter
    /// Whether `verify()` has read the file through once in this process.
    private var verified = false

    /// Opens or creates the cache at `path` (directory 0700 when created, file 0600, WAL). A file that
    /// is not SQLite, foreign or from a newer TokenDeck is moved to `path.corrupt-<timestamp>` and rebuilt,
    /// with a line in `notices`. Damage inside a SQLite file is found by `verify()`.
    public init(path: String) throws {
        let (database, notices) = try CacheFile.open(path: path)
        self.database = database
        self.notices = notices
        self.path = path
    }

    private init(inMemory database: DatabaseQueue) {
        self.database = database
        notices = []
        path = nil
    }

    /// A cache that lives as long as the process: for the demo and tests.
    public static func inMemory() throws -> TokenCache {
        let queue = try DatabaseQueue(configuration: CacheFile.configuration)
        try CacheSchema.migrator.migrate(queue)
        return TokenCache(inMemory: queue)
    }

    /// Reads the whole file once per process (`PRAGMA quick_check`); a damaged file is closed, moved to
    /// `path.corrupt-<timestamp>` and replaced by an empty cache. Returns the notice for the user when
    /// it did that (or could not), nil when the file is sound, in memory, or was checked already.
    /// A sync calls it before it first writes, so a first frame never waits for it.
    public func verify() async -> String? {
        guard !verified, let path else { return nil }
        verified = true
        let reason: String
        do {
            guard let damage = try await CacheFile.damage(in: database) else {
                // Sound. The table of a sync superseded by another process's and then killed belongs to
                // no generation: no reader sees it, and this once-a-process pass drops it.
                _ = try? await database.write { db in
                    let known = Set(try Int64.fetchAll(db, sql: "SELECT id FROM generation"))
                    let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name GLOB 'token_[0-9]*'")
                    for name in tables {
                        guard let generation = TokenRecord.generation(ofTable: name), !known.contains(generation) else { continue }
                        try db.execute(sql: "DROP TABLE IF EXISTS \(TokenRecord.table(generation))")
                    }
                }
                return nil
            }
            reason = damage
        } catch {
            // Busy, I/O, permissions: nothing learnt about the content; the next read will say.
            return nil
        }
        do {
            // Closed before the move: a connection closing later would delete the new file's WAL by name.
            try database.close()
        } catch {
            return "The cache \(path) \(reason) and is still in use; remove it and start again."
        }
        do {
            let (fresh, notice) = try CacheFile.replace(path: path, reason: reason)
            database = fresh
            return notice
        } catch {
            // This run goes on in memory rather than on a closed (or damaged) file.
            if let memory = try? DatabaseQueue(configuration: CacheFile.configuration),
               (try? CacheSchema.migrator.migrate(memory)) != nil {
                database = memory
            }
            return "The cache \(path) \(reason), and could not be replaced (\(error)); this run keeps its tokens in memory only."
        }
    }

    // MARK: - Writing

    /// Replaces everything cached for `account` with `tokens` in one transaction. Tokens whose id is in
    /// `trashedIDs` are marked trashed (as are tokens already marked). `queryKey` names what was fetched.
    /// The sync's own swap (`beginStaging`/`stage`/`commit`) with every page at once: one mechanism.
    public func replaceAll(account: String, tokens: [Token], trashedIDs: Set<String>, fetchedAt: Date,
                           queryKey: String = "all") async throws {
        let staging = try await beginStaging(account: account)
        do {
            try await stage(trashedIDs.isEmpty ? tokens : tokens.map { token in
                var token = token
                if trashedIDs.contains(token.id) { token.trashed = true }
                return token
            }, in: staging)
            try await commit(staging, fetchedAt: fetchedAt, queryKey: queryKey)
        } catch {
            await discard(staging)
            throw error
        }
    }

    /// One sync of one account: a generation of its own, written page by page (`stage`) beside the
    /// live one and made live in one transaction (`commit`).
    public struct Staging: Sendable, Hashable {
        /// The row of `generation` the sync writes under: unique in the file, across processes.
        let generation: Int64
        public let account: String
    }

    /// What an open staging (by generation) has written and has yet to write.
    private struct OpenStaging {
        var account: String
        /// Ids upserted into the account since the staging began: a token created while a sync walks
        /// its account may come after the page it would have been on.
        var upserted: Set<String> = []
        /// What actions did to the account's tokens meanwhile: the walk may have read them before.
        var acted: [String: TokenActionOutcome] = [:]
        /// The row of each token staged, by a 64-bit hash of its id (the row says whose it is), with
        /// the fingerprint the commit compares with the live set (`ChangeLog.Staged`): one table for both.
        var staged = ChangeLog.Staged()
        var nextRowid: Int64 = 1
        /// Pages not yet written, as they came (appending them to one array would copy every token).
        var pages: [[Token]] = []
        var rows: [TokenRecord.StagedRow] = []

        mutating func place(_ token: Token) -> TokenRecord.StagedRow {
            let hash = ChangeLog.hash(token.id)
            let rowid = nextRowid
            nextRowid += 1
            if let existing = staged.entries[hash]?.rowid {
                staged.note(hash: hash, rowid: existing, fingerprint: ChangeLog.fingerprint(token))
                return .update(rowid: existing, spare: rowid)
            }
            staged.note(hash: hash, rowid: rowid, fingerprint: ChangeLog.fingerprint(token))
            return .insert(rowid: rowid)
        }
    }

    private var open: [Int64: OpenStaging] = [:]

    /// Starts a sync of `account`: its pages go into a new generation's table beside the live one,
    /// which stays as it is (and is what readers see) until `commit` swaps them in one transaction.
    public func beginStaging(account: String) async throws -> Staging {
        let generation = try await write { db in
            try db.execute(sql: "INSERT INTO generation (account, live) VALUES (?, 0)", arguments: [account])
            let generation = db.lastInsertedRowID
            try db.execute(sql: TokenRecord.createTableSQL(generation))
            return generation
        }
        let staging = Staging(generation: generation, account: account)
        open[generation] = OpenStaging(account: account)
        return staging
    }

    /// Pages are written a few at a time: a transaction per page wrote every page it touched into
    /// the WAL again; 2,000 tokens at once touch most of those pages once.
    static let tokensPerWrite = 2_000

    /// Adds a page of the account's tokens, in listing order; a token already staged keeps its
    /// place and takes the new content.
    public func stage(_ tokens: [Token], in staging: Staging) async throws {
        guard !tokens.isEmpty else { return }
        var state = open.removeValue(forKey: staging.generation) ?? OpenStaging(account: staging.account)
        tokens.withUnsafeBufferPointer { buffer in
            for index in buffer.indices { state.rows.append(state.place(buffer[index])) }
        }
        state.pages.append(tokens)
        let full = state.rows.count >= Self.tokensPerWrite
        open[staging.generation] = state
        if full { try await flush(staging) }
    }

    /// Writes what was staged and not yet written. The rows were placed in the actor, so writes
    /// queued one after another (GRDB runs them in order) never need each other's answers.
    private func flush(_ staging: Staging) async throws {
        guard var state = open[staging.generation], !state.pages.isEmpty else { return }
        let pages = state.pages, rows = state.rows
        state.pages = []
        state.rows = []
        open[staging.generation] = state
        try await write { db in
            // A later sync of the account (another process's) committed meanwhile and dropped this
            // generation's table: nothing to write, and this staging's commit will say so.
            let exists = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM generation WHERE id = ?)",
                                           arguments: [staging.generation]) ?? false
            guard exists else { return }
            try TokenRecord.stage(pages, rows: rows, account: staging.account, generation: staging.generation, in: db)
        }
    }

    /// What a commit left in the account.
    public struct CommitResult: Sendable, Hashable {
        /// Tokens the account now has.
        public var count: Int
        /// Of those, tokens kept from the previous set that the sync did not see (`keepingUnseen`).
        public var kept: Int
    }

    /// Makes what was staged the account's cached set, in one transaction (so the cache holds the
    /// old set or the new set, never half), and deletes the old one. Returns how many tokens the
    /// account now has.
    @discardableResult
    public func commit(_ staging: Staging, fetchedAt: Date, queryKey: String = "all") async throws -> Int {
        try await commit(staging, fetchedAt: fetchedAt, queryKey: queryKey, keepingUnseen: false).count
    }

    /// As `commit`; with `keepingUnseen`, the account's previous tokens that were not staged stay too
    /// (a walk that could not confirm it saw every token must not drop the ones it missed).
    ///
    /// Another process's sync of the same account that committed meanwhile and began later replaced
    /// this one (its generation is gone): then the account keeps that newer set, and this returns it.
    public func commit(_ staging: Staging, fetchedAt: Date, queryKey: String, keepingUnseen: Bool) async throws -> CommitResult {
        try await flush(staging)
        let state = open.removeValue(forKey: staging.generation)
        let upserted = state?.upserted ?? [], acted = state?.acted ?? [:], staged = state?.staged ?? ChangeLog.Staged()
        let result = try await write { db in
            let account = staging.account
            let generation = staging.generation
            let table = TokenRecord.table(generation)
            let exists = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM generation WHERE id = ?)", arguments: [generation]) ?? false
            guard exists else {
                try db.execute(sql: "DROP TABLE IF EXISTS \(table)")
                return CommitResult(count: try TokenRecord.count(account: account, in: db), kept: 0)
            }
            try TokenRecord.createIndexes(generation, in: db)
            var kept = 0
            if let live = try TokenRecord.liveGeneration(of: account, in: db) {
                let liveTable = TokenRecord.table(live)
                // Created meanwhile and not in what the walk saw: kept (the walk's copy wins otherwise).
                // (`AND true`: SQLite's upsert after a SELECT needs a WHERE to parse.)
                for id in upserted {
                    try db.execute(sql: """
                        INSERT INTO \(table) (\(TokenRecord.columnsSQL)) SELECT \(TokenRecord.columnsSQL) FROM \(liveTable) \
                        WHERE id = ? AND true ON CONFLICT (id) DO NOTHING
                        """, arguments: [id])
                }
                // Acted on meanwhile: the walk may have listed the token before the action.
                for (id, outcome) in acted {
                    switch outcome {
                    case .status(let status):
                        try db.execute(sql: "UPDATE \(table) SET vendor_status = ? WHERE id = ?", arguments: [status.rawValue, id])
                    case .deleted:
                        try db.execute(sql: "DELETE FROM \(table) WHERE id = ?", arguments: [id])
                    }
                }
                if keepingUnseen {
                    try db.execute(sql: """
                        INSERT INTO \(table) (\(TokenRecord.columnsSQL)) SELECT \(TokenRecord.columnsSQL) FROM \(liveTable) \
                        WHERE true ORDER BY rowid ON CONFLICT (id) DO NOTHING
                        """)
                    kept = db.changesCount
                }
                let started = ContinuousClock.now
                try ChangeLog.record(account: account, from: liveTable, to: table, staged: staged, unchanged: Set(acted.keys),
                                     at: fetchedAt, in: db)
                SyncLog.logger.debug("account \(account): changes recorded in \(ContinuousClock.now - started)")
            }
            // Older generations of the account go, tables whole: the live one, abandoned and crashed
            // syncs, and a sync of another process that began before this one (its commit then finds
            // its generation gone).
            let older = try Int64.fetchAll(db, sql: "SELECT id FROM generation WHERE account = ? AND id < ?", arguments: [account, generation])
            try TokenRecord.drop(older, in: db)
            try db.execute(sql: "UPDATE generation SET live = 1 WHERE id = ?", arguments: [generation])
            try TokenRecord.refreshView(in: db)
            let count = try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? 0
            try FetchRecord(account: account, queryKey: queryKey, fetchedAt: fetchedAt.timeIntervalSince1970,
                            count: count).upsert(db)
            return CommitResult(count: count, kept: kept)
        }
        await checkpoint()
        return result
    }

    /// Copies the WAL into the file, as far as readers allow (never waiting for them): once per
    /// account synced, instead of SQLite's every 4 MB (see `CacheFile.configuration`).
    func checkpoint() async {
        _ = try? await database.writeWithoutTransaction { db in try db.checkpoint(.passive) }
    }

    /// Drops what was staged (a failed or cancelled sync); the cached set was never touched.
    public func discard(_ staging: Staging) async {
        open[staging.generation] = nil
        _ = try? await write { db in
            let live = try Bool.fetchOne(db, sql: "SELECT live FROM generation WHERE id = ?", arguments: [staging.generation]) ?? false
            guard !live else { return }
            try TokenRecord.drop([staging.generation], in: db)
        }
    }

    /// Inserts or updates single tokens (a page fetched on its own, a token just created) without
    /// touching the rest of the account.
    public func upsert(_ tokens: [Token]) async throws {
        guard !tokens.isEmpty else { return }
        // Noted before the write is queued, so a commit queued either side of it keeps the token.
        for (generation, state) in open {
            open[generation]?.upserted.formUnion(tokens.lazy.filter { $0.account == state.account }.map(\.id))
        }
        try await write { db in
            try TokenRecord.insert(tokens, in: db)
        }
    }

    /// What an action did to a live token: its new vendor status, or gone.
    /// A sync of the account under way may have listed the token before the action: its commit
    /// applies the outcome again, so the old state never comes back with it.
    public func apply(_ outcome: TokenActionOutcome, account: String, id: String) async throws {
        for (generation, state) in open where state.account == account {
            open[generation]?.acted[id] = outcome
        }
        try await write { db in
            guard let live = try TokenRecord.liveGeneration(of: account, in: db) else { return }
            switch outcome {
            case .status(let status):
                try db.execute(sql: "UPDATE \(TokenRecord.table(live)) SET vendor_status = ? WHERE id = ?",
                               arguments: [status.rawValue, id])
            case .deleted:
                try db.execute(sql: "DELETE FROM \(TokenRecord.table(live)) WHERE id = ?", arguments: [id])
            }
        }
    }

    /// Forgets accounts no longer configured.
    public func removeAccounts(notIn keep: Set<String>) async throws {
        try await write { db in
            let gone = try Int64.fetchAll(db, GenerationRecord.select(Column("id"))
                .filter(!keep.contains(GenerationRecord.Columns.account)))
            try TokenRecord.drop(gone, in: db)
            try TokenRecord.refreshView(in: db)
            try FetchRecord.filter(!keep.contains(FetchRecord.Columns.account)).deleteAll(db)
        }
    }

    // MARK: -

    /// (Internal for the reading extension in TokenCache+Reading.swift.)
    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await database.read(body)
        } catch let error as DatabaseError {
            throw CacheError(path: path ?? ":memory:", message: "read failed: \(error.message ?? "\(error.resultCode)")")
        }
    }

    private func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await database.write(body)
        } catch let error as DatabaseError {
            throw CacheError(path: path ?? ":memory:", message: "write failed: \(error.message ?? "\(error.resultCode)")")
        }
    }
}
