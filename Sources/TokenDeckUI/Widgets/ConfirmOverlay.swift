import TokenDeckCore

/// The action menu, the confirmation and the run's progress: boxes centred over the dashboard.
/// The confirmation names exactly the tokens that will be hit — vendor, account, id, title —
/// scrolling when they do not all fit.
enum ConfirmOverlay {
    static func draw(_ state: AppState, in size: Size, on screen: inout Screen) {
        if let menu = state.actions.menu {
            drawMenu(menu, in: size, on: &screen)
        } else if let confirmation = state.actions.confirmation {
            drawConfirmation(confirmation, in: size, on: &screen)
        } else if state.actions.showsRun, let run = state.actions.run {
            drawRun(run, in: size, on: &screen)
        }
    }

    // MARK: - The menu

    static func drawMenu(_ menu: ActionMenu, in size: Size, on screen: inout Screen) {
        let labels = menu.entries.map { entry in
            let count = entry.targets.count
            return DisplayWidth.fit(entry.action.rawValue, to: 9) + "\(count) token\(count == 1 ? "" : "s")" + (entry.skipped > 0 ? " (\(entry.skipped) skipped)" : "")
        }
        let title = "Actions · " + menu.subject
        let width = min(size.width - 4, max((labels.map(DisplayWidth.of).max() ?? 0) + 8, DisplayWidth.of(title) + 6, 30))
        let rect = OverlayBox.centred(width: width, height: menu.entries.count + 2, in: Rect(x: 0, y: 0, width: size.width, height: size.height))
        OverlayBox.draw(rect, title: title, into: &screen)
        let inner = rect.inset(by: 1)
        for (index, label) in labels.enumerated().prefix(inner.height) {
            let y = inner.y + index
            screen.write(index == menu.cursor ? "▸" : " ", x: inner.x, y: y, style: TextStyle(.title, bold: true))
            screen.write("\(index + 1) ", x: inner.x + 1, y: y, style: TextStyle(.keyHint, bold: true))
            let destructive = menu.entries[index].action.isDestructive
            screen.write(label, x: inner.x + 3, y: y, style: TextStyle(destructive ? .error : .overlay), maxWidth: inner.width - 4)
            if index == menu.cursor {
                screen.restyle(Rect(x: inner.x, y: y, width: inner.width, height: 1)) { $0.role = .selection; $0.reverse = true; $0.bold = true }
            }
        }
    }

    // MARK: - The confirmation

    /// Target rows the confirmation shows at once at `size`.
    static func targetRows(for confirmation: ActionConfirmation, in size: Size) -> Int {
        let fixed = 5 + (confirmation.skipped > 0 ? 1 : 0)
        let room = max(1, size.height - 4 - fixed)
        return confirmation.targets.count <= room ? confirmation.targets.count : max(1, room - 1)
    }

    static func drawConfirmation(_ confirmation: ActionConfirmation, in size: Size, on screen: inout Screen) {
        let action = confirmation.action
        let count = confirmation.targets.count
        let rows = targetRows(for: confirmation, in: size)
        let overflow = rows < count
        var lines: [[Span]] = []
        let tokens = "\(count) token\(count == 1 ? "" : "s")"
        let these = count == 1 ? "this token" : "these \(count) tokens"
        lines.append(action.isDestructive
            ? [Span("This cannot be undone. ", TextStyle(.error, bold: true)), Span("\(gerund(action)) \(these):", TextStyle(.overlay))]
            : [Span("\(gerund(action)) \(these)" + (action == .suspend ? " (activate undoes it):" : ":"), TextStyle(.overlay))])
        let widths = columnWidths(confirmation.targets, room: boxWidth(in: size) - 4)
        lines.append([Span(row(["VENDOR", "ACCOUNT", "ID", "TITLE"], widths), TextStyle(.muted, bold: true))])
        let top = max(0, min(confirmation.scroll, count - rows))
        for target in confirmation.targets[top..<min(count, top + rows)] {
            lines.append([Span(row(cells(target) + [Sanitizer.sanitize(target.title)], widths), TextStyle(.overlay))])
        }
        if overflow {
            lines.append([Span("↑/↓ PgUp/PgDn scroll · \(top + 1)–\(min(count, top + rows)) of \(count)", TextStyle(.muted))])
        }
        if confirmation.skipped > 0 {
            let skipped = confirmation.skipped
            lines.append([Span("\(skipped) marked token\(skipped == 1 ? "" : "s") left out: \(action.rawValue) does not apply to \(skipped == 1 ? "it" : "them")", TextStyle(.muted))])
        }
        lines.append([])
        if confirmation.needsTyping {
            lines.append([Span("Type ", TextStyle(.overlay)), Span(confirmation.word, TextStyle(.keyHint, bold: true)),
                          Span(" to confirm: ", TextStyle(.overlay)), Span(confirmation.typed, TextStyle(.formInput)),
                          Span(" ", TextStyle(.formInput, reverse: true))])
        } else {
            lines.append([Span("y", TextStyle(.keyHint, bold: true)), Span(" \(action.rawValue)s · ", TextStyle(.overlay)),
                          Span("n", TextStyle(.keyHint, bold: true)), Span(", Enter or Esc cancels (the default)", TextStyle(.overlay))])
        }
        if let refusal = confirmation.refusal {
            lines.append([Span(refusal, TextStyle(.formError, bold: true))])
        } else {
            lines.append([Span(confirmation.needsTyping ? "Enter confirms · Esc cancels, nothing is sent" : "Esc cancels, nothing is sent", TextStyle(.muted))])
        }
        drawBox(lines, title: "\(capitalised(action.rawValue)) \(tokens)", in: size, on: &screen)
    }

    // MARK: - The run

