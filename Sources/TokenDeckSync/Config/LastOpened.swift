import Foundation
import TokenDeckCore

/// When the dashboard was last opened on each cache file, so it can mark the tokens that appeared
/// since: a small JSON object `{cache path: ISO 8601 time}` (Core's `ISO8601Date`: Foundation's
/// formatter loads ICU: 3 MB more resident memory, scripts/bench-memory.sh) under `$XDG_STATE_HOME` (not the cache:
/// `tokendeck list` and `audit` open the cache too, and must not move the mark).
public struct LastOpened: Sendable {
    public let path: String

    public init(path: String = Configuration.defaultLastOpenedPath) {
        self.path = path
    }

    /// When the dashboard was last opened on `cache`; nil when never (or the file cannot be read).
    public func read(cache: String) -> Date? {
        guard let data = FileManager.default.contents(atPath: path),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: String],
              let text = object[cache] else { return nil }
        return ISO8601Date.date(from: text)
    }

    /// Records `date` as the last opening on `cache`, keeping the other caches' (best effort: a
    /// read-only home only loses the marks).
    public func write(_ date: Date, cache: String) {
        var object: [String: String] = [:]
        if let data = FileManager.default.contents(atPath: path),
           let existing = try? JSONSerialization.jsonObject(with: data) as? [String: String] {
            object = existing
        }
        object[cache] = ISO8601Date.string(from: date)
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) else { return }
        let directory = (path as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                 attributes: [.posixPermissions: 0o700])
        _ = FileManager.default.createFile(atPath: path, contents: data, attributes: [.posixPermissions: 0o600])
    }
}
