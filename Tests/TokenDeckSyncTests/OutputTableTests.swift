import Foundation
import Testing
import TestSupport
import TokenDeckCore
@testable import TokenDeckSync

@Suite("list output: table")
struct OutputTableTests {
    @Test func tableAlignsColumnsWithRelativeDates() {
        let text = ListingTable.table(OutputFixtures.tokens, width: 120, now: OutputFixtures.now)
        let expected = """
            ACCOUNT    ID        KIND        TITLE               STATUS    LAST USED  EXPIRES
            acme-prod  wstok_01  svc_access  Vendor "X", (Prod)  expiring  2d ago     in 19d
            me         42        personal    tab␉here ☃␛[31m␇    trashed   never      never

            """
        #expect(text == expected)
    }

    @Test func hostileNameIsShownInert() {
        let token = Token.fixture(title: "\u{1B}]52;c;ZXZpbA==\u{7}evil\u{1B}[2J\u{9B}31m")
        let text = ListingTable.table([token], width: 120, now: OutputFixtures.now)
        #expect(!text.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n") || (0x7F...0x9F).contains($0.value) })
        #expect(text.contains("␛]52;c;ZXZpbA==␇evil␛[2J"))
    }

    @Test func wideCharactersStayAligned() {
        let tokens = [
            Token.fixture(id: "t1", title: "東京の本番トークン", expiresAt: nil),
            Token.fixture(id: "t2", title: "plain", expiresAt: nil),
            Token.fixture(id: "t3", title: "🔑 key", expiresAt: nil),
        ]
        let lines = ListingTable.table(tokens, width: 120, now: OutputFixtures.now).split(separator: "\n").map(String.init)
        // STATUS starts at the same display column on every line.
        let statusColumns = lines.map { line -> Int in
            let marker = line.range(of: "STATUS") ?? line.range(of: "active")
            return marker.map { DisplayWidth.of(String(line[..<$0.lowerBound])) } ?? -1
        }
        #expect(Set(statusColumns).count == 1)
        #expect(statusColumns.first != -1)
    }

    @Test(arguments: [40, 60, 80, 100, 20, 5])
    func everyLineFitsTheWidth(width: Int) {
        let tokens = OutputFixtures.tokens + [
            Token.fixture(account: "a-very-long-account-name-indeed", id: String(repeating: "x", count: 60),
                          title: "超長い名前" + String(repeating: "の", count: 40)),
        ]
        let lines = ListingTable.table(tokens, width: width, now: OutputFixtures.now).split(separator: "\n")
        #expect(lines.count == 4)
        for line in lines {
            #expect(DisplayWidth.of(String(line)) <= width, "\(line)")
        }
    }

    @Test func titleShrinksFirstWithAnEllipsis() {
        let token = Token.fixture(title: String(repeating: "t", count: 100))
        let lines = ListingTable.table([token], width: 80, now: OutputFixtures.now).split(separator: "\n")
        #expect(lines[1].contains("…"))
        #expect(lines[1].contains("wstok_1"))
        #expect(lines[1].contains("acme-prod"))
    }

    @Test func relativeTimesReadAtAGlance() {
        let now = OutputFixtures.now
        #expect(RelativeTime.describe(nil, now: now) == "never")
        #expect(RelativeTime.describe(now.addingTimeInterval(-30), now: now) == "now")
        #expect(RelativeTime.describe(now.addingTimeInterval(-5 * 60), now: now) == "5m ago")
        #expect(RelativeTime.describe(now.addingTimeInterval(-3 * 3600), now: now) == "3h ago")
        #expect(RelativeTime.describe(TestClock.days(-2), now: now) == "2d ago")
        #expect(RelativeTime.describe(TestClock.days(29), now: now) == "in 29d")
        #expect(RelativeTime.describe(TestClock.days(-800), now: now) == "2y ago")
    }
}
