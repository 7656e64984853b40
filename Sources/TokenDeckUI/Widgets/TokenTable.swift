import Foundation
import TokenDeckCore

/// The tokens of the current page that fit, with a page indicator in the title.
enum TokenTable {
    static func draw(_ state: AppState, in rect: Rect, on screen: inout Screen, memo: FrameMemo) {
        let focused = state.focus == .table || state.searching
        screen.drawBox(rect, title: title(state), focused: focused)
        let inner = rect.inset(by: 1)
        guard inner.width > 4, inner.height > 1 else { return }
        let x = inner.x + 1
        let available = inner.width - 2
        let visibleRows = inner.height - 1
        let page = state.pageRange
        // Worked out by update whenever the selection, the rows or the layout changed.
        let top = state.tableTop
        let shown = page.isEmpty ? 0..<0 : top..<min(page.upperBound, top + visibleRows)
        let tokens = shown.compactMap { state.token(atRow: $0) }
        guard !tokens.isEmpty else {
            drawEmpty(state, in: inner, on: &screen)
            return
        }
        let layout = TableLayout.of(tokens, now: state.now, sort: state.query.sort, available: available, memo: memo)
        let columns = layout.columns
        let showsMarks = !state.actions.marks.isEmpty || !state.actions.unknown.isEmpty || !state.newSinceLastOpened.isEmpty

        var column = x
        for (index, entry) in columns.enumerated() {
            if index > 0 { column += TableColumn.gap }
            let sorted = entry.column.sortField == state.query.sort.field
            screen.write(entry.column.headerText(sort: state.query.sort), x: column, y: inner.y,
                         style: TextStyle(sorted ? .title : .muted, bold: true, underline: sorted), maxWidth: entry.width)
            column += entry.width
        }

        for offset in tokens.indices {
            let y = inner.y + 1 + offset
            let row = shown.lowerBound + offset
            let status = layout.statuses[offset]
            let base = rowStyle(status, zebra: row % 2 == 1)
            screen.fill(Rect(x: inner.x, y: y, width: inner.width, height: 1), style: base)
            var column = x
            for (index, entry) in columns.enumerated() {
                if index > 0 { column += TableColumn.gap }
                var style = base
                if entry.column == .status, status == .active { style.role = .ok }
                if entry.column == .flags || (entry.column == .status && status == .expiring) { style.bold = true }
                screen.write(layout.rows[offset][index], x: column, y: y, style: style, maxWidth: entry.width)
                column += entry.width
            }
            if showsMarks { drawMark(tokens[offset], x: inner.x, y: y, state: state, on: &screen) }
            if row == state.selection {
                // Reverse as well as the role, so the selection shows on mono and NO_COLOR terminals.
                screen.restyle(Rect(x: inner.x, y: y, width: inner.width, height: 1)) {
                    $0.role = .selection
                    $0.reverse = true
                    $0.bold = focused
                    $0.dim = false
                }
            }
        }
        drawScrollThumb(page: page, top: top, visibleRows: visibleRows, box: rect, on: &screen)
    }

    /// In the cell left of the id: `*` marked (Space, `*`), `?` an action's answer unknown, `+` new
    /// since the dashboard was last opened.
    private static func drawMark(_ token: Token, x: Int, y: Int, state: AppState, on screen: inout Screen) {
        let key = TokenKey(token)
        if state.actions.unknown.contains(key) {
            screen.write("?", x: x, y: y, style: TextStyle(.warn, bold: true))
        } else if state.actions.marks.contains(key) {
            screen.write("*", x: x, y: y, style: TextStyle(.warn, bold: true))
        } else if state.newSinceLastOpened.contains(token.key) {
            screen.write("+", x: x, y: y, style: TextStyle(.ok, bold: true))
        }
    }

    /// How a row looks before selection: hygiene at a glance.
    static func rowStyle(_ status: TokenStatus, zebra: Bool) -> TextStyle {
        switch status {
        case .expired, .revoked: TextStyle(.error)
        case .expiring: TextStyle(.warn)
        case .trashed: TextStyle(.trashed, dim: true, italic: true)
        case .suspended: TextStyle(.muted)
        case .active: TextStyle(zebra ? .rowAlt : .text)
        }
    }

    /// "acme-prod · provisionr   page 2/17 · 501–1000 of 8,342"
    static func title(_ state: AppState) -> [Span] {
        var label = "All accounts"
        if let ordinal = state.selectedAccountOrdinal, ordinal < state.accounts.count {
            let account = state.accounts[ordinal]
            label = "\(account.name) · \(account.vendor.rawValue)"
        }
        var spans = [Span(label, TextStyle(.title, bold: true)), Span("   " + pageIndicator(state), TextStyle(.muted))]
        let marked = state.actions.marks.count
        if marked > 0 { spans.append(Span(" · \(Format.thousands(marked)) marked", TextStyle(.warn, bold: true))) }
        return spans
    }

    static func pageIndicator(_ state: AppState) -> String {
        let total = state.visibleTokenCount
        guard total > 0 else { return state.loaded ? "no tokens" : "loading…" }
        let range = state.pageRange
        let shown = "\(Format.thousands(range.lowerBound + 1))–\(Format.thousands(range.upperBound))"
        // The newest few while the whole cache is read: say so rather than give a wrong total.
        if let loading = state.loadingTotal { return "newest \(shown) · loading \(Format.thousands(loading)) cached…" }
        return "page \(state.page + 1)/\(state.pageCount) · \(shown) of \(Format.thousands(total))"
    }

    /// Why the table is empty, and the keys that change it.
    private static func drawEmpty(_ state: AppState, in inner: Rect, on screen: inout Screen) {
        var lines: [String]
        if !state.loaded {
            lines = ["loading tokens…"]
        } else if state.catalog.count == 0 {
            lines = state.sync.running ? ["fetching tokens…"] : ["no tokens yet", "r refreshes"]
        } else {
            let chips = Chips.filters(of: state).filter { !$0.hasPrefix("sort:") }
            lines = ["no tokens match" + (chips.isEmpty ? "" : ": " + chips.joined(separator: "  "))]
            var keys: [String] = []
            if !state.query.text.isEmpty { keys.append("/ then Esc clears the search") }
            if state.query.kind != nil { keys.append("t changes the type") }
            if state.query.status != nil { keys.append("f changes the status") }
            if state.query.trashed != .none { keys.append("x changes the trash filter") }
            if state.query.risk != nil { keys.append("Esc clears the risk filter") }
            if state.selectedAccountOrdinal != nil { keys.append("Tab to the sidebar for All") }
            if !keys.isEmpty { lines.append(keys.joined(separator: " · ")) }
        }
        let top = inner.y + max(0, (inner.height - lines.count) / 2)
        for (offset, line) in lines.enumerated() {
            let fitted = DisplayWidth.truncate(Sanitizer.sanitize(line), to: inner.width - 2)
            let x = inner.x + max(1, (inner.width - DisplayWidth.of(fitted)) / 2)
            screen.write(fitted, x: x, y: top + offset, style: TextStyle(.muted, italic: offset > 0), maxWidth: inner.width - 2)
        }
    }

    /// A thumb on the right border showing where the viewport is within the page.
    private static func drawScrollThumb(page: Range<Int>, top: Int, visibleRows: Int, box: Rect, on screen: inout Screen) {
        guard page.count > visibleRows, visibleRows > 1 else { return }
        let track = visibleRows
        let position = (top - page.lowerBound) * (track - 1) / max(1, page.count - visibleRows)
        screen.write("┃", x: box.maxX - 1, y: box.y + 2 + position, style: TextStyle(.borderFocused, bold: true))
    }
}
