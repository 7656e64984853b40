import TokenDeckCore

/// A styled run of text: widgets build lines from these and hand them to `Screen.write`.
struct Span: Sendable, Hashable {
    var text: String
    var style: TextStyle
    init(_ text: String, _ style: TextStyle = .plain) {
        self.text = text
        self.style = style
    }
}

extension Screen {
    /// Writes spans one after another from (x, y), within `maxWidth` columns; returns columns used.
    @discardableResult
    mutating func write(_ spans: [Span], x: Int, y: Int, maxWidth: Int) -> Int {
        var used = 0
        for span in spans where used < maxWidth {
            used += write(span.text, x: x + used, y: y, style: span.style, maxWidth: maxWidth - used)
        }
        return used
    }

    /// A single-line border around `rect` with an optional title in its top edge; the focused
    /// panel's border is bold so it shows without colour.
    mutating func drawBox(_ rect: Rect, title: [Span] = [], focused: Bool = false, fillStyle: TextStyle? = nil) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        let style = focused ? TextStyle(.borderFocused, bold: true) : TextStyle(.border)
        if let fillStyle { fill(rect.inset(by: 1), style: fillStyle) }
        // Cell by cell: the border's glyphs are ours, so they skip the sanitiser and width lookups.
        for (y, left, right) in [(rect.y, "┌", "┐"), (rect.maxY - 1, "└", "┘")] {
            putGlyph(left, x: rect.x, y: y, style: style)
            for x in (rect.x + 1)..<(rect.maxX - 1) { putGlyph("─", x: x, y: y, style: style) }
            putGlyph(right, x: rect.maxX - 1, y: y, style: style)
        }
        for y in (rect.y + 1)..<(rect.maxY - 1) {
            putGlyph("│", x: rect.x, y: y, style: style)
            putGlyph("│", x: rect.maxX - 1, y: y, style: style)
        }
        guard !title.isEmpty, rect.width > 6 else { return }
        let room = rect.width - 4
        let spans = [Span(" ", style)] + title + [Span(" ", style)]
        write(spans, x: rect.x + 1, y: rect.y, maxWidth: room + 2)
    }
}

/// The chip that names a filter, shared by the header and the empty-table hint.
enum Chips {
    static func filters(of state: AppState, includingRisk: Bool = true) -> [String] {
        var chips: [String] = []
        if includingRisk, let risk = state.query.risk { chips.append("risk: \(state.policy.label(of: risk))") }
        if let kind = state.query.kind { chips.append("type: \(kind)") }
        if let status = state.query.status { chips.append("status: \(status.rawValue)") }
        switch state.query.trashed {
        case .none: break
        case .with: chips.append("trash: with")
        case .only: chips.append("trash: only")
        }
        if !state.query.text.isEmpty { chips.append("/\(state.query.text)") }
        if state.query.sort != SortOrder.cycle[0] { chips.append("sort: \(SortOrder.label(state.query.sort))") }
        return chips
    }
}
