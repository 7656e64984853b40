import Foundation
import TokenDeckCore

/// Draws a `CreateFormState` as a centred, bordered box over the current view, with the fields of
/// the chosen account's vendor (Provisionr's below; Prefactor: account, scope, account or
/// environment id, expiry; TrueFoundry: account, name, expiry). The box keeps one size.
///
///     ┌ New service access token ─────────────────────────────────────────────┐
///     │ ▸ Account        ◂ acme-prod ▸  provisionr                1/2         │
///     │   Service ID   svc_123                                                │
///     │   Name         Vendor X (Prod)                          15/55         │
///     │   Description  Token for Vendor X                                     │
///     │   Expires      30d                                      → 2026-12-23  │
///     │ Enter/^S create · Tab/↑↓ field · ^P 7d/30d/90d/1y · Esc cancel        │
///     └───────────────────────────────────────────────────────────────────────┘
///
/// (each field has a row below it for its problem, and two rows above the hint for the server's message).
public enum CreateFormView {
    public static func render(_ form: CreateFormState, into screen: inout Screen, area: Rect, now: Date) {
        let layout = Layout(area: area)
        OverlayBox.draw(layout.box, title: title(for: form) + (form.isSubmitting ? " · creating…" : ""), into: &screen)
        let problems = form.visibleProblems(now: now)
        for (index, field) in form.fields.enumerated() {
            let y = layout.fieldRow(index)
            guard y < layout.bottom else { break }
            drawLabel(field, focused: form.focused == field, y: y, layout: layout, into: &screen)
            if field == .account {
                drawAccountChooser(form, y: y, layout: layout, into: &screen)
            } else if field == .scope {
                drawScopeChooser(form, y: y, layout: layout, into: &screen)
            } else {
                drawInput(form, field: field, y: y, layout: layout, into: &screen)
            }
            drawSuffix(form, field: field, y: y, now: now, layout: layout, into: &screen)
            if y + 1 < layout.bottom {
                drawProblemRow(form, field: field, problem: problems[field], y: y + 1, layout: layout, into: &screen)
            }
        }
        if let message = form.serverError {
            let lines = OverlayBox.wrap(message, width: layout.contentWidth, maxLines: Layout.messageRows)
            for (offset, line) in lines.enumerated() where layout.messageRow + offset < layout.bottom {
                screen.write(line, x: layout.contentX, y: layout.messageRow + offset, style: TextStyle(.formError), maxWidth: layout.contentWidth)
            }
        }
        drawHint(form, layout: layout, into: &screen)
    }

    /// Where the terminal's cursor belongs: in the focused text field, at the cursor's column.
    /// nil on the account chooser, while submitting or asking to discard.
    public static func cursorPosition(_ form: CreateFormState, area: Rect) -> (x: Int, y: Int)? {
        guard !form.focused.isChooser, !form.isSubmitting, !form.confirmingDiscard,
              let index = form.fields.firstIndex(of: form.focused) else { return nil }
        let layout = Layout(area: area)
        let editor = LineEditor(form.draft[form.focused], cursor: form.cursor(in: form.focused))
        let y = layout.fieldRow(index)
        guard y < layout.bottom else { return nil }
        return (layout.inputX + editor.window(width: layout.inputWidth).cursorColumn, y)
    }

    /// The keys, as the hint line shows them.
    static func hint(for form: CreateFormState) -> String {
        if form.confirmingDiscard { return "Discard this token? y/n" }
        if form.isSubmitting { return "Creating the token…" }
        let chooser = form.focused.isChooser ? "←/→ \(form.focused.label.lowercased()) · " : ""
        return chooser + "Enter/^S create · Tab/↑↓ field · ^P 7d/30d/90d/1y · Esc cancel"
    }

    /// The box's title: what the chosen vendor calls the token it makes.
    static func title(for form: CreateFormState) -> String {
        switch form.vendor {
        case .provisionr: "New service access token"
        case .prefactor: "New Prefactor API token"
        case .truefoundry: "New TrueFoundry personal access token"
        case .metokens: "New token"
        }
    }

