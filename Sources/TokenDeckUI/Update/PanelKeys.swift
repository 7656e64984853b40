import TokenDeckCore

/// Keys that mean something in one panel; each returns false to let the global keys have it.
enum PanelKeys {
    /// j/k move between All and the accounts, showing each at once; Enter goes to the table.
    static func sidebar(_ key: Key, in state: inout AppState) -> Bool {
        let last = state.accounts.count
        var cursor = state.sidebarCursor
        switch key {
        case .char("j"), .down: cursor += 1
        case .char("k"), .up: cursor -= 1
        case .char("g"), .home: cursor = 0
        case .char("G"), .end: cursor = last
        case .enter, .right, .char("l"):
            state.focus = .table
            return true
        default: return false
        }
        cursor = max(0, min(cursor, last))
        state.selectAccount(ordinal: cursor == 0 ? nil : cursor - 1)
        return true
    }

    /// Movement over the whole filtered list: the page shown is the one holding the selection.
    static func table(_ key: Key, in state: inout AppState) -> Bool {
        let visible = max(1, Layout(size: state.size, state: state).tableRows)
        let pageStart = state.page * state.pageSize
        switch key {
        case .char("j"), .down: state.select(row: state.selection + 1)
        case .char("k"), .up: state.select(row: state.selection - 1)
        case .char("g"), .home: state.select(row: 0)
        case .char("G"), .end: state.select(row: state.visibleTokenCount - 1)
        case .ctrl("d"): state.select(row: state.selection + visible / 2)
        case .ctrl("u"): state.select(row: state.selection - visible / 2)
        case .char("n"), .pageDown:
            if state.page + 1 < state.pageCount { state.select(row: pageStart + state.pageSize) }
        case .char("p"), .pageUp:
            state.select(row: state.page > 0 ? pageStart - state.pageSize : 0)
        case .enter, .char("l"), .right:
            state.detailsOpen = true
            state.focus = .details
        case .char("h"), .left:
            state.focus = .sidebar
        default: return false
        }
        return true
    }

    /// Scrolling the details text; Enter or Esc goes back to the table.
    static func details(_ key: Key, in state: inout AppState) -> Bool {
        let layout = Layout(size: state.size, state: state)
        let page = max(1, layout.detailsRows - 1)
        var lineCount = 0
        if let token = state.selectedToken {
            // The JSON is printed once per token and kept: a scroll key only counts lines.
            let prettyJSON = state.rawJSON(of: token).map { state.prettyJSONKept($0) }
            lineCount = DetailsPane.lines(for: token, prettyJSON: prettyJSON, now: state.now, width: max(1, (layout.details?.width ?? 2) - 4)).count
        }
        let maxScroll = max(0, lineCount - layout.detailsRows)
        switch key {
        case .char("j"), .down: state.detailsScroll += 1
        case .char("k"), .up: state.detailsScroll -= 1
        case .char("g"), .home: state.detailsScroll = 0
        case .char("G"), .end: state.detailsScroll = maxScroll
        case .pageDown, .ctrl("d"), .char(" "): state.detailsScroll += page
        case .pageUp, .ctrl("u"): state.detailsScroll -= page
        case .enter, .escape, .char("h"), .left:
            state.focus = .table
        case .char("n"):
            // Next and previous token without leaving the details.
            state.select(row: state.selection + 1)
        case .char("p"):
            state.select(row: state.selection - 1)
        default: return false
        }
        state.detailsScroll = max(0, min(state.detailsScroll, maxScroll))
        return true
    }
}
