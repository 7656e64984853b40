import Foundation
import Testing
import TestSupport
@testable import TokenDeckCore

/// HTTP-dates in all three RFC 9110 forms, and `Retry-After` measured from the answer's `Date` or a clock.
@Suite struct HTTPDateTests {
    /// 1994-11-06T08:49:37Z, RFC 9110's own example.
    let example = Date(timeIntervalSince1970: 784_111_777)

    @Test func imfFixdateParses() {
        #expect(HTTPDate.date(from: "Sun, 06 Nov 1994 08:49:37 GMT") == example)
    }

    @Test func obsoleteRFC850DateParsesWithItsTwoDigitYear() {
        #expect(HTTPDate.date(from: "Sunday, 06-Nov-94 08:49:37 GMT") == example)
        #expect(HTTPDate.date(from: "Sunday, 06-Nov-94 08:49:37 GMT", now: TestClock.now) == example)
        // More than 50 years after 2024 is read as the century before; within 50 years, as this one.
        let twentySeventyFive = HTTPDate.date(from: "Wednesday, 06-Nov-75 08:49:37 GMT", now: TestClock.now)
        #expect(twentySeventyFive.map { ISO8601Date.string(from: $0) } == "1975-11-06T08:49:37Z")
        let twentyFortyNine = HTTPDate.date(from: "Saturday, 06-Nov-49 08:49:37 GMT", now: TestClock.now)
        #expect(twentyFortyNine.map { ISO8601Date.string(from: $0) } == "2049-11-06T08:49:37Z")
    }

    @Test func obsoleteAsctimeDateParsesWithItsSpacePaddedDay() {
        #expect(HTTPDate.date(from: "Sun Nov  6 08:49:37 1994") == example)
        #expect(HTTPDate.date(from: "Sun Nov 16 08:49:37 1994") == example.addingTimeInterval(10 * 86_400))
    }

    @Test(arguments: [
        "", "soon", "Sun, 06 Nov 1994 08:49:37", "Sun, 06 Nov 1994 08:49:37 UTC", "Sun, 31 Feb 1994 08:49:37 GMT",
        "Sun, 06 Nov 1994 25:49:37 GMT", "Sun, 06 Foo 1994 08:49:37 GMT", "Xyz, 06 Nov 1994 08:49:37 GMT",
        "Sun, 6 Nov 1994 08:49:37 GMT", "Sun, 06 Nov 94 08:49:37 GMT", "Sunday, 06-Nov-1994 08:49:37 GMT",
        "Sun Nov  6 08:49 1994", "Sun Nov  6 08:49:37 GMT", "1994-11-06T08:49:37Z", "Sun, 06 Nov 1994 08:49:3x GMT",
    ])
    func garbageIsNotADate(text: String) {
        #expect(HTTPDate.date(from: text, now: TestClock.now) == nil, "\(text)")
    }

    @Test func formattingGivesAnIMFFixdateThatParsesBack() {
        #expect(HTTPDate.string(from: example) == "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(HTTPDate.string(from: TestClock.now) == "Wed, 01 May 2024 00:00:00 GMT")
        #expect(HTTPDate.date(from: HTTPDate.string(from: TestClock.now)) == TestClock.now)
    }

    @Test func retryAfterDeltaSecondsNeedsNoClock() {
        #expect(RetryAfter.seconds(in: ["retry-after": "120"], now: nil) == 120)
        #expect(RetryAfter.seconds(in: ["retry-after": "1.5"], now: TestClock.now) == 1.5)
    }

    @Test func retryAfterDateIsSecondsFromTheClockWhenTheAnswerHasNoDate() {
        let in90 = HTTPDate.string(from: TestClock.now.addingTimeInterval(90))
        #expect(RetryAfter.seconds(in: ["retry-after": in90], now: TestClock.now) == 90)
        let asctime = "Wed May  1 00:00:30 2024"
        #expect(RetryAfter.seconds(in: ["retry-after": asctime], now: TestClock.now) == 30)
        let rfc850 = "Wednesday, 01-May-24 00:01:00 GMT"
        #expect(RetryAfter.seconds(in: ["retry-after": rfc850], now: TestClock.now) == 60)
    }

    @Test func retryAfterDatePrefersTheAnswersOwnDateOverTheClock() {
        // The local clock runs 10 minutes fast: the server's own Date still says 30 s.
        let headers = ["retry-after": "Wed, 01 May 2024 00:00:30 GMT", "date": "Wed, 01 May 2024 00:00:00 GMT"]
        #expect(RetryAfter.seconds(in: headers, now: TestClock.now.addingTimeInterval(600)) == 30)
    }

    @Test func retryAfterDateInThePastIsZero() {
        let past = HTTPDate.string(from: TestClock.now.addingTimeInterval(-45))
        #expect(RetryAfter.seconds(in: ["retry-after": past], now: TestClock.now) == 0)
    }

    @Test(arguments: ["soon", "-5", "inf", "nan", "0x10", "1e3", "Wed, 01 May 2024 00:00:30", " "])
    func retryAfterGarbageIsIgnored(value: String) {
        #expect(RetryAfter.seconds(in: ["retry-after": value], now: TestClock.now) == nil, "\(value)")
    }

    @Test func retryAfterDateWithoutAnyClockCannotBeMeasured() {
        #expect(RetryAfter.seconds(in: ["retry-after": "Wed, 01 May 2024 00:00:30 GMT"], now: nil) == nil)
    }
}