    // MARK: - Pieces

    private static func drawLabel(_ field: CreateFormState.Field, focused: Bool, y: Int, layout: Layout, into screen: inout Screen) {
        let style = TextStyle(.formLabel, bold: focused)
        screen.write(focused ? "▸" : " ", x: layout.contentX, y: y, style: style)
        screen.write(field.label, x: layout.contentX + 2, y: y, style: style, maxWidth: Layout.labelWidth - 2)
    }

    private static func drawAccountChooser(_ form: CreateFormState, y: Int, layout: Layout, into screen: inout Screen) {
        guard !form.accounts.isEmpty else {
            screen.write("no account here can create tokens", x: layout.inputX, y: y,
                         style: TextStyle(.formError), maxWidth: layout.inputWidth)
            return
        }
        let focused = form.focused == .account
        var x = layout.inputX
        let style = TextStyle(.formInput, bold: focused, reverse: focused)
        x += screen.write("◂ ", x: x, y: y, style: TextStyle(.formLabel), maxWidth: layout.inputWidth)
        x += screen.write(form.draft.account, x: x, y: y, style: style, maxWidth: max(0, layout.inputX + layout.inputWidth - x - 2))
        x += screen.write(" ▸", x: x, y: y, style: TextStyle(.formLabel), maxWidth: max(0, layout.inputX + layout.inputWidth - x))
        screen.write("  " + form.vendor.rawValue, x: x, y: y, style: TextStyle(.muted), maxWidth: max(0, layout.inputX + layout.inputWidth - x))
        if form.accounts.count > 1, let index = form.accounts.firstIndex(of: form.draft.account) {
            screen.write("\(index + 1)/\(form.accounts.count)", x: layout.suffixX, y: y, style: TextStyle(.muted), maxWidth: Layout.suffixWidth)
        }
    }

    /// `◂ account ▸` (Prefactor's scope), with what the scope means beside it.
    private static func drawScopeChooser(_ form: CreateFormState, y: Int, layout: Layout, into screen: inout Screen) {
        let focused = form.focused == .scope
        var x = layout.inputX
        x += screen.write("◂ ", x: x, y: y, style: TextStyle(.formLabel), maxWidth: layout.inputWidth)
        x += screen.write(form.draft.scope, x: x, y: y, style: TextStyle(.formInput, bold: focused, reverse: focused),
                          maxWidth: max(0, layout.inputX + layout.inputWidth - x - 2))
        x += screen.write(" ▸", x: x, y: y, style: TextStyle(.formLabel), maxWidth: max(0, layout.inputX + layout.inputWidth - x))
        let meaning = form.draft.prefactorScope == .environment ? "one environment" : "the whole account"
        screen.write("  " + meaning, x: x, y: y, style: TextStyle(.muted), maxWidth: max(0, layout.inputX + layout.inputWidth - x))
    }

    private static func drawInput(_ form: CreateFormState, field: CreateFormState.Field, y: Int, layout: Layout, into screen: inout Screen) {
        let focused = form.focused == field
        let style = TextStyle(.formInput, underline: !focused)
        screen.fill(Rect(x: layout.inputX, y: y, width: layout.inputWidth, height: 1), style: style)
        let editor = LineEditor(form.draft[field], cursor: form.cursor(in: field))
        let window = editor.window(width: layout.inputWidth)
        screen.write(window.visible, x: layout.inputX, y: y, style: style, maxWidth: layout.inputWidth)
        guard focused, !form.isSubmitting, !form.confirmingDiscard else { return }
        let cursorX = layout.inputX + window.cursorColumn
        guard cursorX < layout.inputX + layout.inputWidth, cursorX < screen.size.width, y >= 0, y < screen.size.height else { return }
        // The window starts the cursor on a whole character: a wide one's continuation cell goes with it.
        let wide = cursorX + 1 < screen.size.width && screen[cursorX + 1, y].isContinuation
        screen.restyle(Rect(x: cursorX, y: y, width: wide ? 2 : 1, height: 1)) { $0.reverse = true }
    }

