import Foundation
import Testing
import TestSupport
import TokenDeckCore

/// Every input in FuzzRegressions/ — the seeds scripts/fuzz.sh starts from and every crasher it
/// ever saved — replayed through `FuzzReplay`, the very harness the libFuzzer targets run.
/// Files are named `<target>-<what>`: target is a vendor id or `config` (the config files are
/// replayed by ConfigFuzzRegressionTests in TokenDeckSyncTests, which can parse TOML).
@Suite("Fuzz regressions")
struct FuzzRegressionTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("FuzzRegressions")

    static func files(for target: String) -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasPrefix(target + "-") }.sorted().map { directory.appendingPathComponent($0) }
    }

    static func input(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: directory.appendingPathComponent(name)))
    }

    @Test("Every saved input of every vendor decodes or is refused, and nothing decoded carries unsafe text", arguments: Vendor.allCases)
    func everySavedInputIsHandled(vendor: Vendor) throws {
        let files = Self.files(for: vendor.rawValue)
        // At least the two seeds: the test never passes on an empty directory.
        #expect(files.count >= 2, "no regression inputs for \(vendor.rawValue) in \(Self.directory.path)")
        for file in files {
            let outcome = FuzzReplay.decode([UInt8](try Data(contentsOf: file)), vendor: vendor)
            #expect(outcome.violations == [], "\(file.lastPathComponent)")
        }
    }

    @Test("The list seeds are real pages: they decode to the token they carry", arguments: [
        (Vendor.provisionr, "wstok_1"), (.prefactor, "pf_1"), (.metokens, "1"), (.truefoundry, "tf_1"),
    ])
    func listSeedsDecode(vendor: Vendor, id: String) throws {
        let outcome = FuzzReplay.decode(try Self.input("\(vendor.rawValue)-seed-list"), vendor: vendor)
        #expect(outcome.decoder == .list)
        #expect(outcome.status == 200)
        #expect(outcome.error == nil)
        #expect(outcome.tokens?.map(\.id) == [id])
        #expect(outcome.tokens?.first?.vendor == vendor)
    }

    @Test("The error seeds give the vendor's error with its status", arguments: [
        (Vendor.provisionr, 422), (.prefactor, 401), (.metokens, 401), (.truefoundry, 401),
    ])
    func errorSeedsDecode(vendor: Vendor, status: Int) throws {
        let outcome = FuzzReplay.decode(try Self.input("\(vendor.rawValue)-seed-error"), vendor: vendor)
        #expect(outcome.decoder == .error)
        #expect(outcome.status == status)
        #expect(outcome.error?.vendor == vendor)
        #expect(outcome.error?.description.isEmpty == false)
    }

    @Test("A body of hostile names decodes to tokens whose text the sanitiser makes inert")
    func hostileBodyIsSanitisable() throws {
        let hostile = #"\u001b]52;c;ZXZpbA==\u0007\u001b[2J\u009b31m\u202eevil\u001bP$q\u001b\\"#
        let body = #"{"data":[{"id":"tf_\#(hostile)","name":"\#(hostile)","createdBy":"\#(hostile)","createdAt":"2024-01-01T00:00:00Z","expiresAt":null}],"pagination":{"total":1,"offset":0,"limit":1}}"#
        let outcome = FuzzReplay.decode([0x00] + Array(body.utf8), vendor: .truefoundry)
        #expect(outcome.violations == [])
        let token = try #require(outcome.tokens?.first)
        #expect(token.title.contains("\u{1B}]52;c;"))
        #expect(Sanitizer.isSafe(Sanitizer.sanitize(token.title)))
        #expect(!Sanitizer.sanitize(token.title).unicodeScalars.contains { $0.value < 0x20 || (0x80...0x9F).contains($0.value) || $0 == "\u{202E}" })
    }

    @Test("The config seeds and crashers are there for ConfigFuzzRegressionTests to replay")
    func configInputsArePresent() {
        let names = Self.files(for: "config").map(\.lastPathComponent)
        #expect(names.contains("config-seed-valid"))
        #expect(names.contains { $0.hasPrefix("config-crash-") })
    }
}

/// The toml++ assertion the config fuzzer found: a table header whose name starts with something
/// that is neither a bare-key character nor a quote.
@Suite("TOML header check")
struct TOMLHeaderCheckTests {
    @Test("Headers toml++ would assert on are found, with line and column", arguments: [
        ("[!]", 1, 2), ("[ !]", 1, 3), ("[[!]]", 1, 3), ("[=]", 1, 2), ("[.]", 1, 2), ("a = 1\n[[ é]]", 2, 4),
        ("[\u{202E}x]", 1, 2), ("[\u{FFFD}accounts]]", 1, 2), ("[\n", 1, 2), ("[\u{7F}]", 1, 2), ("  [\t\u{1}]", 1, 5),
    ])
    func badHeadersAreFound(text: String, line: Int, column: Int) throws {
        let problem = try #require(TOMLHeaderCheck.firstBadHeader(in: text))
        #expect(problem.line == line)
        #expect(problem.column == column)
        #expect(problem.message.hasPrefix("a table header must start with a name"))
        #expect(Sanitizer.isSafe(problem.message), "the message echoes the character inert")
    }

    @Test("Valid TOML, and brackets inside values, strings and comments, pass", arguments: [
        "[accounts]", "[[accounts]]", "[ \"quoted key\" ]", "['literal']", "[_x]", "[-x]", "[9]", "[]", "[ [x] ]",
        "x = [\n  [+1, 2],\n  [!],\n]", "x = \"\"\"\n[!]\n\"\"\"", "x = '''\n[!]'''", "# [!]", "x = \"[!]\"",
        "x = { a = [1] }\n[ok]", "s = \"\"\"a\\\"\"\"\"\n[ok]", "",
    ])
    func validTextPasses(text: String) {
        #expect(TOMLHeaderCheck.firstBadHeader(in: text) == nil)
    }

    @Test("A bad header after a multi-line string is still found on its own line")
    func lineCountingCrossesMultiLineStrings() throws {
        let problem = try #require(TOMLHeaderCheck.firstBadHeader(in: "x = \"\"\"\none\ntwo\n\"\"\"\n[ok]\n[!]"))
        #expect(problem.line == 6)
        #expect(problem.column == 2)
    }
}
