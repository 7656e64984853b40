import Foundation
import TokenDeckCore

/// Token actions from the dashboard: Space and `*` mark, `a` (or `:suspend`, `:revoke`…) opens the
/// actions that apply, a confirmation that fits the harm asks first, and one request a token is
/// sent. While the menu, the confirmation or the run's box is open it has every key.
enum ActionKeys {
    static func isOpen(_ state: AppState) -> Bool {
        state.actions.menu != nil || state.actions.confirmation != nil || (state.actions.showsRun && state.actions.run != nil)
    }

    // MARK: - Marks and `a`, from the table

    /// Space, `*` and `a`; nil when `key` is none of them.
    static func global(_ key: Key, in state: inout AppState) -> [Effect]? {
        switch key {
        case .char(" "):
            guard allowed(in: &state), let token = state.selectedToken else { return [] }
            let key = TokenKey(token)
            if state.actions.marks.remove(key) == nil { state.actions.marks.insert(key) }
            // As in file managers: on to the next row, so a run of Space marks a run of tokens.
            state.select(row: state.selection + 1)
            return []
        case .char("*"):
            guard allowed(in: &state) else { return [] }
            let visible = state.view.rows.map { TokenKey(state.catalog.tokens[$0]) }
            if !visible.isEmpty, visible.allSatisfy(state.actions.marks.contains) {
                state.actions.marks.removeAll()
                state.message = StatusMessage(kind: .info, text: "marks cleared")
            } else {
                state.actions.marks.formUnion(visible)
                let count = visible.count
                state.message = StatusMessage(kind: .info, text: "marked \(Format.thousands(count)) token\(count == 1 ? "" : "s") (all in this view; * again clears)")
            }
            return []
        case .char("a"):
            return open(nil, in: &state)
        default:
            return nil
        }
    }

    /// `a` (action nil: the menu) or `:suspend`, `:revoke`… (straight to that confirmation), on the
    /// marked tokens or else the selected one.
    static func open(_ action: TokenAction?, in state: inout AppState) -> [Effect] {
        guard allowed(in: &state) else { return [] }
        if let run = state.actions.run, !run.isFinished {
            state.message = StatusMessage(kind: .info, text: "still waiting for \(run.targets.count - run.answeredCount) answer(s) to \(run.action.rawValue)")
            state.actions.showsRun = true
            return []
        }
        let subjects = state.actionSubjects
        guard !subjects.isEmpty else {
            state.message = StatusMessage(kind: .info, text: "no token selected to act on")
            return []
        }
        let marked = state.markedTokens.count
        let subject = marked > 0 ? "\(marked) marked" : DisplayWidth.truncate(Sanitizer.sanitize(subjects[0].id), to: 30)
        let entries = menuEntries(for: subjects)
        guard let action else {
            guard !entries.isEmpty else {
                state.message = StatusMessage(kind: .error, text: whyNothingApplies(subjects, action: nil))
                return []
            }
            state.actions.menu = ActionMenu(subject: subject, entries: entries)
            return []
        }
        guard let entry = entries.first(where: { $0.action == action }) else {
            state.message = StatusMessage(kind: .error, text: whyNothingApplies(subjects, action: action))
            return []
        }
        confirm(entry, in: &state)
        return []
    }

    /// Each action some of `tokens` can take, with those tokens: what their vendor documents and
    /// their state allows (no activate on a revoked token).
    static func menuEntries(for tokens: [Token]) -> [ActionMenu.Entry] {
        TokenAction.allCases.compactMap { action in
            let hit = tokens.filter { $0.vendor.supportedActions.contains(action) && action.allowed(for: $0.vendorStatus) }
            guard !hit.isEmpty else { return nil }
            return ActionMenu.Entry(action: action, targets: hit.map(ActionTarget.init), skipped: tokens.count - hit.count)
        }
    }

    /// Why `action` (any action, for nil) applies to none of `tokens`, naming the vendors.
    static func whyNothingApplies(_ tokens: [Token], action: TokenAction?) -> String {
        var reasons: [String] = []
        for vendor in Vendor.allCases where tokens.contains(where: { $0.vendor == vendor }) {
            let offered = vendor.supportedActions
            if offered.isEmpty {
                reasons.append("\(vendor.rawValue) documents no action on its tokens")
            } else if let action, !offered.contains(action) {
                reasons.append("\(vendor.rawValue) documents only \(offered.map(\.rawValue).joined(separator: ", "))")
            } else if action != nil {
                let states = Set(tokens.filter { $0.vendor == vendor }.map(\.vendorStatus.rawValue)).sorted()
                reasons.append("not for a \(states.joined(separator: " or ")) \(vendor.rawValue) token")
            }
        }
        return (action.map { "\($0.rawValue): " } ?? "no action: ") + reasons.joined(separator: "; ")
    }

