import Foundation
import Testing
import TestSupport
import TokenDeckCore
@testable import TokenDeckUI

/// The risk view at 100,000 tokens: the index's counts and filter agree with the audit policy's
/// own violations, token for token. (How fast is for the benchmarks; the time to open the view
/// is printed for the record, not asserted.)
@Suite(.serialized) struct RiskScaleTests {
    static let tokens: [Token] = ScaleTests.tokens.enumerated().map { index, token in
        var token = token
        if index % 5 == 0 { token.expiresAt = nil }
        if index % 7 == 0 { token.lastUsedAt = TestClock.days(-100) }
        if index % 11 == 0 { token.createdAt = TestClock.days(-400) }
        if index % 13 == 0 { token.expiresAt = TestClock.days(3) }
        if index % 17 == 0 { token.trashed = true }
        return token
    }

    @Test func theViewAndTheFilterAgreeWithTheAuditAtHundredThousand() throws {
        var state = dashboard(Self.tokens, size: Size(width: 120, height: 40))
        #expect(state.catalog.risks == nil)
        let started = Date()
        state.press(.char("R"))
        let opened = Date().timeIntervalSince(started)
        print("risk view opened over \(Self.tokens.count) tokens in \(Int(opened * 1000)) ms (debug build)")
        let panel = try #require(state.riskPanel)
        let violations = AuditPolicy.builtIn.violations(of: Self.tokens, now: TestClock.now)
        #expect(panel.matrix == RiskMatrix(violations, accountOrder: dashboardAccounts.map(\.name)))
        #expect(panel.matrix.rows.count == 5)

        // Unused 45d, over every account: exactly the tokens the audit names for that rule.
        let row = try #require(panel.matrix.rows.firstIndex { $0.rule == .unused })
        for _ in 0..<row { state.press(.down) }
        state.press(.enter)
        let expected = Set(violations.filter { $0.rule == .unused }.map { "\($0.token.account)/\($0.token.id)" })
        let shown = Set(state.visibleTokens.map { "\($0.account)/\($0.id)" })
        #expect(shown == expected)
        #expect(shown.count == panel.matrix.rows[row].total)
    }
}
