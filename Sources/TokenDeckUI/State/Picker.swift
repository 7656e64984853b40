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
        var counts: [String: Int] = [:]
        forEachCandidate(in: state, query: query) { counts[$0.kind, default: 0] += 1 }
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
        var counts: [TokenStatus: Int] = [:]
        var total = 0
        forEachCandidate(in: state, query: query) {
            counts[$0.status(asOf: state.now), default: 0] += 1
            total += 1
        }
        var options = [Option(label: "all statuses", count: total, choice: .status(nil))]
        for status in TokenStatus.allCases where status != .trashed {
            options.append(Option(label: status.rawValue, count: counts[status] ?? 0, choice: .status(status)))
        }
        options.append(Option(label: "trashed (shows the trash)", count: nil, choice: .trash))
        let current: Choice = state.query.trashed == .only && state.query.status == nil ? .trash : .status(state.query.status)
        let cursor = options.firstIndex { $0.choice == current } ?? 0
        return Picker(purpose: .status, options: options, cursor: cursor)
    }

    /// Visits the tokens of the selected account that pass `query` (run once when a picker opens).
    private static func forEachCandidate(in state: AppState, query: TokenQuery, _ body: (Token) -> Void) {
        let account = state.selectedAccount
        for token in state.catalog.tokens where account == nil || token.account == account {
            if TokenFilter.matches(token, query: query, now: state.now) { body(token) }
        }
    }
}
