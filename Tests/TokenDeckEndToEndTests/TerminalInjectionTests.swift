import Foundation
import Testing

/// Vendor data that would drive a terminal — CSI, OSC 0 and OSC 52 (clipboard), DCS, BEL, BS,
/// CR, C1 controls and bidi overrides in token names (the sandbox seeds them, see SampleText) —
/// must reach the terminal inert. These tests read the raw bytes the real binary writes, never
/// a terminal's interpretation of them.
@Suite("Terminal injection: the raw bytes", .serialized)
struct TerminalInjectionTests {
    /// Sequences the sandbox's hostile names carry, each with a little context so that a match
    /// can only come from vendor text (ncurses itself moves the cursor with BS and CR).
    static let hostileSequences: [(what: String, bytes: String)] = [
        ("CSI colour", "\u{1B}[31mRED ALERT"),
        ("CSI clear screen", "\u{1B}[2J\u{1B}[Hclear screen"),
        ("OSC 52 clipboard write", "\u{1B}]52;c;cm0gLXJmIH4="),
        ("OSC 0 window title", "\u{1B}]0;pwned title"),
        ("DCS status request", "\u{1B}P$q"),
        ("BEL", "bell\u{07}"),
        ("BS", "backspace\u{08}"),
        ("CR", "carriage\r"),
        ("LF inside a name", "newline\ninjected"),
        ("TAB inside a name", "tab\tseparated"),
        ("NUL", "NUL\u{0}byte"),
        ("DEL", "DEL\u{7F}char"),
        ("C1 CSI", "\u{9B}31m"),
        ("C1 OSC", "\u{9D}52;c;"),
        ("C1 DCS", "\u{90}q"),
        ("RLO bidi override", "\u{202E}"),
        ("PDF bidi pop", "\u{202C}"),
        ("RLI bidi isolate", "\u{2067}"),
        ("RLM bidi mark", "\u{200F}"),
    ]

    /// Byte patterns that must not occur anywhere in what we write, whoever wrote them: no OSC,
    /// no DCS, no BEL, no C1 control, no bidi control. (CSI, BS and CR are how ncurses draws,
    /// so those are checked in their vendor context above.)
    static let forbiddenAnywhere: [(what: String, bytes: [UInt8])] = [
        ("ESC ] (OSC)", [0x1B, 0x5D]),
        ("ESC P (DCS)", [0x1B, 0x50]),
        ("ESC _ (APC)", [0x1B, 0x5F]),
        ("ESC ^ (PM)", [0x1B, 0x5E]),
        ("BEL", [0x07]),
        ("NUL", [0x00]),
    ] + (0x80...0x9F).map { ("C1 U+00\(String($0, radix: 16, uppercase: true))", Array(String(Unicode.Scalar(UInt8($0))).utf8)) }
      + [0x061C, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069].map {
          ("bidi U+\(String($0, radix: 16, uppercase: true))", Array(String(Unicode.Scalar(UInt32($0))!).utf8))
      }

    static func expectInert(_ bytes: Data, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for (name, sequence) in hostileSequences {
            #expect(!bytes.contains(sequence), "\(what) carries the vendor's \(name)", sourceLocation: sourceLocation)
        }
        for (name, sequence) in forbiddenAnywhere {
            #expect(!bytes.contains(bytes: sequence), "\(what) carries \(name)", sourceLocation: sourceLocation)
        }
    }

    /// The titles as the vendors sent them, through `list --format json` (which escapes them):
    /// proof that the data really carries every hostile sequence, so the checks are not vacuous.
    static func expectVendorDataIsHostile(_ json: Data) throws {
        let rows = try #require(try JSONSerialization.jsonObject(with: json) as? [[String: Any]])
        let titles = rows.compactMap { $0["title"] as? String }.joined(separator: "\u{1F}")
        for (name, sequence) in hostileSequences {
            #expect(titles.contains(sequence), "the sandbox's data lacks \(name)")
        }
    }

    // MARK: - list --format table

