import Foundation
import TokenDeckCore

/// The tokens the dashboard shows: the rows of the load's `TokenIndex` for the current query and
/// account, with the per-account counts the sidebar shows. The index keeps what earlier queries cost
/// (`ViewMemo`) and answers a question it was just asked with the same rows; this recomputes the
/// account stage and the counts only when those rows, the account or the accounts changed.
/// Moving, paging, opening panels or ticking the clock change nothing here.
struct TokenView: Sendable {
    /// Tokens matching every filter but the account, in the view's order.
    private(set) var matching: [Int] = []
    /// `matching` in the selected account (or all of it).
    private(set) var rows: [Int] = []
    /// Tokens matching every filter but the account, per account ordinal.
    private(set) var countsByAccount: [Int] = []
    /// Bumped whenever `rows` is recomputed, so the selection knows to find its token again.
    private(set) var revision = 0
    /// The account and the number of accounts `rows` and `countsByAccount` were made for; nil before the first update.
    private var shown: (account: Int?, accountCount: Int)?

    /// Brings the rows up to date with `query` (its text, kind, trash, status, risk and sort) and the
    /// selected account (nil for all). Returns whether they were recomputed.
    @discardableResult
    mutating func update(catalog index: inout TokenIndex, query: TokenQuery, account: Int?, accountCount: Int, now: Date) -> Bool {
        let answer = index.rows(for: query, now: now)
        // The same rows come back as the same array: compared without reading them.
        let matchingChanged = answer != matching
        if let shown, !matchingChanged, shown.account == account, shown.accountCount == accountCount { return false }
        if matchingChanged || shown?.accountCount != accountCount {
            matching = answer
            countsByAccount = index.accountCounts(of: matching, accountCount: accountCount)
        }
        rows = account.map { index.rows(matching, inAccount: $0) } ?? matching
        shown = (account, accountCount)
        revision &+= 1
        return true
    }

    var totalMatching: Int { matching.count }
}
