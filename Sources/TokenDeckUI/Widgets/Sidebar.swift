import TokenDeckCore

/// "All" then each account, with how many tokens match the current filters there.
enum Sidebar {
    /// The entry drawn on row `y` (0 is All, then the accounts), for a click.
    static func entry(atRow y: Int, in rect: Rect, state: AppState) -> Int? {
        let inner = rect.inset(by: 1)
        let count = state.accounts.count + 1
        guard inner.height > 0, y >= inner.y, y < inner.y + inner.height else { return nil }
        let lines = SidebarFreshness.linesPerEntry(state, innerHeight: inner.height)
        let visible = inner.height / lines
        let first = max(0, min(state.sidebarCursor - visible + 1, count - visible))
        let index = first + (y - inner.y) / lines
        return index < count ? index : nil
    }

    static func draw(_ state: AppState, in rect: Rect, on screen: inout Screen) {
        let focused = state.focus == .sidebar
        screen.drawBox(rect, title: [Span("Accounts", TextStyle(.title, bold: true))], focused: focused)
        let inner = rect.inset(by: 1)
        guard inner.width > 2, inner.height > 0 else { return }
        var entries: [(name: String, count: Int, ordinal: Int?)] = [("All", state.view.totalMatching, nil)]
        for (ordinal, account) in state.accounts.enumerated() {
            let count = ordinal < state.view.countsByAccount.count ? state.view.countsByAccount[ordinal] : 0
            entries.append((account.name, count, ordinal))
        }
        // Two lines an entry when they all fit and there is freshness to show (`SidebarFreshness`).
        let lines = SidebarFreshness.linesPerEntry(state, innerHeight: inner.height)
        let visible = inner.height / lines
        // Keep the cursor in view when there are more accounts than rows.
        let first = max(0, min(state.sidebarCursor - visible + 1, entries.count - visible))
        for (offset, entry) in entries.dropFirst(first).prefix(visible).enumerated() {
            let y = inner.y + offset * lines
            let index = first + offset
            let isShown = entry.ordinal == state.selectedAccountOrdinal
            let isCursor = index == state.sidebarCursor
            let count = Format.thousands(entry.count)
            let countWidth = count.count
            let marker = isShown ? "▸" : " "
            // The digit that selects this entry from anywhere (0 All, 1–9 accounts).
            let digit = index <= 9 ? "\(index)" : " "
            let nameWidth = max(0, inner.width - 3 - countWidth - 2)
            let style = entry.count == 0 ? TextStyle(.muted) : TextStyle(.text, bold: isShown)
            screen.write(marker, x: inner.x, y: y, style: TextStyle(.title, bold: true))
            screen.write(digit, x: inner.x + 1, y: y, style: TextStyle(.muted))
            // The last sync could not confirm this account's listing (it changed under the walk).
            if let ordinal = entry.ordinal, state.sync.unconfirmed[state.accounts[ordinal].name] != nil {
                screen.write("!", x: inner.x + 2, y: y, style: TextStyle(.warn, bold: true))
            }
            if lines == 2, let ordinal = entry.ordinal, let line = SidebarFreshness.line(for: state.accounts[ordinal].name, in: state) {
                screen.write(line.text, x: inner.x + 3, y: y + 1, style: line.style, maxWidth: inner.width - 4)
            } else if lines == 1, let ordinal = entry.ordinal, state.freshness[state.accounts[ordinal].name]?.failed == true {
                // No room for the line: the failure still shows.
                screen.write("✗", x: inner.x + 2, y: y, style: TextStyle(.error, bold: true))
            }
            screen.write(DisplayWidth.fit(Sanitizer.sanitize(entry.name), to: nameWidth), x: inner.x + 3, y: y, style: style)
            screen.write(count, x: inner.maxX - countWidth - 1, y: y, style: TextStyle(.muted))
            if isCursor, focused {
                screen.restyle(Rect(x: inner.x, y: y, width: inner.width, height: 1)) { $0.role = .selection; $0.reverse = true }
            }
        }
    }
}
