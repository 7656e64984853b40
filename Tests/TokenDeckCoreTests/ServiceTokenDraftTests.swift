import Foundation
import Testing
import TokenDeckCore

/// 2026-11-23T12:00:00Z, fixed so relative expiries resolve to known dates.
private let now = Date(timeIntervalSince1970: 1_795_435_200)

private func validDraft() -> ServiceTokenDraft {
    ServiceTokenDraft(account: "acme-prod", service: "svc_123", name: "Vendor X (Prod)", description: "Token for Vendor X", expires: "30d")
}

@Test func validDraftBuildsTheRequestWithResolvedExpiry() throws {
    let result = validDraft().request(now: now)
    guard case .success(let request) = result else {
        Issue.record("expected a request, got \(result)")
        return
    }
    #expect(request.service == "svc_123")
    #expect(request.name == "Vendor X (Prod)")
    #expect(request.description == "Token for Vendor X")
    #expect(request.expiresAt.map(ExpiryParser.format) == "2026-12-23T12:00:00Z")
}

@Test func nameOfFiftyFiveCharactersIsAcceptedAndFiftySixRefused() {
    var draft = validDraft()
    draft.name = String(repeating: "a", count: 55)
    #expect(draft.problems(now: now)[.name] == nil)
    draft.name = String(repeating: "a", count: 56)
    #expect(draft.problems(now: now)[.name] == "The name may not be longer than 55 characters (it has 56).")
}

@Test func nameLengthCountsCharactersNotBytes() {
    var draft = validDraft()
    draft.name = String(repeating: "日", count: 55)
    #expect(draft.problems(now: now)[.name] == nil)
}

@Test func missingFieldsAreReportedInFormOrder() {
    let draft = ServiceTokenDraft(account: "acme", service: "svc", name: "  ", description: "", expires: "soon")
    let problems = draft.problems(now: now)
    #expect(problems[.name] == "The name is required.")
    #expect(problems[.description] == "The description is required.")
    #expect(problems[.expires]?.hasPrefix("Use a date") == true)
    #expect(draft.firstInvalidField(now: now) == .name)
}

@Test func relativeExpiriesResolveFromTheInjectedClock() {
    #expect(ExpiryParser.preview("7d", now: now) == "2026-11-30T12:00:00Z")
    #expect(ExpiryParser.preview("90d", now: now) == "2027-02-21T12:00:00Z")
    #expect(ExpiryParser.preview("1y", now: now) == "2027-11-23T12:00:00Z")
    #expect(ExpiryParser.preview("2w", now: now) == "2026-12-07T12:00:00Z")
}

@Test func emptyExpiryMeansNever() {
    #expect(ExpiryParser.parse("", now: now) == .success(nil))
    #expect(ExpiryParser.parse("never", now: now) == .success(nil))
}

@Test func absoluteDatesAndDateTimesParseAndPastOnesAreRefused() {
    #expect(ExpiryParser.preview("2026-12-31", now: now) == "2026-12-31T00:00:00Z")
    #expect(ExpiryParser.preview("2027-01-02T03:04:05Z", now: now) == "2027-01-02T03:04:05Z")
    #expect(ExpiryParser.parse("2025-01-01", now: now) == .failure("The expiry must be in the future."))
    #expect(ExpiryParser.parse("2026-02-30", now: now) != .success(nil))
    if case .success = ExpiryParser.parse("2027-02-30", now: now) { Issue.record("Feb 30 must not parse") }
}

@Test func nameLengthCountsCodePointsAsTheServerDoes() {
    var draft = validDraft()
    // "é" written as e + U+0301: one character on screen, two code points for mb_strlen.
    draft.name = String(repeating: "e\u{301}", count: 28)
    #expect(draft.nameLength == 56)
    #expect(draft.problems(now: now)[.name] == "The name may not be longer than 55 characters (it has 56).")
}
