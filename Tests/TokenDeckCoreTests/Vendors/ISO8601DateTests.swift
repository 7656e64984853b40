import Foundation
import Testing
@testable import TokenDeckCore

@Suite struct ISO8601DateTests {
    static let base: TimeInterval = 1_710_498_600 // 2024-03-15T10:30:00Z

    @Test(arguments: [
        ("2024-03-15T10:30:00Z", 0.0),
        ("2024-03-15T10:30:00.000000Z", 0.0),
        ("2024-03-15T10:30:00.1Z", 0.1),
        ("2024-03-15T10:30:00.123Z", 0.123),
        ("2024-03-15T10:30:00.123456789Z", 0.123456789),
        ("2024-03-15T10:30:00.1234567891234Z", 0.123456789),
        ("2024-03-15T12:30:00+02:00", 0.0),
        ("2024-03-15T12:30:00.5+0200", 0.5),
        ("2024-03-15T05:30:00-05", 0.0),
        ("2024-03-15t10:30:00z", 0.0),
        ("2024-03-15 10:30:00", 0.0),
        ("2024-03-15T10:30Z", 0.0),
    ])
    func parsesEveryPrecisionAndOffset(text: String, fraction: Double) throws {
        let date = try #require(ISO8601Date.date(from: text))
        #expect(abs(date.timeIntervalSince1970 - (Self.base + fraction)) < 1e-6)
    }

    @Test func specExampleSecondsWithoutFraction() {
        #expect(ISO8601Date.date(from: "2023-11-07T05:31:56Z")?.timeIntervalSince1970 == 1_699_335_116)
    }

    @Test func bareDateIsMidnightUTC() {
        #expect(ISO8601Date.date(from: "2024-03-15")?.timeIntervalSince1970 == 1_710_460_800)
    }

    @Test(arguments: ["", "<string>", "2024-03-15T10:30:00ZZ", "2024-02-30T00:00:00Z", "2023-02-29T00:00:00Z", "2024-13-01T00:00:00Z",
                      "2024-03-15T24:00:00Z", "2024-03-15T10:60:00Z", "2024-03-15T10:30:00.Z", "2024-3-15T10:30:00Z",
                      "2024-03-15T10:30:00+2", "yesterday", "2024-03-15T10:30:00 Z"])
    func rejectsWhatIsNotADate(text: String) {
        #expect(ISO8601Date.date(from: text) == nil)
    }

    @Test func leapDayParses() {
        #expect(ISO8601Date.date(from: "2024-02-29T00:00:00Z") != nil)
        #expect(ISO8601Date.date(from: "2000-02-29T00:00:00Z") != nil)
    }

    @Test func formatsUTCWholeSeconds() {
        #expect(ISO8601Date.string(from: Date(timeIntervalSince1970: Self.base + 0.999)) == "2024-03-15T10:30:00Z")
        #expect(ISO8601Date.string(from: Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00Z")
        #expect(ISO8601Date.string(from: Date(timeIntervalSince1970: -1)) == "1969-12-31T23:59:59Z")
    }

    @Test func formatAndParseRoundTripAcrossCenturies() {
        for seconds in stride(from: -2_208_988_800.0, through: 4_102_444_800.0, by: 7_776_013) {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(ISO8601Date.date(from: ISO8601Date.string(from: date)) == date)
        }
    }

    @Test func agreesWithFoundationsFormatter() throws {
        let formatter = ISO8601DateFormatter()
        for seconds in stride(from: 0.0, through: 2_000_000_000.0, by: 86_399_937) {
            let text = formatter.string(from: Date(timeIntervalSince1970: seconds))
            #expect(ISO8601Date.date(from: text) == formatter.date(from: text))
            #expect(ISO8601Date.string(from: Date(timeIntervalSince1970: seconds)) == text)
        }
    }
}
