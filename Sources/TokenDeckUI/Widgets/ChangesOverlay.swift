import Foundation
import TokenDeckCore

/// The Changes view: a box over the dashboard listing change events newest first — when, account,
/// kind, token (id and title), detail — with the cursor's row in reverse.
enum ChangesOverlay {
    static let headers = ["WHEN", "ACCOUNT", "KIND", "TOKEN", "DETAIL"]

    static func frame(in size: Size) -> Rect {
        Rect(x: 2, y: 1, width: max(0, size.width - 4), height: max(0, size.height - 2))
    }

    /// Event rows the box shows at `size` (inside the border, under the header).
    static func listRows(in size: Size) -> Int {
        max(0, frame(in: size).height - 3)
    }

    static func draw(_ panel: ChangesPanel, now: Date, in size: Size, on screen: inout Screen) {
        let rect = frame(in: size)
        var title = [Span("Changes", TextStyle(.title, bold: true))]
        if let events = panel.events {
            let count = events.count >= ChangesPanel.limit
                ? "the newest \(Format.thousands(events.count)) events (all: tokendeck changes)"
                : "\(Format.thousands(events.count)) event\(events.count == 1 ? "" : "s"), newest first"
            title.append(Span(" · " + count, TextStyle(.muted)))
        }
        screen.drawBox(rect, title: title, focused: true, fillStyle: TextStyle(.overlay))
        let inner = rect.inset(by: 1)
        guard inner.height > 1, inner.width > 10 else { return }
        let x0 = inner.x + 1
        let room = inner.width - 2
        guard let events = panel.events else {
            screen.write("reading the cache…", x: x0, y: inner.y, style: TextStyle(.muted), maxWidth: room)
            return
        }
        if let error = panel.error {
            screen.write("✗ " + Sanitizer.sanitize(error), x: x0, y: inner.y, style: TextStyle(.error, bold: true), maxWidth: room)
            return
        }
        if events.isEmpty {
            screen.write("no changes recorded yet: a sync records what changed since the one before", x: x0, y: inner.y,
                         style: TextStyle(.muted), maxWidth: room)
            return
        }
        let shown = Array(events.dropFirst(panel.top).prefix(listRows(in: size)))
        let rows = shown.map { Self.cells(of: $0, now: now) }
        var widths = headers.map(DisplayWidth.of)
        for row in rows { for (index, cell) in row.enumerated() { widths[index] = max(widths[index], DisplayWidth.of(cell)) } }
        widths[1] = min(widths[1], 16)
        widths[3] = min(widths[3], 40)
        // The detail takes what is left; the token shrinks first when there is not enough.
        let fixed = widths[0] + widths[1] + widths[2] + 8
        widths[3] = max(8, min(widths[3], room - fixed - 12))
        widths[4] = max(0, room - fixed - widths[3])
        func write(_ texts: [String], y: Int, style: TextStyle) {
            var x = x0
            for (index, text) in texts.enumerated() {
                screen.write(DisplayWidth.fit(text, to: widths[index]), x: x, y: y, style: style, maxWidth: max(0, inner.maxX - 1 - x))
                x += widths[index] + 2
            }
        }
        write(headers, y: inner.y, style: TextStyle(.title, bold: true))
        for (offset, row) in rows.enumerated() {
            let y = inner.y + 1 + offset
            let index = panel.top + offset
            write(row, y: y, style: TextStyle(shown[offset].kind == "appeared" ? .ok : .overlay))
            if index == panel.cursor {
                screen.restyle(Rect(x: inner.x, y: y, width: inner.width, height: 1)) { $0.role = .selection; $0.reverse = true; $0.bold = true }
            }
        }
    }

    /// An event's cells, sanitised: vendor ids, titles and details are drawn inert.
    static func cells(of event: ChangeEvent, now: Date) -> [String] {
        let title = event.title.isEmpty ? "" : " " + event.title
        return [Format.relative(event.at, now: now), Sanitizer.sanitize(event.account), Sanitizer.sanitize(event.kind),
                Sanitizer.sanitize(event.tokenID + title), Sanitizer.sanitize(event.detail)]
    }
}