    private static func confirm(_ entry: ActionMenu.Entry, in state: inout AppState) {
        state.actions.menu = nil
        state.actions.confirmation = ActionConfirmation(action: entry.action, targets: entry.targets, skipped: entry.skipped)
    }

    /// Read-only mode refuses every action, naming what turned it on.
    private static func allowed(in state: inout AppState) -> Bool {
        guard state.readOnly else { return true }
        state.message = StatusMessage(kind: .error, text: "read-only mode: token actions are disabled" + (state.readOnlyCause.map { " (\($0))" } ?? ""))
        return false
    }

    // MARK: - The menu, the confirmation, the run

    static func overlay(_ key: Key, in state: inout AppState) -> [Effect] {
        if state.message?.kind == .info { state.message = nil }
        if var menu = state.actions.menu {
            switch key {
            case .escape, .ctrl("c"), .char("q"), .char("a"): state.actions.menu = nil
            case .char("j"), .down, .tab: menu.cursor = min(menu.cursor + 1, menu.entries.count - 1)
            case .char("k"), .up, .backTab: menu.cursor = max(menu.cursor - 1, 0)
            case .enter:
                if menu.entries.indices.contains(menu.cursor) { confirm(menu.entries[menu.cursor], in: &state) }
                return []
            case .char(let digit) where digit.isASCII && digit.isNumber:
                guard let number = digit.wholeNumberValue, number >= 1, number <= menu.entries.count else { return [] }
                confirm(menu.entries[number - 1], in: &state)
                return []
            default: break
            }
            if state.actions.menu != nil { state.actions.menu = menu }
            return []
        }
        if var confirmation = state.actions.confirmation {
            return confirmationKey(key, &confirmation, in: &state)
        }
        // The run's box: closing it leaves the requests going; their answers still land.
        switch key {
        case .escape, .enter, .ctrl("c"), .char("q"):
            state.actions.showsRun = false
            if state.actions.run?.isFinished == true { state.actions.run = nil }
        default: break
        }
        return []
    }

    /// A key while the confirmation asks: y or the typed word sends, Esc cancels, the arrows scroll
    /// the tokens, and nothing else can lose what was typed.
    static func confirmationKey(_ key: Key, _ confirmation: inout ActionConfirmation, in state: inout AppState) -> [Effect] {
        let rows = ConfirmOverlay.targetRows(for: confirmation, in: state.size)
        let maxScroll = max(0, confirmation.targets.count - rows)
        switch key {
        case .escape, .ctrl("c"):
            return cancel(confirmation, in: &state)
        case .down: confirmation.scroll += 1
        case .up: confirmation.scroll -= 1
        case .pageDown: confirmation.scroll += max(1, rows - 1)
        case .pageUp: confirmation.scroll -= max(1, rows - 1)
        case .home: confirmation.scroll = 0
        case .end: confirmation.scroll = maxScroll
        case .enter where confirmation.needsTyping:
            guard confirmation.typedMatches else {
                confirmation.refusal = confirmation.typed.isEmpty
                    ? "type \(confirmation.word) to go on, or Esc to cancel"
                    : "that is not \(confirmation.word): nothing sent"
                break
            }
            return send(confirmation, in: &state)
        case .enter, .char("n"), .char("N"), .char("q"):
            // Default No.
            guard confirmation.needsTyping else { return cancel(confirmation, in: &state) }
            if case .char(let character) = key { append(String(character), to: &confirmation) }
        case .char("y"), .char("Y"):
            guard confirmation.needsTyping else { return send(confirmation, in: &state) }
            if case .char(let character) = key { append(String(character), to: &confirmation) }
        case .char(let character) where confirmation.needsTyping:
            append(String(character), to: &confirmation)
        case .paste(let text) where confirmation.needsTyping:
            append(text, to: &confirmation)
        case .backspace where confirmation.needsTyping:
            if !confirmation.typed.isEmpty { confirmation.typed.removeLast() }
        case .ctrl("u") where confirmation.needsTyping:
            confirmation.typed = ""
        case .ctrl("w") where confirmation.needsTyping:
            while confirmation.typed.last == " " { confirmation.typed.removeLast() }
            while let last = confirmation.typed.last, last != " " { confirmation.typed.removeLast() }
        case .char("j") where !confirmation.needsTyping: confirmation.scroll += 1
        case .char("k") where !confirmation.needsTyping: confirmation.scroll -= 1
        default:
            // Any other key changes nothing: what was typed stays.
            break
        }
        confirmation.scroll = max(0, min(confirmation.scroll, maxScroll))
        state.actions.confirmation = confirmation
        return []
    }

