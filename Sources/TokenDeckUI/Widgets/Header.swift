import TokenDeckCore

/// Row 0: where you are (the app, accounts, DEMO), what is filtered (chips) and how fresh the data is.
enum Header {
    static func draw(_ state: AppState, in rect: Rect, on screen: inout Screen) {
        screen.fill(rect, style: TextStyle(.header))
        let width = rect.width
        let right = freshness(state)
        let rightWidth = DisplayWidth.of(right)
        let accountWord = state.accounts.count == 1 ? "account" : "accounts"
        var titles = ["TokenDeck · \(Format.thousands(state.accounts.count)) \(accountWord)", "TokenDeck"]
        let chips = Chips.filters(of: state).map { " \($0) " }
        let badge = (state.demo ? [" DEMO "] : []) + (state.readOnly ? [" READ-ONLY "] : [])

        // Chips matter more than the title's account count: drop that first when space runs out.
        func needed(for title: String) -> Int {
            DisplayWidth.of(title) + (badge + chips).reduce(0) { $0 + 1 + DisplayWidth.of(Sanitizer.sanitize($1)) } + (rightWidth > 0 ? rightWidth + 2 : 0)
        }
        while titles.count > 1, needed(for: titles[0]) > width { titles.removeFirst() }

        var x = rect.x
        x += screen.write(titles[0], x: x, y: rect.y, style: TextStyle(.header, bold: true), maxWidth: width)
        let rightStart = rect.maxX - rightWidth
        let chipLimit = rightWidth > 0 ? rightStart - 1 : rect.maxX
        for text in badge {
            x += 1
            x += screen.write(text, x: x, y: rect.y, style: TextStyle(.demo, bold: true), maxWidth: max(0, chipLimit - x))
        }
        for text in chips {
            x += 1
            x += screen.write(text, x: x, y: rect.y, style: TextStyle(.chip, bold: true), maxWidth: max(0, chipLimit - x))
        }
        if rightWidth > 0, rightStart > x {
            screen.write(right, x: rightStart, y: rect.y, style: state.sync.running ? TextStyle(.warn) : TextStyle(.muted))
        }
    }

    /// "syncing 34/120 pages  ⟳ 12s ago", "⟳ 12s ago", or "loading…" before the first data.
    static func freshness(_ state: AppState) -> String {
        var parts: [String] = []
        if state.sync.running {
            let done = Format.thousands(state.sync.pagesDone)
            if let known = state.sync.pagesKnown {
                parts.append("syncing \(done)/\(Format.thousands(known)) pages")
            } else {
                parts.append(state.sync.pages.isEmpty ? "syncing…" : "syncing \(done) pages")
            }
        }
        if let fetchedAt = state.fetchedAt {
            parts.append("⟳ " + Format.age(since: fetchedAt, now: state.now))
        } else if !state.sync.running {
            parts.append(state.loaded && state.loadingTotal == nil ? "⟳ not synced" : "loading…")
        }
        return parts.joined(separator: "  ") + " "
    }
}
