import TokenDeckCore

/// A bordered box drawn over whatever the screen already shows, centred in an area: the frame the
/// create form and the created-token notice share.
enum OverlayBox {
    /// A `width`×`height` rect centred in `area`, shrunk to fit it.
    static func centred(width: Int, height: Int, in area: Rect) -> Rect {
        let w = min(width, area.width)
        let h = min(height, area.height)
        return Rect(x: area.x + (area.width - w) / 2, y: area.y + (area.height - h) / 2, width: w, height: h)
    }

    /// Clears `box` to the overlay colour and draws its border with `title` in the top edge.
    static func draw(_ box: Rect, title: String, into screen: inout Screen) {
        guard box.width >= 2, box.height >= 2 else { return }
        let border = TextStyle(.borderFocused)
        screen.fill(box, style: TextStyle(.overlay))
        let horizontal = String(repeating: "─", count: box.width - 2)
        screen.write("┌" + horizontal + "┐", x: box.x, y: box.y, style: border)
        screen.write("└" + horizontal + "┘", x: box.x, y: box.maxY - 1, style: border)
        for y in (box.y + 1)..<(box.maxY - 1) {
            screen.write("│", x: box.x, y: y, style: border)
            screen.write("│", x: box.maxX - 1, y: y, style: border)
        }
        if box.width > 4 {
            screen.write(" \(title) ", x: box.x + 1, y: box.y, style: TextStyle(.title, bold: true), maxWidth: box.width - 3)
        }
    }

    /// `text` broken into at most `maxLines` lines of `width` columns, at spaces where it can be;
    /// the last line ends in `…` if anything is left over. Measured after sanitising, as drawn.
    static func wrap(_ text: String, width: Int, maxLines: Int) -> [String] {
        guard width > 0, maxLines > 0 else { return [] }
        var lines: [String] = []
        var rest = Substring(Sanitizer.sanitize(text))
        while !rest.isEmpty, lines.count < maxLines {
            if lines.count == maxLines - 1 || DisplayWidth.of(String(rest)) <= width {
                lines.append(DisplayWidth.truncate(String(rest), to: width))
                break
            }
            var used = 0
            var end = rest.startIndex
            var lastSpace: Substring.Index?
            while end < rest.endIndex {
                let w = DisplayWidth.of(rest[end])
                if used + w > width { break }
                if rest[end] == " " { lastSpace = end }
                used += w
                end = rest.index(after: end)
            }
            let cut: Substring.Index
            if let space = lastSpace, space > rest.startIndex {
                cut = space
            } else if end > rest.startIndex {
                cut = end
            } else {
                cut = rest.index(after: rest.startIndex)  // one character wider than the line
            }
            lines.append(String(rest[..<cut]))
            rest = rest[cut...].drop { $0 == " " }
        }
        return lines
    }
}