    /// The name's live counter, the expiry's resolved date.
    private static func drawSuffix(_ form: CreateFormState, field: CreateFormState.Field, y: Int, now: Date, layout: Layout, into screen: inout Screen) {
        switch field {
        case .name:
            guard let limit = form.draft.nameLimit else { break }
            let length = form.nameLength
            screen.write("\(length)/\(limit)", x: layout.suffixX, y: y,
                         style: length > limit ? TextStyle(.formError, bold: true) : TextStyle(.muted), maxWidth: Layout.suffixWidth)
        case .expires:
            if form.draft.expires.trimmingCharacters(in: .whitespaces).isEmpty {
                // Prefactor documents a default expiry of its own, the others none.
                screen.write(form.vendor == .prefactor ? "default" : "never", x: layout.suffixX, y: y,
                             style: TextStyle(.muted), maxWidth: Layout.suffixWidth)
            } else if let resolved = ExpiryParser.preview(form.draft.expires, now: now) {
                screen.write("→ " + resolved.prefix(10), x: layout.suffixX, y: y, style: TextStyle(.muted), maxWidth: Layout.suffixWidth)
            }
        case .account, .service, .description, .scope, .accountID, .environmentID:
            break
        }
    }

    private static func drawProblemRow(_ form: CreateFormState, field: CreateFormState.Field, problem: String?, y: Int, layout: Layout, into screen: inout Screen) {
        let width = layout.contentX + layout.contentWidth - layout.inputX
        if let problem {
            screen.write(problem, x: layout.inputX, y: y, style: TextStyle(.formError), maxWidth: width)
        } else if field == .expires, form.focused == .expires {
            let empty = form.vendor == .prefactor ? "empty = Prefactor's default" : "empty = never"
            screen.write(empty + " · 2026-12-31 · 2026-12-31T00:00:00Z · 30d", x: layout.inputX, y: y,
                         style: TextStyle(.muted), maxWidth: width)
        } else if field == .accountID, form.focused == .accountID {
            screen.write("empty = the credential's own account", x: layout.inputX, y: y, style: TextStyle(.muted), maxWidth: width)
        }
    }

    private static func drawHint(_ form: CreateFormState, layout: Layout, into screen: inout Screen) {
        guard layout.hintRow < layout.bottom else { return }
        let style = form.confirmingDiscard ? TextStyle(.warn, bold: true) : TextStyle(.keyHint)
        screen.write(hint(for: form), x: layout.contentX, y: layout.hintRow, style: style, maxWidth: layout.contentWidth)
    }

    /// Rect arithmetic for the box: one place that knows where every row and column is.
    struct Layout {
        static let preferredWidth = 80
        static let labelWidth = 17      // "▸ Environment ID "
        static let suffixWidth = 13     // "→ 2026-12-23", "55/55"
        static let messageRows = 2
        /// Border, two rows per field, the message rows, the hint, border.
        static let height = 2 + 2 * TokenDraft.maxFieldCount + messageRows + 1

        let box: Rect
        init(area: Rect) { box = OverlayBox.centred(width: Self.preferredWidth, height: Self.height, in: area) }

        var contentX: Int { box.x + 2 }
        var contentWidth: Int { max(0, box.width - 4) }
        /// The first row below the content (the bottom border).
        var bottom: Int { box.maxY - 1 }
        var inputX: Int { contentX + Self.labelWidth }
        var inputWidth: Int { max(1, contentWidth - Self.labelWidth - Self.suffixWidth - 1) }
        var suffixX: Int { inputX + inputWidth + 1 }
        func fieldRow(_ index: Int) -> Int { box.y + 1 + 2 * index }
        var messageRow: Int { box.y + 1 + 2 * TokenDraft.maxFieldCount }
        var hintRow: Int { messageRow + Self.messageRows }
    }
}
