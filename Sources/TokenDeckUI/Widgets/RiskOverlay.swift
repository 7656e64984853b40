import Foundation
import TokenDeckCore

/// The risk view: a box of counts, rules down, accounts across (total first), the cursor's cell
/// in reverse; accounts that do not fit scroll with the cursor.
enum RiskOverlay {
    static let totalHeader = "TOTAL"
    static let anyRule = "any rule"
    static let accountWidthCap = 14

    static func draw(_ panel: RiskPanel, in size: Size, on screen: inout Screen) {
        let names = panel.matrix.accounts.map { DisplayWidth.truncate(Sanitizer.sanitize($0), to: accountWidthCap) }
        let labels = panel.labels + (panel.rowCount > 0 ? [anyRule] : [])
        let labelWidth = max(8, labels.map(DisplayWidth.of).max() ?? 0)
        func width(ofColumn column: Int) -> Int {
            let header = column == 0 ? totalHeader : names[column - 1]
            var widest = DisplayWidth.of(header)
            for row in 0..<panel.rowCount { widest = max(widest, Format.thousands(panel.count(row: row, column: column)).count) }
            return widest
        }
        let widths = (0..<panel.columnCount).map(width(ofColumn:))
        let footer = footerText(panel)
        let wanted = 2 + labelWidth + widths.reduce(0) { $0 + 2 + $1 } + 2
        let boxWidth = min(size.width - 4, max(wanted, min(DisplayWidth.of(footer) + 4, size.width - 4), 44))
        let bodyRows = panel.rowCount == 0 ? 1 : panel.rowCount + 2
        let boxHeight = min(size.height - 2, bodyRows + 4)
        let rect = Rect(x: (size.width - boxWidth) / 2, y: max(1, (size.height - boxHeight) / 2), width: boxWidth, height: boxHeight)
        let title = [Span("Risks", TextStyle(.title, bold: true)), Span(" · " + Sanitizer.sanitize(panel.source), TextStyle(.muted))]
        screen.drawBox(rect, title: title, focused: true, fillStyle: TextStyle(.overlay))
        let inner = rect.inset(by: 1)
        guard inner.height > 0, inner.width > 4 else { return }
        let x0 = inner.x + 1
        if panel.rowCount == 0 {
            screen.write("no token in view breaks the policy", x: x0, y: inner.y, style: TextStyle(.overlay), maxWidth: inner.width - 2)
            screen.write(footer, x: x0, y: inner.maxY - 1, style: TextStyle(.muted), maxWidth: inner.width - 2)
            return
        }
        // The total always shows; accounts from `first`, as many as fit, the cursor's among them.
        let room = inner.width - 2 - labelWidth - (2 + widths[0])
        var first = 1
        func fits(from start: Int, through last: Int) -> Bool {
            (start...last).reduce(0) { $0 + 2 + widths[$1] } <= room
        }
        if panel.column > 0 { while first < panel.column, !fits(from: first, through: panel.column) { first += 1 } }
        var shown = [0]
        var used = 0
        for column in first..<max(first, panel.columnCount) where used + 2 + widths[column] <= room {
            shown.append(column)
            used += 2 + widths[column]
        }
        var columnX: [Int: Int] = [:]
        var x = x0 + labelWidth
        for column in shown {
            x += 2
            columnX[column] = x
            x += widths[column]
        }
        let headerStyle = TextStyle(.title, bold: true)
        screen.write("RULE", x: x0, y: inner.y, style: headerStyle)
        for column in shown {
            let header = column == 0 ? totalHeader : names[column - 1]
            screen.write(DisplayWidth.fit(header, to: widths[column], alignRight: true), x: columnX[column] ?? 0, y: inner.y, style: headerStyle)
        }
        if first > 1 { screen.write("‹", x: (columnX[0] ?? 0) + widths[0] + 1, y: inner.y, style: TextStyle(.muted)) }
        if let last = shown.last, last < panel.columnCount - 1 { screen.write("›", x: inner.maxX - 1, y: inner.y, style: TextStyle(.muted)) }
        for row in 0..<panel.rowCount {
            // A rule under the line of totals: "any rule" counts tokens, not violations.
            let y = inner.y + 1 + row + (row == panel.rowCount - 1 ? 1 : 0)
            guard y < inner.maxY - 1 else { break }
            if row == panel.rowCount - 1 {
                screen.write(String(repeating: "─", count: max(0, x - x0)), x: x0, y: y - 1, style: TextStyle(.muted))
            }
            screen.write(DisplayWidth.fit(labels[row], to: labelWidth), x: x0, y: y, style: TextStyle(.overlay, bold: row == panel.rowCount - 1))
            for column in shown {
                let count = panel.count(row: row, column: column)
                let text = DisplayWidth.fit(Format.thousands(count), to: widths[column], alignRight: true)
                let cx = columnX[column] ?? 0
                screen.write(text, x: cx, y: y, style: count == 0 ? TextStyle(.muted) : TextStyle(.overlay, bold: column == 0))
                if row == panel.row, column == panel.column {
                    screen.restyle(Rect(x: cx - 1, y: y, width: widths[column] + 2, height: 1)) {
                        $0.role = .selection; $0.reverse = true; $0.bold = true
                    }
                }
            }
        }
        screen.write(footer, x: x0, y: inner.maxY - 1, style: TextStyle(.muted), maxWidth: inner.width - 2)
    }

    /// What the counts are of: tokens, within which filters.
    static func footerText(_ panel: RiskPanel) -> String {
        let scope = panel.within.isEmpty ? "all tokens" : "within " + panel.within.map(Sanitizer.sanitize).joined(separator: " ")
        return "\(Format.thousands(panel.matrix.totalTokens)) token\(panel.matrix.totalTokens == 1 ? "" : "s") at risk · \(scope)"
    }
}
