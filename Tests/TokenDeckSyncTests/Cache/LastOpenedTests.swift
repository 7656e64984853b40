import Foundation
import Testing
@testable import TokenDeckSync

/// The dashboard's last opening per cache file: what the new-token marks count from.
@Suite struct LastOpenedTests {
    static func scratch() throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tokendeck-last-opened-\(UUID().uuidString)")
        return directory.appendingPathComponent("state/last-opened.json").path
    }

    @Test func eachCacheKeepsItsOwnOpeningToTheSecondAndTheFileIsPrivate() throws {
        let path = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: ((path as NSString).deletingLastPathComponent as NSString).deletingLastPathComponent) }
        let store = LastOpened(path: path)
        #expect(store.read(cache: "/a.sqlite") == nil)
        let first = Date(timeIntervalSince1970: 1_796_000_000.75), second = Date(timeIntervalSince1970: 1_796_086_400)
        store.write(first, cache: "/a.sqlite")
        store.write(second, cache: "/b.sqlite")
        // Whole seconds, toward the past: an opening never moves later than it was.
        #expect(store.read(cache: "/a.sqlite") == Date(timeIntervalSince1970: 1_796_000_000))
        #expect(store.read(cache: "/b.sqlite") == second)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text == #"{"\/a.sqlite":"2026-11-30T00:53:20Z","\/b.sqlite":"2026-12-01T00:53:20Z"}"# || text == #"{"/a.sqlite":"2026-11-30T00:53:20Z","/b.sqlite":"2026-12-01T00:53:20Z"}"#)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test func aFileThatIsNotItsJSONReadsAsNeverOpenedAndIsReplacedOnTheNextWrite() throws {
        let path = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: ((path as NSString).deletingLastPathComponent as NSString).deletingLastPathComponent) }
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data("not json\u{1B}[31m".utf8).write(to: URL(fileURLWithPath: path))
        let store = LastOpened(path: path)
        #expect(store.read(cache: "/a.sqlite") == nil)
        let when = Date(timeIntervalSince1970: 1_796_000_000)
        store.write(when, cache: "/a.sqlite")
        #expect(store.read(cache: "/a.sqlite") == when)
    }
}
