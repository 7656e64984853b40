import TokenDeckCore

/// The bottom row: the keys that work right now (or the search input), most useful first.
enum StatusBar {
    typealias Hint = (key: String, action: String)

    static func draw(_ state: AppState, in rect: Rect, on screen: inout Screen) {
        var x = rect.x + 1
        if let prompt = state.commandPrompt {
            x += screen.write(":", x: x, y: rect.y, style: TextStyle(.keyHint, bold: true))
            let room = max(1, rect.width * 2 / 3)
            var text = Sanitizer.sanitize(prompt.text)
            while DisplayWidth.of(text) > room - 1, !text.isEmpty { text.removeFirst() }
            x += screen.write(text, x: x, y: rect.y, style: TextStyle(.formInput))
            x += screen.write(" ", x: x, y: rect.y, style: TextStyle(.formInput, reverse: true))
            if !prompt.candidates.isEmpty {
                screen.write("  " + prompt.candidates.joined(separator: "  "), x: x, y: rect.y, style: TextStyle(.muted), maxWidth: max(0, rect.maxX - x - 1))
            } else if prompt.text.isEmpty {
                screen.write("  tab completes · enter runs · esc closes", x: x, y: rect.y, style: TextStyle(.muted), maxWidth: max(0, rect.maxX - x - 1))
            }
            return
        }
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
        for (hint, columns) in placed(hints(for: state), from: x, maxX: rect.maxX) {
            let keyWidth = screen.write(hint.key, x: columns.lowerBound, y: rect.y, style: TextStyle(.keyHint, bold: true))
            screen.write(":" + hint.action, x: columns.lowerBound + keyWidth, y: rect.y, style: TextStyle(.muted))
        }
    }

    /// Where each hint goes, left to right from `x`, as many as fit before `maxX`.
    static func placed(_ hints: [Hint], from start: Int, maxX: Int) -> [(hint: Hint, columns: Range<Int>)] {
        var x = start
        var out: [(hint: Hint, columns: Range<Int>)] = []
        for (index, hint) in hints.enumerated() {
            let width = DisplayWidth.of(hint.key) + 1 + DisplayWidth.of(hint.action)
            let separator = index == 0 ? 0 : 2
            guard x + separator + width <= maxX else { break }
            x += separator
            out.append((hint, x..<(x + width)))
            x += width
        }
        return out
    }

    /// The hint drawn at column `x` of the bar (a click there runs its key); only when no
    /// prompt or search input takes the bar.
    static func hint(at x: Int, in rect: Rect, state: AppState) -> Hint? {
        guard !state.searching, state.commandPrompt == nil else { return nil }
        return placed(hints(for: state), from: rect.x + 1, maxX: rect.maxX).first { $0.columns.contains(x) }?.hint
    }

    static func hints(for state: AppState) -> [Hint] {
        if state.createdNotice != nil { return [("y", "copy"), ("esc", "close")] }
        if state.createForm != nil { return [("enter", "create"), ("tab", "next field"), ("ctrl-p", "expiry preset"), ("esc", "cancel")] }
        if let hints = ActionKeys.hints(for: state) { return hints }
        switch state.overlay {
        case .help: return [("esc", "close"), ("j/k", "scroll")]
        case .picker: return [("j/k", "move"), ("enter", "choose"), ("1–9", "choose that one"), ("esc", "cancel")]
        case nil: break
        }
        if state.riskPanel != nil { return RiskKeys.hints }
        if state.changesPanel != nil { return ChangesKeys.hints }
        if state.commandPrompt != nil { return [] }
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
            // With marks, acting on them comes first.
            let marked = state.actions.marks.count
            if marked > 0 { hints.insert(("a", "act on \(marked) marked"), at: 0) }
            // Paging keys only matter when there is more than one page.
            if state.pageCount > 1 { hints.append(("n/p", "page")) }
            hints += [("enter", "details"), ("y", "copy id")]
            if !state.readOnly, state.accounts.contains(where: \.canCreate) { hints.append(("c", "create")) }
            hints += [("r", "refresh"), ("q", "quit"), ("tab", "panel")]
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
