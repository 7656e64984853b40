import Foundation
import Testing

/// `y` and `Y` in the real dashboard: the exact OSC 52 bytes the terminal receives (read from
/// tmux's pipe-pane, before tmux interprets them), which is what reaches a clipboard over SSH.
@Suite("Clipboard (OSC 52) end to end", .serialized)
struct ClipboardEndToEndTests {
    @Test func yAndCapitalYWriteTheIdAndTheJSONAsOSC52() async throws {
        let raw = FileManager.default.temporaryDirectory.appendingPathComponent("tokendeck-osc52-\(UUID().uuidString).raw").path
        FileManager.default.createFile(atPath: raw, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: raw) }
        // The shell waits for a line, so the recording starts before the program's first byte.
        let session = try TmuxSession("read go; \(TmuxSession.dashboardCommand("--demo")); echo \"[exit=$?]\"; exec cat")
        defer { session.kill() }
        try TmuxSession.tmux(["pipe-pane", "-O", "-t", session.name, "cat >> \(TmuxSession.shellQuoted(raw))"])
        try session.press("Enter")
        let synced = try await session.waitUntil("the demo synced", timeout: 40) { screen in
            DashboardEndToEndTests.isSynced(screen) && DashboardEndToEndTests.detailsValue("ID", in: screen) != nil
        }
        let id = try #require(DashboardEndToEndTests.detailsValue("ID", in: synced))

        try session.press("y")
        try await session.waitFor("copied \(id) to the clipboard")
        try session.press("Y")
        try await session.waitFor("copied the JSON of \(id)")
        try session.press("q")
        try await session.waitFor("[exit=0]", timeout: 10)
        try TmuxSession.tmux(["pipe-pane", "-t", session.name])

        var bytes = Data()
        for _ in 0..<100 {
            bytes = (try? Data(contentsOf: URL(fileURLWithPath: raw))) ?? Data()
            if bytes.range(of: Data("[exit=0]".utf8)) != nil { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        let sequences = Self.osc52Payloads(in: bytes)
        #expect(sequences.count == 2, "two clipboard writes, found \(sequences.count)")
        let first = try #require(sequences.first.flatMap { Data(base64Encoded: $0) })
        #expect(String(decoding: first, as: UTF8.self) == id)
        let second = try #require(sequences.dropFirst().first.flatMap { Data(base64Encoded: $0) })
        let object = try #require(try JSONSerialization.jsonObject(with: second) as? [String: Any])
        #expect(object["id"] as? String == id)
        #expect(object["account"] as? String != nil)
    }

    /// The base64 payloads of every `ESC ] 52 ; c ; … BEL` in `bytes`.
    static func osc52Payloads(in bytes: Data) -> [String] {
        let opener = Data("\u{1B}]52;c;".utf8)
        var payloads: [String] = []
        var searchFrom = bytes.startIndex
        while let start = bytes.range(of: opener, in: searchFrom..<bytes.endIndex) {
            guard let end = bytes[start.upperBound...].firstIndex(of: 0x07) else { break }
            payloads.append(String(decoding: bytes[start.upperBound..<end], as: UTF8.self))
            searchFrom = end
        }
        return payloads
    }
}

extension DashboardEndToEndTests {
    /// The value on a details-pane line ("│ ID          c26d4lzn43…   │" → the id).
    static func detailsValue(_ label: String, in screen: String) -> String? {
        let details = detailsText(screen)
        for line in details.split(separator: "\n") {
            let padded = label + String(repeating: " ", count: max(1, 12 - label.count))
            guard let range = line.range(of: "│ " + padded) else { continue }
            return line[range.upperBound...].trimmingCharacters(in: CharacterSet(charactersIn: " │")).split(separator: " ").first.map(String.init)
        }
        return nil
    }
}
