import TokenDeckCore

/// `?`: every key, and what the row colours and glyphs mean.
enum HelpOverlay {
    static let sections: [(title: String, entries: [(String, String)])] = [
        ("Move", [
            ("j k ↓ ↑", "next / previous token"),
            ("g G Home End", "first / last token"),
            ("n p PgDn PgUp", "next / previous page"),
            ("ctrl-d ctrl-u", "half a screen down / up"),
            ("Tab Shift-Tab", "next / previous panel"),
            ("0 1–9", "All accounts / the account with that number"),
            ("h l ← →", "accounts panel / details"),
            ("Enter", "open the details (Enter or Esc goes back)"),
        ]),
        ("Filter", [
            ("/", "search title, id, type and owner as you type"),
            ("", "Enter keeps it, Esc clears it, ctrl-u erases"),
            ("t", "type picker: the types in this view"),
            ("f", "status picker: active, expiring, expired…"),
            ("x", "trash: active → with trashed → only trashed"),
            ("R :risks", "risk view: policy rules × accounts, counted"),
            ("", "arrows move, Enter filters the table to a cell"),
            (":risk RULE", "risk filter by rule (stale, no_expiry…); Esc or"),
            ("", ":risk off clears it"),
            ("C :changes", "what the syncs found changed, newest first;"),
            ("", "Enter goes to the token"),
            ("s S", "next sort order / reverse it"),
            ("1–9", "in a picker: choose that entry"),
        ]),
        ("Do", [
            ("y Y", "copy the token id / the token as JSON"),
            ("c", "create a token (metokens documents none)"),
            (":", "command: account, type, trash, theme, export…"),
            ("mouse", "click a row, account or key hint; wheel scrolls"),
            ("r", "refresh from the vendors"),
            ("Esc", "close, dismiss a message, clear the search"),
            ("? F1", "this help"),
            ("q ctrl-c", "quit"),
        ]),
        ("Act (hidden in read-only mode)", [
            ("Space", "mark / unmark the token, then the next row"),
            ("*", "mark every token in this view (again: clear)"),
            ("a", "actions on the marked tokens, else the selected"),
            (":suspend …", ":suspend :activate :revoke :delete"),
            ("", "suspend/activate ask y; revoke/delete: type"),
            ("", "the word and count (revoke 3); Esc cancels"),
            ("prefactor", "suspend, activate, revoke, delete"),
            ("truefoundry", "delete"),
            ("provisionr", "none: the vendor documents no action"),
            ("metokens", "none: the vendor documents no action"),
            ("* ?", "in a row: marked / answer unknown, r to see"),
        ]),
    ]

    static var legend: [(String, String)] {
        [("red", "expired or revoked"), ("yellow", "expires within 30 days"), ("dim", "in the trash")]
            + Hygiene.legend.map { ($0.glyph, $0.meaning) }
    }

    static func lines() -> [[Span]] {
        let key = TextStyle(.keyHint, bold: true)
        let heading = TextStyle(.title, bold: true, underline: true)
        var out: [[Span]] = []
        for section in sections {
            out.append([Span(section.title, heading)])
            for (keys, meaning) in section.entries {
                out.append([Span("  " + DisplayWidth.fit(keys, to: 15), key), Span(" " + meaning)])
            }
            out.append([])
        }
        out.append([Span("Rows", heading)])
        out.append([Span("  " + DisplayWidth.fit("red", to: 15), TextStyle(.error, bold: true)), Span(" expired or revoked")])
        out.append([Span("  " + DisplayWidth.fit("yellow", to: 15), TextStyle(.warn, bold: true)), Span(" expires within 30 days")])
        out.append([Span("  " + DisplayWidth.fit("dim italic", to: 15), TextStyle(.trashed, dim: true, italic: true)), Span(" in the trash")])
        out.append([Span("  " + DisplayWidth.fit("+ left of an id", to: 15), key), Span(" appeared since you last opened TokenDeck")])
        out.append([])
        out.append([Span("HYG column (the same words in any theme)", heading)])
        for entry in Hygiene.legend {
            out.append([Span("  " + DisplayWidth.fit(entry.glyph, to: 15), key), Span(" " + entry.meaning)])
        }
        return out
    }

    static func frame(in size: Size) -> Rect {
        let width = min(size.width - 4, 70)
        let height = min(size.height - 2, lines().count + 2)
        return Rect(x: (size.width - width) / 2, y: max(1, (size.height - height) / 2), width: width, height: height)
    }

    static func maxScroll(in size: Size) -> Int {
        max(0, lines().count - max(0, frame(in: size).height - 2))
    }

    static func draw(scroll: Int, in size: Size, on screen: inout Screen) {
        let rect = frame(in: size)
        let content = lines()
        let inner = rect.inset(by: 1)
        let offset = max(0, min(scroll, content.count - inner.height))
        var title = [Span("Keys", TextStyle(.title, bold: true))]
        if content.count > inner.height { title.append(Span("  j/k scroll", TextStyle(.muted))) }
        screen.drawBox(rect, title: title, focused: true, fillStyle: TextStyle(.overlay))
        for (index, line) in content.dropFirst(offset).prefix(inner.height).enumerated() {
            screen.write(line.map { Span($0.text, $0.style.role == .text ? TextStyle(.overlay) : $0.style) },
                         x: inner.x + 1, y: inner.y + index, maxWidth: inner.width - 2)
        }
    }
}

/// The type and status pickers: a small centred list with counts.
enum PickerOverlay {
    static func draw(_ picker: Picker, in size: Size, on screen: inout Screen) {
        let labels = picker.options.map { Sanitizer.sanitize($0.label) }
        let counts = picker.options.map { $0.count.map(Format.thousands) ?? "" }
        let labelWidth = labels.map(DisplayWidth.of).max() ?? 0
        let countWidth = counts.map(\.count).max() ?? 0
        let width = min(size.width - 4, max(labelWidth + countWidth + 9, DisplayWidth.of(picker.title) + 6, 28))
        let height = min(size.height - 2, picker.options.count + 2)
        let rect = Rect(x: (size.width - width) / 2, y: max(1, (size.height - height) / 2), width: width, height: height)
        screen.drawBox(rect, title: [Span(picker.title, TextStyle(.title, bold: true))], focused: true, fillStyle: TextStyle(.overlay))
        let inner = rect.inset(by: 1)
        guard inner.height > 0 else { return }
        let first = max(0, min(picker.cursor - inner.height + 1, picker.options.count - inner.height))
        for row in 0..<min(inner.height, picker.options.count - first) {
            let index = first + row
            let y = inner.y + row
            let dim = picker.options[index].count == 0
            let style = TextStyle(dim ? .muted : .overlay)
            let shortcut = index < 9 ? "\(index + 1) " : "  "
            screen.write(index == picker.cursor ? "▸" : " ", x: inner.x, y: y, style: TextStyle(.title, bold: true))
            screen.write(shortcut, x: inner.x + 1, y: y, style: TextStyle(.keyHint, bold: true))
            screen.write(labels[index], x: inner.x + 3, y: y, style: style, maxWidth: inner.width - countWidth - 5)
            screen.write(counts[index], x: inner.maxX - 1 - counts[index].count, y: y, style: TextStyle(.muted))
            if index == picker.cursor {
                screen.restyle(Rect(x: inner.x, y: y, width: inner.width, height: 1)) { $0.role = .selection; $0.reverse = true; $0.bold = true }
            }
        }
    }
}
