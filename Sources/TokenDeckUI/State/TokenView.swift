import Foundation
import TokenDeckCore

/// The tokens the dashboard shows: the rows of the load's `TokenIndex` for the current query and
/// account, with the per-account counts the sidebar shows. It holds what they were computed for and
/// asks the index again only when that changes; the index keeps what earlier queries cost. Moving,
/// paging, opening panels or ticking the clock change nothing here.
struct TokenView: Sendable {
    /// Tokens matching every filter but the account, in the view's order.
    private(set) var matching: [Int] = []
    /// `matching` in the selected account (or all of it).
    private(set) var rows: [Int] = []
    /// Tokens matching every filter but the account, per account ordinal.
    private(set) var countsByAccount: [Int] = []
    /// Bumped whenever `rows` is recomputed, so the selection knows to find its token again.
    private(set) var revision = 0
    private var computedFor: Inputs?

    /// Everything the rows depend on.
    private struct Inputs: Equatable {
        struct Matching: Equatable {
            var kind: String?
            var trashed: TrashFilter
            var status: TokenStatus?
            /// The risk filter, and which assessment of the risks it read.
            var risk: RiskFilter?
            var riskAssessment: Int
            var text: String
            var sort: TokenSort
            var generation: Int
            /// Status sorts and filters follow the clock: asked again once a minute.
            var minute: Int?
            var accountCount: Int
        }
        var matching: Matching
        var account: Int?
    }

    /// Brings the rows up to date with `query` (its text, kind, trash, status and sort) and the
    /// selected account (nil for all). Returns whether they were recomputed.
    @discardableResult
    mutating func update(catalog index: inout TokenIndex, query: TokenQuery, account: Int?, accountCount: Int, now: Date) -> Bool {
        let followsClock = query.sort.field == .status || query.status != nil
        let inputs = Inputs(
            matching: .init(kind: query.kind, trashed: query.trashed, status: query.status,
                            risk: query.risk, riskAssessment: query.risk == nil ? 0 : index.risks?.assessment ?? 0,
                            text: query.text, sort: query.sort,
                            generation: index.generation, minute: followsClock ? Int(now.timeIntervalSince1970 / 60) : nil,
                            accountCount: accountCount),
            account: account)
        guard inputs != computedFor else { return false }
        if inputs.matching != computedFor?.matching {
            matching = index.rows(for: query, now: now)
            countsByAccount = index.accountCounts(of: matching, accountCount: accountCount)
        }
        rows = account.map { index.rows(matching, inAccount: $0) } ?? matching
        computedFor = inputs
        revision &+= 1
        return true
    }

    var totalMatching: Int { matching.count }
}
