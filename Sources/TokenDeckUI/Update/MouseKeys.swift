import TokenDeckCore

/// The mouse, wherever it points: a click selects an account in the sidebar or a row in the
/// table, focuses the details, or runs the key hint it lands on in the status bar; the wheel
/// scrolls whatever is under it.
enum MouseKeys {
    static func handle(_ event: MouseEvent, in state: inout AppState) -> [Effect] {
        let layout = Layout(size: state.size, state: state)
        guard layout.fits else { return [] }
        if event.kind == .release { return [] }
        let point = (x: event.x, y: event.y)

        if contains(layout.statusBar, point) {
            guard event.kind == .press, let hint = StatusBar.hint(at: event.x, in: layout.statusBar, state: state),
                  let key = key(for: hint.key) else { return [] }
            return KeyHandler.handle(key, in: &state)
        }
        if let sidebar = layout.sidebar, contains(sidebar, point) {
            switch event.kind {
            case .wheelDown: _ = PanelKeys.sidebar(.down, in: &state)
            case .wheelUp: _ = PanelKeys.sidebar(.up, in: &state)
            case .press:
                state.focus = .sidebar
                let entry = Sidebar.entry(atRow: event.y, in: sidebar, state: state)
                if let entry { state.selectAccount(ordinal: entry == 0 ? nil : entry - 1) }
            case .release: break
            }
            return []
        }
        if let details = layout.details, contains(details, point) {
            switch event.kind {
            case .wheelDown: state.focus = .details; _ = PanelKeys.details(.char("j"), in: &state)
            case .wheelUp: state.focus = .details; _ = PanelKeys.details(.char("k"), in: &state)
            case .press: state.focus = .details
            case .release: break
            }
            return []
        }
        if contains(layout.table, point) {
            switch event.kind {
            case .wheelDown: state.select(row: state.selection + 3)
            case .wheelUp: state.select(row: state.selection - 3)
            case .press:
                state.focus = .table
                // Inside the border, under the column header.
                let firstRowY = layout.table.y + 2
                guard event.y >= firstRowY, event.y < layout.table.maxY - 1 else { return [] }
                let row = state.tableTop + (event.y - firstRowY)
                if row < state.pageRange.upperBound { state.select(row: row) }
            case .release: break
            }
        }
        return []
    }

    static func contains(_ rect: Rect, _ point: (x: Int, y: Int)) -> Bool {
        point.x >= rect.x && point.x < rect.x + rect.width && point.y >= rect.y && point.y < rect.y + rect.height
    }

    /// The key a status-bar hint stands for ("n/p" → n, "enter" → Enter).
    static func key(for hint: String) -> Key? {
        switch hint {
        case "enter": .enter
        case "esc": .escape
        case "tab": .tab
        case "ctrl-u": .ctrl("u")
        case "ctrl-p": .ctrl("p")
        case "↑/↓": .down
        case "1–9": nil
        default: hint.first.map { .char($0) }
        }
    }
}
