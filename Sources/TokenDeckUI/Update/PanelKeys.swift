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
        let lineCount = state.selectedToken.map { DetailsPane.lines(for: $0, rawJSON: state.rawJSON(of: $0), now: state.now, width: max(1, (layout.details?.width ?? 2) - 4)).count } ?? 0
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

/// The search input: every printable key is text, the list narrows as it is typed.
enum SearchKeys {
    static func handle(_ key: Key, in state: inout AppState) -> [Effect] {
        switch key {
        case .char(let character):
            state.query.text.append(character)
        case .paste(let text):
            // A pasted line break would end nothing here: keep the printable part.
            state.query.text += String(text.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.map(Character.init))
        case .backspace:
            if !state.query.text.isEmpty { state.query.text.removeLast() }
        case .ctrl("u"):
            state.query.text = ""
        case .ctrl("w"):
            var text = state.query.text
            while text.last == " " { text.removeLast() }
            while let last = text.last, last != " " { text.removeLast() }
            state.query.text = text
        case .enter:
            state.searching = false
        case .escape:
            state.query.text = ""
            state.searching = false
        case .down, .ctrl("n"): state.select(row: state.selection + 1)
        case .up, .ctrl("p"): state.select(row: state.selection - 1)
        case .pageDown: state.select(row: state.selection + state.pageSize)
        case .pageUp: state.select(row: state.selection - state.pageSize)
        default: break
        }
        return []
    }
}

/// Help and pickers: they take every key until closed.
enum OverlayKeys {
    static func handle(_ key: Key, in state: inout AppState) -> [Effect] {
        switch state.overlay {
        case .help(let scroll):
            switch key {
            case .escape, .char("?"), .char("q"), .enter, .function(1): state.overlay = nil
            case .char("j"), .down: state.overlay = .help(scroll: min(scroll + 1, HelpOverlay.maxScroll(in: state.size)))
            case .char("k"), .up: state.overlay = .help(scroll: max(0, scroll - 1))
            default: break
            }
            return []
        case .picker(var picker):
            switch key {
            case .escape, .char("q"): state.overlay = nil
            case .char("j"), .down, .tab: picker.cursor = min(picker.cursor + 1, picker.options.count - 1)
            case .char("k"), .up, .backTab: picker.cursor = max(picker.cursor - 1, 0)
            case .char("g"), .home: picker.cursor = 0
            case .char("G"), .end: picker.cursor = max(0, picker.options.count - 1)
            case .enter:
                state.overlay = nil
                guard picker.options.indices.contains(picker.cursor) else { return [] }
                return choose(picker.options[picker.cursor].choice, in: &state)
            case .char(let digit) where digit.isASCII && digit.isNumber:
                // The number shown beside an entry chooses it in one key.
                guard let number = digit.wholeNumberValue, number >= 1, number <= min(9, picker.options.count) else { return [] }
                state.overlay = nil
                return choose(picker.options[number - 1].choice, in: &state)
            default: return []
            }
            if state.overlay != nil { state.overlay = .picker(picker) }
            return []
        case nil:
            return []
        }
    }

    private static func choose(_ choice: Picker.Choice, in state: inout AppState) -> [Effect] {
        switch choice {
        case .kind(let kind):
            state.query.kind = kind
            return []
        case .status(let status):
            state.query.status = status
            // Leaving the trash for a live status would show nothing: come back to live tokens.
            if state.query.trashed == .only, status != nil { state.query.trashed = .none }
            return []
        case .trash:
            state.query.status = nil
            state.query.trashed = .only
            return []
        }
    }
}
