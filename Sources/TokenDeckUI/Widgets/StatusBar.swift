import TokenDeckCore

/// The bottom row: the keys that work right now (or the search input), most useful first.
enum StatusBar {
    typealias Hint = (key: String, action: String)

    static func draw(_ state: AppState, in rect: Rect, on screen: inout Screen) {
        var x = rect.x + 1
        if state.searching {
            x += screen.write("/", x: x, y: rect.y, style: TextStyle(.keyHint, bold: true))
            // The end of a long search stays visible: that is where the typing happens.
            let room = max(1, rect.width / 2 - 2)
            var text = Sanitizer.sanitize(state.query.text)
            while DisplayWidth.of(text) > room - 1, !text.isEmpty { text.removeFirst() }
            x += screen.write(text, x: x, y: rect.y, style: TextStyle(.formInput))
            x += screen.write(" ", x: x, y: rect.y, style: TextStyle(.formInput, reverse: true))
            let count = state.visibleTokenCount
            x += screen.write("  \(Format.thousands(count)) \(count == 1 ? "match" : "matches")", x: x, y: rect.y, style: TextStyle(.muted))
            x += 3
        }
        for (index, hint) in hints(for: state).enumerated() {
            let width = DisplayWidth.of(hint.key) + 1 + DisplayWidth.of(hint.action)
            let separator = index == 0 ? 0 : 2
            guard x + separator + width <= rect.maxX else { break }
            x += separator
            x += screen.write(hint.key, x: x, y: rect.y, style: TextStyle(.keyHint, bold: true))
            x += screen.write(":" + hint.action, x: x, y: rect.y, style: TextStyle(.muted))
        }
    }

    static func hints(for state: AppState) -> [Hint] {
        switch state.overlay {
        case .help: return [("esc", "close"), ("j/k", "scroll")]
        case .picker: return [("j/k", "move"), ("enter", "choose"), ("1–9", "choose that one"), ("esc", "cancel")]
        case nil: break
        }
        if state.searching {
            return [("enter", "keep"), ("esc", "clear"), ("↑/↓", "move"), ("ctrl-u", "erase")]
        }
        switch state.focus {
        case .sidebar:
            return [("j/k", "account"), ("enter", "open"), ("tab", "next panel"), ("/", "search"), ("?", "help"), ("q", "quit")]
        case .details:
            return [("j/k", "scroll"), ("n/p", "next/prev token"), ("enter", "back"), ("y", "copy id"), ("?", "help"), ("q", "quit")]
        case .table:
            var hints: [Hint] = [("?", "help"), ("/", "search"), ("t", "type"), ("x", "trash"), ("f", "status"), ("s", "sort")]
            // Paging keys only matter when there is more than one page.
            if state.pageCount > 1 { hints.append(("n/p", "page")) }
            hints += [("enter", "details"), ("y", "copy id"), ("r", "refresh"), ("q", "quit"), ("tab", "panel")]
            return hints
        }
    }
}

/// One line above the status bar for what just happened: a sync error (kept until dismissed) or a confirmation.
enum MessageLine {
    static func draw(_ message: StatusMessage, in rect: Rect, on screen: inout Screen) {
        let style = message.kind == .error ? TextStyle(.error, bold: true) : TextStyle(.ok)
        let prefix = message.kind == .error ? "✗ " : "✓ "
        screen.fill(rect, style: style)
        let used = screen.write(prefix + message.text, x: rect.x + 1, y: rect.y, style: style, maxWidth: rect.width - 2)
        if message.kind == .error, rect.width - 2 - used > 14 {
            screen.write("esc dismisses", x: rect.maxX - 14, y: rect.y, style: TextStyle(.muted))
        }
    }
}