    private static func append(_ text: String, to confirmation: inout ActionConfirmation) {
        let printable = String(text.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.map(Character.init))
        confirmation.typed = String((confirmation.typed + printable).prefix(40))
        confirmation.refusal = nil
    }

    private static func cancel(_ confirmation: ActionConfirmation, in state: inout AppState) -> [Effect] {
        state.actions.confirmation = nil
        state.message = StatusMessage(kind: .info, text: "\(confirmation.action.rawValue) cancelled — nothing sent")
        return []
    }

    /// Confirmed: one request a token, sent once.
    private static func send(_ confirmation: ActionConfirmation, in state: inout AppState) -> [Effect] {
        state.actions.confirmation = nil
        state.actions.run = ActionRun(action: confirmation.action, targets: confirmation.targets)
        state.actions.showsRun = true
        return [.performAction(confirmation.action, targets: confirmation.targets)]
    }

    /// A token's answer: its new state lands in the list at once; a failure that may have reached
    /// the vendor leaves it "unknown — refresh to see" rather than guessing.
    static func answered(account: String, id: String, outcome: Result<TokenActionOutcome, VendorError>, in state: inout AppState) {
        guard var run = state.actions.run,
              let index = run.targets.indices.first(where: { run.targets[$0].account == account && run.targets[$0].id == id && run.answers[$0] == nil })
        else { return }
        let key = run.targets[index].key
        switch outcome {
        case .success(let done):
            run.answers[index] = .done(done)
            state.actions.unknown.remove(key)
            state.actions.marks.remove(key)
            state.apply(done, to: key)
        case .failure(let error) where error.kind == .transport || error.kind == .malformedBody:
            run.answers[index] = .unknown(error.description)
            state.actions.unknown.insert(key)
        case .failure(let error):
            run.answers[index] = .failed(error.description)
        }
        state.actions.run = run
        guard run.isFinished else { return }
        state.message = StatusMessage(kind: run.hasTrouble ? .error : .info, text: run.summary)
        // All well: the box closes and the message says so; otherwise it stays to say who and why.
        if !run.hasTrouble {
            state.actions.showsRun = false
            state.actions.run = nil
        } else if !state.actions.showsRun {
            state.actions.run = nil
        }
    }

    /// The account's tokens (every account's, for nil) were loaded again: what the vendor said
    /// replaces "unknown", and marks on tokens that are gone go with them (so a count of marks is
    /// the marks' count, never a walk of the catalog per frame).
    static func loaded(account: String?, in state: inout AppState) {
        if !state.actions.unknown.isEmpty {
            state.actions.unknown = account.map { name in state.actions.unknown.filter { $0.account != name } } ?? []
        }
        if !state.actions.marks.isEmpty {
            let catalog = state.catalog
            state.actions.marks = state.actions.marks.filter { catalog.index(of: $0) != nil }
        }
    }

    /// The status bar's keys while the menu, the confirmation or the run's box is open.
    static func hints(for state: AppState) -> [StatusBar.Hint]? {
        if let menu = state.actions.menu {
            return [("j/k", "move"), ("enter", "choose"), ("1–\(menu.entries.count)", "choose that one"), ("esc", "cancel")]
        }
        if let confirmation = state.actions.confirmation {
            return confirmation.needsTyping
                ? [("type", confirmation.word), ("enter", "confirm"), ("↑/↓", "scroll"), ("esc", "cancel")]
                : [("y", confirmation.action.rawValue), ("n/enter/esc", "cancel"), ("j/k", "scroll")]
        }
        if state.actions.showsRun, let run = state.actions.run {
            return run.isFinished ? [("enter/esc", "close")] : [("esc", "hide (the requests go on)")]
        }
        return nil
    }
}
