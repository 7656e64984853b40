import Foundation
import GRDB

/// A cache problem a person can act on, naming the file.
public struct CacheError: Error, Sendable, Hashable, CustomStringConvertible {
    public var path: String
    public var message: String
    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "cache \(path): \(message)" }
}

/// Opening the cache file: private permissions, WAL, and the rule that anything which is not a
/// TokenDeck cache of a schema this build knows is moved aside and replaced, never written into.
///
/// Opening checks what is cheap (a SQLite file, our application id, a schema we know); the page by
/// page check (`PRAGMA quick_check`, ≈130 ms over a 100,000-token cache) is `TokenCache.verify()`,
/// run before a sync first writes — not on the way to the dashboard's first frame.
enum CacheFile {
    /// Opens (creating if needed) the cache at `path`. Returns the database and any notices for the user.
    static func open(path: String, now: Date = Date()) throws -> (any DatabaseWriter, [String]) {
        try prepareDirectory(of: path)
        var notices: [String] = []
        if FileManager.default.fileExists(atPath: path) {
            try restrictPermissions(path)
            switch try validate(path: path) {
            case .usable(let pool):
                return (pool, notices)
            case .unusable(let reason):
                let aside = try moveAside(path, now: now)
                notices.append("The cache \(path) \(reason); moved it to \(aside) and started a new one.")
            }
        }
        try createPrivateFile(path)
        let pool = try DatabasePool(path: path, configuration: configuration)
        try CacheSchema.migrator.migrate(pool)
        return (pool, notices)
    }

    static let pageSize = 16_384

    static var configuration: GRDB.Configuration {
        var configuration = GRDB.Configuration()
        configuration.journalMode = .wal
        // A dashboard and a `list` may share the file: wait for each other's writes instead of failing.
        configuration.busyMode = .timeout(10)
        configuration.label = "TokenDeckCache"
        configuration.prepareDatabase { db in
            // A new file gets 16 KiB pages (a no-op on a file that has tables): a token row with its
            // vendor JSON is ~0.7 KB, and bigger pages mean fewer splits and frames per row written.
            try db.execute(sql: "PRAGMA page_size = \(pageSize)")
            // A sync writes tens of megabytes: checkpointing every 4 MB of WAL copied the index pages
            // it dirties again and again; `TokenCache.commit` checkpoints once per account instead.
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 0")
            // Debian builds SQLite with SECURE_DELETE on: every page a commit frees (a whole old
            // generation's table) was zeroed and written through the WAL — 70 MB of WAL and 200–270 ms
            // to drop 100,000 tokens' tables, against 0.3 MB and 15 ms with FAST, which zeroes only
            // where the page is written anyway. The cache holds no secret (`TokenRecord`).
            try db.execute(sql: "PRAGMA secure_delete = FAST")
        }
        return configuration
    }

    enum Validation {
        case usable(DatabasePool)
        /// Why, as the end of a sentence: "is not a SQLite database".
        case unusable(String)
    }

    /// Opens an existing file and decides whether it is ours. Errors that say nothing about the file's
    /// content (busy, permissions, I/O) are thrown rather than treated as corruption.
    static func validate(path: String) throws -> Validation {
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch let error as DatabaseError where isCorruption(error) {
            return .unusable("is not a SQLite database")
        } catch {
            throw CacheError(path: path, message: "cannot open: \(error)")
        }
        do {
            let verdict: String? = try pool.read { db in
                let applicationID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
                let tableCount = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master") ?? 0
                if applicationID == 0 && tableCount == 0 { return nil }
                guard applicationID == CacheSchema.applicationID else { return "is not a TokenDeck cache" }
                if try CacheSchema.migrator.hasBeenSuperseded(db) {
                    return "was written by a newer TokenDeck"
                }
                return nil
            }
            if let verdict {
                try? pool.close()
                return .unusable(verdict)
            }
            try CacheSchema.migrator.migrate(pool)
            return .usable(pool)
        } catch let error as DatabaseError where isCorruption(error) {
            try? pool.close()
            return .unusable("is damaged (\(error.message ?? "\(error.resultCode)"))")
        } catch {
            try? pool.close()
            throw CacheError(path: path, message: "cannot read: \(error)")
        }
    }

    /// Reads every page of the file (`PRAGMA quick_check`): nil when it is sound, else why not, as the
    /// end of a sentence.
    static func damage(in database: any DatabaseReader) async throws -> String? {
        do {
            return try await database.read { db in
                let check = try String.fetchOne(db, sql: "PRAGMA quick_check") ?? "no answer"
                guard check != "ok" else { return nil }
                // quick_check lists up to 100 problems, a line each: the first says enough.
                let first = check.split(separator: "\n").first.map(String.init) ?? check
                return "is damaged (\(first))"
            }
        } catch let error as DatabaseError where isCorruption(error) {
            return "is damaged (\(error.message ?? "\(error.resultCode)"))"
        }
    }

    /// Moves the file at `path` aside (its connections already closed) and starts a new, empty cache
    /// there. Returns the new database and the notice for the user.
    static func replace(path: String, reason: String, now: Date = Date()) throws -> (any DatabaseWriter, String) {
        let aside = try moveAside(path, now: now)
        try createPrivateFile(path)
        let pool = try DatabasePool(path: path, configuration: configuration)
        try CacheSchema.migrator.migrate(pool)
        return (pool, "The cache \(path) \(reason); moved it to \(aside) and started a new one.")
    }

    static func isCorruption(_ error: DatabaseError) -> Bool {
        error.resultCode == .SQLITE_NOTADB || error.resultCode == .SQLITE_CORRUPT
    }

    /// Renames the file and its WAL companions to `path.corrupt-<UTC timestamp>`; returns the new path.
    static func moveAside(_ path: String, now: Date) throws -> String {
        let stamp = ISO8601DateFormatter.string(from: now, timeZone: TimeZone(identifier: "UTC") ?? .current,
                                                formatOptions: [.withYear, .withMonth, .withDay, .withTime, .withTimeZone])
        var aside = "\(path).corrupt-\(stamp)"
        var counter = 1
        while FileManager.default.fileExists(atPath: aside) {
            counter += 1
            aside = "\(path).corrupt-\(stamp)-\(counter)"
        }
        guard rename(path, aside) == 0 else {
            throw CacheError(path: path, message: "cannot move the unusable file aside: \(String(cString: strerror(errno)))")
        }
        for suffix in ["-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
            if rename(path + suffix, aside + suffix) != 0 { unlink(path + suffix) }
        }
        return aside
    }

    /// The directory holding the cache: created 0700 when missing (an existing one is the user's to set).
    static func prepareDirectory(of path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        guard !directory.isEmpty, !FileManager.default.fileExists(atPath: directory) else { return }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw CacheError(path: path, message: "cannot create its directory: \(error.localizedDescription)")
        }
    }

    /// Creates the file 0600 before SQLite does (SQLite gives its WAL files the database file's mode).
    static func createPrivateFile(_ path: String) throws {
        let descriptor = Foundation.open(path, O_CREAT | O_WRONLY | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw CacheError(path: path, message: "cannot create: \(String(cString: strerror(errno)))")
        }
        close(descriptor)
        try restrictPermissions(path)
    }

    /// Token metadata is nobody else's business: the file is kept 0600 even if it was created otherwise.
    static func restrictPermissions(_ path: String) throws {
        var info = stat()
        guard stat(path, &info) == 0 else { return }
        if info.st_mode & 0o077 != 0, chmod(path, 0o600) != 0 {
            throw CacheError(path: path, message: "cannot make it private (chmod 600): \(String(cString: strerror(errno)))")
        }
    }
}
