import TokenDeckCore

/// The frame the create form and the created-token notice share: a box centred in an area,
/// drawn over whatever the screen already shows with the dashboard's own `drawBox`.
enum OverlayBox {
    /// A `width`×`height` rect centred in `area`, shrunk to fit it.
    static func centred(width: Int, height: Int, in area: Rect) -> Rect {
        let w = min(width, area.width)
        let h = min(height, area.height)
        return Rect(x: area.x + (area.width - w) / 2, y: area.y + (area.height - h) / 2, width: w, height: h)
    }

    /// Clears `box` to the overlay colour and draws its focused border with `title` in the top edge.
    static func draw(_ box: Rect, title: String, into screen: inout Screen) {
        screen.fill(box, style: TextStyle(.overlay))
        screen.drawBox(box, title: [Span(title, TextStyle(.title, bold: true))], focused: true, fillStyle: TextStyle(.overlay))
    }

    /// `Format.wrap`'s lines, at most `maxLines` of them; the last ends in `…` if anything is left over.
    static func wrap(_ text: String, width: Int, maxLines: Int) -> [String] {
        guard maxLines > 0 else { return [] }
        let lines = Format.wrap(text, width: width)
        guard lines.count > maxLines else { return lines }
        var kept = Array(lines.prefix(maxLines))
        let last = kept[maxLines - 1]
        kept[maxLines - 1] = DisplayWidth.truncate(last + " ", to: DisplayWidth.of(last))
        return kept
    }
}