    static func drawRun(_ run: ActionRun, in size: Size, on screen: inout Screen) {
        let count = run.targets.count
        let rows = min(count, max(1, size.height - 8))
        let answered = run.answeredCount
        let top = max(0, min(answered - rows / 2, count - rows))
        let room = boxWidth(in: size) - 4
        let widths = columnWidths(run.targets, room: room)
        let answerWidth = max(10, room - widths.dropLast().reduce(0, +) - 6)
        let indent = String(repeating: " ", count: max(0, room - answerWidth))
        var lines: [[Span]] = [[Span(row(["VENDOR", "ACCOUNT", "ID", "ANSWER"], widths), TextStyle(.muted, bold: true))]]
        for index in top..<min(count, top + rows) {
            let answer: (String, TextStyle) = switch run.answers[index] {
            case nil: ("… waiting", TextStyle(.muted))
            case .done(.deleted)?: ("✓ deleted", TextStyle(.ok))
            case .done(.status(let status))?: ("✓ \(status.rawValue)", TextStyle(.ok))
            case .failed(let why)?: ("✗ " + Sanitizer.sanitize(why), TextStyle(.error))
            case .unknown?: ("? unknown — refresh to see", TextStyle(.warn, bold: true))
            }
            // Why a token failed is the point of the box: a second line rather than cut off.
            let wrapped = wordWrap(answer.0, width: answerWidth, maxLines: 2)
            lines.append([Span(row(cells(run.targets[index]), widths), TextStyle(.overlay)), Span(wrapped.first ?? "", answer.1)])
            for more in wrapped.dropFirst() { lines.append([Span(indent), Span(more, answer.1)]) }
        }
        lines.append([])
        if run.isFinished {
            for line in wordWrap(run.summary, width: room, maxLines: 3) {
                lines.append([Span(line, TextStyle(run.hasTrouble ? .error : .ok, bold: true))])
            }
            lines.append([Span("Enter or Esc closes", TextStyle(.muted))])
        } else {
            lines.append([Span("\(answered) of \(count) answered · one request a token, never retried", TextStyle(.overlay))])
            lines.append([Span("Esc hides this box; the answers still land in the list", TextStyle(.muted))])
        }
        drawBox(lines, title: "\(gerund(run.action)) \(count) token\(count == 1 ? "" : "s")", in: size, on: &screen)
    }

    // MARK: - Shared

    private static func boxWidth(in size: Size) -> Int { min(size.width - 4, 100) }

    private static func drawBox(_ lines: [[Span]], title: String, in size: Size, on screen: inout Screen) {
        let area = Rect(x: 0, y: 0, width: size.width, height: size.height)
        let rect = OverlayBox.centred(width: boxWidth(in: size), height: lines.count + 2, in: area)
        OverlayBox.draw(rect, title: title, into: &screen)
        let inner = rect.inset(by: 1)
        for (index, line) in lines.prefix(inner.height).enumerated() {
            _ = screen.write(line, x: inner.x + 1, y: inner.y + index, maxWidth: inner.width - 2)
        }
    }

    /// Vendor, account and id, sanitised (widths are measured on what is drawn).
    private static func cells(_ target: ActionTarget) -> [String] {
        [target.vendor.rawValue, Sanitizer.sanitize(target.account), Sanitizer.sanitize(target.id)]
    }

    /// Vendor, account and id as wide as their longest (within caps), the last column the rest.
    private static func columnWidths(_ targets: [ActionTarget], room: Int) -> [Int] {
        let vendor = max(6, targets.map { $0.vendor.rawValue.count }.max() ?? 0)
        let account = min(24, max(7, targets.map { DisplayWidth.of(Sanitizer.sanitize($0.account)) }.max() ?? 0))
        let id = min(34, max(2, targets.map { DisplayWidth.of(Sanitizer.sanitize($0.id)) }.max() ?? 0))
        return [vendor, account, id, max(5, room - vendor - account - id - 6)]
    }

    private static func row(_ cells: [String], _ widths: [Int]) -> String {
        zip(cells, widths).map { DisplayWidth.fit($0, to: $1) }.joined(separator: "  ") + (cells.count < widths.count ? "  " : "")
    }

    /// Sanitised `text` in lines of at most `width` columns, broken between words where it can; the
    /// last of `maxLines` ends in `…` when more is left.
    static func wordWrap(_ text: String, width: Int, maxLines: Int) -> [String] {
        let safe = Sanitizer.sanitize(text)
        guard width > 0, maxLines > 0, DisplayWidth.of(safe) > width else { return [safe] }
        var lines: [String] = []
        var current = ""
        for word in safe.split(separator: " ", omittingEmptySubsequences: false).map(String.init) {
            let candidate = current.isEmpty ? word : current + " " + word
            if DisplayWidth.of(candidate) <= width {
                current = candidate
                continue
            }
            if !current.isEmpty { lines.append(current) }
            current = word
            // A word longer than the line is cut where the line ends.
            while DisplayWidth.of(current) > width {
                let head = DisplayWidth.truncate(current, to: width, ellipsis: " ").trimmingCharacters(in: .whitespaces)
                guard !head.isEmpty else { break }
                lines.append(head)
                current = String(current.dropFirst(head.count))
            }
        }
        if !current.isEmpty { lines.append(current) }
        guard lines.count > maxLines else { return lines }
        var kept = Array(lines.prefix(maxLines))
        kept[maxLines - 1] = DisplayWidth.truncate(kept[maxLines - 1] + " …", to: width)
        return kept
    }

    static func gerund(_ action: TokenAction) -> String {
        switch action {
        case .suspend: "Suspending"
        case .activate: "Activating"
        case .revoke: "Revoking"
        case .delete: "Deleting"
        }
    }

    private static func capitalised(_ word: String) -> String { word.prefix(1).uppercased() + word.dropFirst() }
}
