import Foundation
import TokenDeckCore

/// Every field of the selected token, then the vendor's own JSON, scrollable when focused.
enum DetailsPane {
    static let labelWidth = 11

    static func draw(_ state: AppState, in rect: Rect, on screen: inout Screen, memo: FrameMemo) {
        let focused = state.focus == .details
        var title = [Span("Details", TextStyle(.title, bold: true))]
        let inner = rect.inset(by: 1)
        guard let token = state.selectedToken else {
            screen.drawBox(rect, title: title, focused: focused)
            screen.write("no token selected", x: inner.x + 1, y: inner.y, style: TextStyle(.muted), maxWidth: inner.width - 2)
            return
        }
        let lines = lines(for: token, prettyJSON: state.rawJSON(of: token).map(memo.prettyJSON), now: state.now, width: max(1, inner.width - 2))
        let scroll = max(0, min(state.detailsScroll, lines.count - inner.height))
        if lines.count > inner.height {
            let last = min(lines.count, scroll + inner.height)
            title.append(Span("   lines \(scroll + 1)–\(last) of \(lines.count)", TextStyle(.muted)))
        }
        screen.drawBox(rect, title: title, focused: focused)
        for (offset, line) in lines.dropFirst(scroll).prefix(inner.height).enumerated() {
            screen.write(line, x: inner.x + 1, y: inner.y + offset, maxWidth: inner.width - 2)
        }
    }

    /// The pane's content as styled lines of at most `width` columns (long values wrap). `rawJSON` is
    /// the token's vendor JSON, nil while it is being read from the cache.
    static func lines(for token: Token, rawJSON: String?, now: Date, width: Int) -> [[Span]] {
        lines(for: token, prettyJSON: rawJSON.map(Format.prettyJSON), now: now, width: width)
    }

    /// The same, from the JSON already pretty-printed (`Format.prettyJSON`): render keeps it in its
    /// `FrameMemo`, a scroll key in the state (`AppState.prettyJSONKept`).
    static func lines(for token: Token, prettyJSON: [String]?, now: Date, width: Int) -> [[Span]] {
        let status = token.status(asOf: now)
        let label = TextStyle(.formLabel, bold: true)
        var out: [[Span]] = []
        func field(_ name: String, _ value: String, _ style: TextStyle = .plain) {
            let valueWidth = max(1, width - labelWidth - 1)
            for (index, part) in Format.wrap(value, width: valueWidth).enumerated() {
                let head = index == 0 ? name : ""
                out.append([Span(DisplayWidth.fit(head, to: labelWidth) + " ", label), Span(part, style)])
            }
        }
        func date(_ value: Date?, missing: String) -> String {
            guard let value else { return missing }
            return "\(Format.timestamp(value))  (\(Format.relative(value, now: now)))"
        }
        field("ID", token.id)
        field("Account", "\(token.account) · \(token.vendor.rawValue)")
        field("Type", token.kind)
        field("Title", token.title.isEmpty ? "—" : token.title)
        field("Status", status.rawValue + (token.vendorStatus != status && token.vendorStatus != .active ? " (vendor says \(token.vendorStatus.rawValue))" : ""),
              status == .active ? TextStyle(.ok) : TokenTable.rowStyle(status, zebra: false))
        let flags = token.hygiene(asOf: now).labels
        field("Hygiene", flags.isEmpty ? "—" : flags.joined(separator: ", "), flags.isEmpty ? .plain : TextStyle(.warn))
        field("Owner", token.owner ?? "—")
        field("Created", date(token.createdAt, missing: "—"))
        field("Last used", token.vendor.reportsLastUse ? date(token.lastUsedAt, missing: "never") : "not reported by \(token.vendor.rawValue)")
        field("Expires", date(token.expiresAt, missing: "never"))
        field("Scopes", token.scopes.isEmpty ? "—" : token.scopes.joined(separator: ", "))
        field("Usage", token.usageCount.map { Format.thousands($0) + " requests" } ?? "—")
        field("In trash", token.trashed ? "yes" : "no")
        out.append([])
        out.append([Span("Raw \(token.vendor.rawValue) JSON", label)])
        guard let prettyJSON else {
            out.append([Span("reading…", TextStyle(.muted))])
            return out
        }
        for line in prettyJSON {
            let indent = line.prefix { $0 == " " }.count + 2
            for part in Format.wrap(line, width: width, indent: indent) {
                out.append([Span(part, TextStyle(.muted))])
            }
        }
        return out
    }
}
