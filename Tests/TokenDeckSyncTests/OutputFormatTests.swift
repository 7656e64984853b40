import Foundation
import Testing
import TestSupport
import TokenDeckCore
@testable import TokenDeckSync

/// Two fixed tokens and a fixed now, shared by the output tests.
enum OutputFixtures {
    static let now = TestClock.now  // 2024-05-01T00:00:00Z

    static let tokens = [
        Token(
            vendor: .provisionr, account: "acme-prod", id: "wstok_01", kind: "svc_access",
            title: "Vendor \"X\", (Prod)", createdAt: Date(timeIntervalSince1970: 1_710_498_600.25),
            lastUsedAt: Date(timeIntervalSince1970: 1_714_348_800), expiresAt: Date(timeIntervalSince1970: 1_716_163_200),
            scopes: ["read", "write"]),
        Token(
            vendor: .metokens, account: "me", id: "42", kind: "personal", title: "tab\there ☃\u{1B}[31m\u{7}",
            trashed: true, owner: "bob\\ops", usageCount: 7),
    ]
}

@Suite("list output: JSON, NDJSON, CSV")
struct OutputFormatTests {
    static let first = #"{"vendor":"provisionr","account":"acme-prod","id":"wstok_01","kind":"svc_access","title":"Vendor \"X\", (Prod)","status":"expiring","trashed":false,"created_at":"2024-03-15T10:30:00Z","last_used_at":"2024-04-29T00:00:00Z","expires_at":"2024-05-20T00:00:00Z","owner":null,"scopes":["read","write"],"usage_count":null}"#
    static let second = #"{"vendor":"metokens","account":"me","id":"42","kind":"personal","title":"tab\u0009here ☃\u001b[31m\u0007","status":"trashed","trashed":true,"created_at":null,"last_used_at":null,"expires_at":null,"owner":"bob\\ops","scopes":[],"usage_count":7}"#

    @Test func ndjsonIsOneObjectALineWithTheDesignKeysInOrder() {
        let text = TokenOutput.ndjson(OutputFixtures.tokens, now: OutputFixtures.now)
        #expect(text == Self.first + "\n" + Self.second + "\n")
    }

    @Test func jsonIsOneArray() {
        let text = TokenOutput.json(OutputFixtures.tokens, now: OutputFixtures.now)
        #expect(text == "[\n" + Self.first + ",\n" + Self.second + "\n]\n")
        #expect(TokenOutput.json([], now: OutputFixtures.now) == "[]\n")
        #expect(TokenOutput.ndjson([], now: OutputFixtures.now) == "")
        // An empty CSV is its header alone.
        #expect(TokenOutput.csv([], now: OutputFixtures.now)
            == "vendor,account,id,kind,title,status,trashed,created_at,last_used_at,expires_at,owner,scopes,usage_count\n")
    }

    @Test func jsonParsesBackToTheSameValues() throws {
        let text = TokenOutput.json(OutputFixtures.tokens, now: OutputFixtures.now)
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
        #expect(parsed.count == 2)
        #expect(parsed[1]["title"] as? String == OutputFixtures.tokens[1].title)
        #expect(parsed[1]["owner"] as? String == "bob\\ops")
        #expect(parsed[0]["title"] as? String == "Vendor \"X\", (Prod)")
    }

    @Test func jsonIsTerminalInertForEveryControlCharacter() {
        let hostile = String(String.UnicodeScalarView((0...0x9F).compactMap(Unicode.Scalar.init) + ["\u{202E}", "\u{2028}"]))
        let token = Token(vendor: .truefoundry, account: "a", id: "1", kind: "k", title: hostile)
        let text = TokenOutput.ndjson([token], now: OutputFixtures.now)
        #expect(!text.dropLast().unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) || $0 == "\u{202E}" || $0 == "\u{2028}" })
        #expect(text.contains(#"\u001b"#))
        #expect(text.contains(#"\u009b"#))
        #expect(text.contains(#"\u202e"#))
    }

    @Test func csvHasAHeaderAndRFC4180Quoting() {
        let text = TokenOutput.csv(OutputFixtures.tokens, now: OutputFixtures.now)
        let expected = """
            vendor,account,id,kind,title,status,trashed,created_at,last_used_at,expires_at,owner,scopes,usage_count
            provisionr,acme-prod,wstok_01,svc_access,"Vendor ""X"", (Prod)",expiring,false,2024-03-15T10:30:00Z,2024-04-29T00:00:00Z,2024-05-20T00:00:00Z,,read;write,
            metokens,me,42,personal,tab␉here ☃␛[31m␇,trashed,true,,,,bob\\ops,,7

            """
        #expect(text == expected)
    }

    @Test func csvQuotesFieldsWithCommasAndQuotes() {
        let token = Token(vendor: .prefactor, account: "a,b", id: "x\"y", kind: "k", title: "plain", scopes: ["s1", "s,2"])
        let line = TokenOutput.csv([token], now: OutputFixtures.now).split(separator: "\n")[1]
        #expect(line == #"prefactor,"a,b","x""y",k,plain,active,false,,,,,"s1;s,2","#)
    }

    @Test func timestampsAreUTCToTheSecond() {
        #expect(UTCTimestamp.string(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00Z")
        #expect(UTCTimestamp.string(Date(timeIntervalSince1970: 1_710_498_600.999)) == "2024-03-15T10:30:00Z")
        #expect(UTCTimestamp.string(Date(timeIntervalSince1970: -1)) == "1969-12-31T23:59:59Z")
    }

    /// 100,000 rows, one valid JSON object per line (how fast: scripts/bench-list-offline.sh).
    @Test func hundredThousandRowsAreOneObjectPerLine() throws {
        let tokens = (0..<100_000).map { Token.fixture(id: "wstok_\($0)", title: "Token number \($0)", scopes: ["read"]) }
        let text = TokenOutput.ndjson(tokens, now: OutputFixtures.now)
        let lines = text.split(separator: "\n")
        #expect(lines.count == 100_000)
        let last = try #require(try JSONSerialization.jsonObject(with: Data(lines[99_999].utf8)) as? [String: Any])
        #expect(last["id"] as? String == "wstok_99999")
        #expect(last["title"] as? String == "Token number 99999")
    }
}
