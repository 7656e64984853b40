import Foundation
import TokenDeckCore

/// A small list the person chooses one entry from: the type filter (`t`) or the status filter (`f`).
struct Picker: Sendable, Hashable {
    enum Purpose: Sendable, Hashable { case type, status }

    /// What choosing an option does.
    enum Choice: Sendable, Hashable {
        case kind(String?)
        case status(TokenStatus?)
        /// "trashed" is a place, not a status filter: it shows the trash.
        case trash
    }

    struct Option: Sendable, Hashable {
        var label: String
        /// How many tokens choosing it would show; nil where the number would mislead.
        var count: Int?
        var choice: Choice
    }

    var purpose: Purpose
    var options: [Option]
    var cursor: Int

    var title: String {
        switch purpose {
        case .type: "Token type"
        case .status: "Status"
        }
    }

    /// The token types of the current view (account, trash, status and search applied, the type
    /// filter not), most common first, after "all types".
    static func types(in state: AppState) -> Picker {
        var query = state.query
        query.kind = nil
        let byOrdinal = state.catalog.kindCounts(of: candidates(in: state, query: query))
        var counts: [String: Int] = [:]
        for (ordinal, count) in byOrdinal.enumerated() where count > 0 { counts[state.catalog.kinds[ordinal], default: 0] += count }
        var total = 0
        counts.values.forEach { total += $0 }
        let kinds = counts.keys.sorted { (counts[$0] ?? 0, $1) > (counts[$1] ?? 0, $0) }
        var options = [Option(label: "all types", count: total, choice: .kind(nil))]
        options += kinds.map { Option(label: $0, count: counts[$0], choice: .kind($0)) }
        // A type chosen earlier that no longer occurs stays selectable, so it can be seen and cleared.
        if let current = state.query.kind, counts[current] == nil {
            options.append(Option(label: current, count: 0, choice: .kind(current)))
        }
        let cursor = options.firstIndex { $0.choice == .kind(state.query.kind) } ?? 0
        return Picker(purpose: .type, options: options, cursor: cursor)
    }

    /// Every status, with how many tokens of the view (status filter aside) have it.
    static func statuses(in state: AppState) -> Picker {
        var query = state.query
        query.status = nil
        // Counted in an array by case, not a dictionary: this runs over every token of the view.
        let statuses = TokenStatus.allCases
        let indices = candidates(in: state, query: query)
        let byCase = state.catalog.statusCounts(of: indices, asOf: state.now.timeIntervalSinceReferenceDate)
        let total = indices.count
        var counts: [TokenStatus: Int] = [:]
        for (position, status) in statuses.enumerated() { counts[status] = byCase[position] }
        var options = [Option(label: "all statuses", count: total, choice: .status(nil))]
        for status in TokenStatus.allCases where status != .trashed {
            options.append(Option(label: status.rawValue, count: counts[status] ?? 0, choice: .status(status)))
        }
        options.append(Option(label: "trashed (shows the trash)", count: nil, choice: .trash))
        let current: Choice = state.query.trashed == .only && state.query.status == nil ? .trash : .status(state.query.status)
        let cursor = options.firstIndex { $0.choice == current } ?? 0
        return Picker(purpose: .status, options: options, cursor: cursor)
    }

    /// The tokens of the selected account that pass `query` (run once when a picker opens), from
    /// the view's cached rows or the index: the same rows the table would show.
    private static func candidates(in state: AppState, query: TokenQuery) -> [Int] {
        // The picker's own filter not set: the rows on show are the answer, already worked out
        // (filtering 100,000 tokens again cost the status picker half its frame).
        if query.kind == state.query.kind, query.status == state.query.status, query.trashed == state.query.trashed,
           query.text == state.query.text, query.risk == state.query.risk {
            return state.view.rows
        }
        return state.catalog.rows(for: query, inAccount: state.selectedAccountOrdinal, now: state.now)
    }
}
