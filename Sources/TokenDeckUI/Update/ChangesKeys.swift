import Foundation
import TokenDeckCore

/// The Changes view (`ChangesPanel`): opening it asks the runtime for the cache's change events;
/// keys move over them; Enter closes it and selects the event's token in the table.
enum ChangesKeys {
    static let hints: [StatusBar.Hint] = [("j/k", "move"), ("enter", "go to token"), ("esc", "close")]

    static func open(in state: inout AppState) -> [Effect] {
        state.changesPanel = ChangesPanel()
        state.searching = false
        return [.loadChanges]
    }

    static func loaded(_ events: [ChangeEvent]?, error: String?, in state: inout AppState) {
        // Answered after the view was closed: nothing to show it in.
        guard state.changesPanel != nil else { return }
        state.changesPanel = ChangesPanel(events: events ?? [], error: error)
    }

    static func handle(_ key: Key, in state: inout AppState) -> [Effect] {
        guard var panel = state.changesPanel else { return [] }
        let count = panel.events?.count ?? 0
        let page = max(1, ChangesOverlay.listRows(in: state.size))
        switch key {
        case .escape, .char("q"), .char("C"), .backspace:
            state.changesPanel = nil
            return []
        case .char("j"), .down: panel.cursor = min(panel.cursor + 1, max(0, count - 1))
        case .char("k"), .up: panel.cursor = max(0, panel.cursor - 1)
        case .char("g"), .home: panel.cursor = 0
        case .char("G"), .end: panel.cursor = max(0, count - 1)
        case .char("n"), .pageDown, .ctrl("d"): panel.cursor = min(panel.cursor + page, max(0, count - 1))
        case .char("p"), .pageUp, .ctrl("u"): panel.cursor = max(0, panel.cursor - page)
        case .enter:
            state.changesPanel = nil
            if let event = panel.selected { jump(to: event, in: &state) }
            return []
        default:
            break
        }
        if panel.cursor < panel.top { panel.top = panel.cursor }
        if panel.cursor >= panel.top + page { panel.top = panel.cursor - page + 1 }
        state.changesPanel = panel
        return []
    }

    /// Selects the event's token in the table; when the filters hide it, they are cleared (the
    /// trash shown too) and the message says so; a token the cache no longer holds is said.
    static func jump(to event: ChangeEvent, in state: inout AppState) {
        let id = DisplayWidth.truncate(Sanitizer.sanitize(event.tokenID), to: 40)
        let key = TokenKey(account: event.account, id: event.tokenID)
        guard let index = state.catalog.index(of: key) else {
            state.message = StatusMessage(kind: .info, text: "\(id) is no longer in \(Sanitizer.sanitize(event.account))")
            return
        }
        state.focus = .table
        state.refreshView(fallbackToTop: false)
        if let row = state.view.rows.firstIndex(of: index) {
            state.select(row: row)
            return
        }
        state.query = TokenQuery(trashed: .with, sort: state.query.sort)
        state.selectAccount(ordinal: nil)
        state.pendingSelectionKey = key
        state.refreshView(fallbackToTop: false)
        state.selectPendingToken()
        state.message = StatusMessage(kind: .info, text: "filters cleared to show \(id)")
    }
}
