import Foundation
import Testing

/// `y` and `Y` in the real dashboard: the exact OSC 52 bytes the terminal receives (read from
/// tmux's pipe-pane, before tmux interprets them), which is what reaches a clipboard over SSH.
@Suite("Clipboard (OSC 52) end to end", .serialized)
struct ClipboardEndToEndTests {
    @Test func yAndCapitalYWriteTheIdAndTheJSONAsOSC52() async throws {
        let demo = try RecordedDemo()
        let session = demo.session
        let synced = try await session.waitUntil("the demo synced", timeout: 40) { screen in
            DashboardEndToEndTests.isSynced(screen) && DashboardEndToEndTests.detailsValue("ID", in: screen) != nil
        }
        let id = try #require(DashboardEndToEndTests.detailsValue("ID", in: synced))

        try session.press("y")
        try await session.waitFor("copied \(id) to the clipboard")
        try session.press("Y")
        try await session.waitFor("copied the JSON of \(id)")
        let (end, bytes) = try await demo.quitAndRecording()
        #expect(end.contains("[exit=0]"), "the dashboard did not exit 0:\n\(end)")
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

/// The demo in tmux with every byte it writes to the terminal recorded (tmux's pipe-pane, before
/// tmux interprets them), from its first byte: the shell waits for a line before starting it,
/// and prints its exit status after, keeping the pane.
final class RecordedDemo {
    let session: TmuxSession
    private let raw: String

    /// `environment` is put before the command (`NAME=value …`).
    init(environment: [String: String] = [:], width: Int = 120, height: Int = 40, label: String = #function) throws {
        raw = FileManager.default.temporaryDirectory.appendingPathComponent("tokendeck-recorded-\(UUID().uuidString).raw").path
        FileManager.default.createFile(atPath: raw, contents: nil)
        let assignments = environment.map { "\($0.key)=\(TmuxSession.shellQuoted($0.value))" }.sorted().joined(separator: " ")
        session = try TmuxSession("read go; \(assignments) \(TmuxSession.dashboardCommand("--demo")); echo \"[exit=$?]\"; exec cat",
                                  width: width, height: height, label: label)
        try TmuxSession.tmux(["pipe-pane", "-O", "-t", session.name, "cat >> \(TmuxSession.shellQuoted(raw))"])
        try session.press("Enter")
    }

    deinit {
        session.kill()
        try? FileManager.default.removeItem(atPath: raw)
    }

    /// Quits with `q`, waits for the exit line, stops recording and returns every byte recorded
    /// (once the shell's own `[exit=…]` line is in the file, or after `timeout` seconds).
    func quitAndRecording(timeout: Double = 20) async throws -> (screen: String, bytes: Data) {
        try session.press("q")
        let end = try await session.waitFor("[exit=", timeout: timeout)
        try TmuxSession.tmux(["pipe-pane", "-t", session.name])
        let deadline = Date().addingTimeInterval(timeout)
        var bytes = Data()
        repeat {
            bytes = (try? Data(contentsOf: URL(fileURLWithPath: raw))) ?? Data()
            if bytes.range(of: Data("[exit=".utf8)) != nil { break }
            try await Task.sleep(for: .milliseconds(50))
        } while Date() < deadline
        return (end, bytes)
    }
}