    @Test("list --format table writes no escape, control or bidi character from vendor data")
    func listTable() throws {
        let scratch = try ScratchDirectory("injection-list")
        let sandbox = try SeededSandbox(tokens: 400, config: scratch.path("config.toml"))
        defer { sandbox.stop() }
        var environment: [String: String?] = scratch.environment
        for (key, value) in sandbox.tokens { environment[key] = value }
        environment["COLUMNS"] = "400"
        let base = ["list", "--all", "--trashed", "with", "--config", sandbox.config, "--cache", scratch.path("cache.sqlite")]

        let json = try RawRun.tokendeck(base + ["--format", "json"], environment: environment)
        #expect(json.status == 0, "\(json.stderrText)")
        try Self.expectVendorDataIsHostile(json.stdout)

        let table = try RawRun.tokendeck(base + ["--format", "table"], environment: environment)
        #expect(table.status == 0, "\(table.stderrText)")
        Self.expectInert(table.stdout, "list --format table (stdout)")
        Self.expectInert(table.stderr, "list --format table (stderr)")
        // Nothing but printable text and line ends: no ESC, no C0 control at all.
        let controls = Set(table.stdout.filter { ($0 < 0x20 && $0 != 0x0A) || $0 == 0x7F })
        #expect(controls.isEmpty, "control bytes in the table: \(controls.sorted())")
        // The names are there, drawn with visible stand-ins.
        let text = table.stdoutText
        for standIn in ["␛[31mRED ALERT", "␛]52;c;cm0gLXJmIH4=␇clipboard write", "␛P$q\"p␛\\DCS", "bell␇␇␇ ringer",
                        "backspace␈␈␈␈hidden", "carriage␍return", "newline␊injected", "tab␉separated", "NUL␀byte", "DEL␡char"] {
            #expect(text.contains(standIn), "the table does not show \(standIn)")
        }
    }

    // MARK: - The dashboard

    @Test("The dashboard, searched to every hostile name and its details, writes none of their sequences")
    func dashboard() async throws {
        let scratch = try ScratchDirectory("injection-dashboard")
        let demo = try RecordedDemo(environment: scratch.environment, width: 200, height: 50)
        let session = demo.session
        try await session.waitUntil("the demo synced", timeout: 20) { screen in
            let header = screen.split(separator: "\n").first ?? ""
            return header.contains("⟳") && header.contains("ago") && !header.contains("syncing")
        }

        // (search text, what the row must show)
        let searches = [
            ("RED ALERT", "␛[31mRED ALERT"), ("clipboard", "␛]52;c;cm0gLXJmIH4=␇clipboard"), ("window title", "␛]0;pwned title␇window"),
            ("clear screen", "␛P$q\"p␛\\DCS"), ("ringer", "bell␇␇␇ ringer"), ("hidden", "backspace␈␈␈␈hidden"),
            ("overwrite", "carriage␍return"), ("isolate", "bidi \u{FFFD}exe.txt\u{FFFD}"), ("C1 ", "C1 \u{FFFD}31m CSI"),
            ("injected", "newline␊injected"), ("separated", "tab␉separated"),
        ]
        for (search, standIn) in searches {
            try session.press("/")
            try session.type(search)
            try await session.waitFor(standIn, timeout: 10)
            // Enter ends the search (the filter stays), Enter again focuses the details pane.
            try session.press("Enter", "Enter")
            try await session.waitUntil("the details of \(search)") { screen in
                screen.split(separator: "\n").filter { $0.contains(standIn) }.count >= 2
            }
            try session.press("Escape", "/", "Escape")
            try await session.waitUntil("the search cleared") { !$0.contains(standIn) || !($0.split(separator: "\n").first ?? "").contains("/") }
        }
        let (end, bytes) = try await demo.quitAndRecording(timeout: 10)
        #expect(end.contains("[exit=0]"), "the dashboard did not exit 0:\n\(end)")
        #expect(bytes.contains("[exit=0]"), "the raw output was not recorded to the end (\(bytes.count) bytes)")
        // The program's bytes: from its first (the alternate screen) to its exit.
        let start = bytes.range(of: Data("\u{1B}[?1049h".utf8))?.lowerBound ?? bytes.startIndex
        let program = bytes[start..<(bytes.range(of: Data("[exit=".utf8))?.lowerBound ?? bytes.endIndex)]
        #expect(program.count > 10_000, "only \(program.count) bytes recorded")
        #expect(program.contains("␛[31mRED ALERT"), "the stand-ins are in the raw bytes too")
        Self.expectInert(Data(program), "the dashboard's output")
    }
}
