import Foundation
import TokenDeckCore

/// Routes a key to whoever has it now: an overlay, the search input, the focused panel, then the
/// keys that work everywhere. The order is here; each receiver is a file of its own beside this
/// one (`CreateKeys`, `OverlayKeys`, `SearchKeys`, `PanelKeys`).
enum KeyHandler {
    static func handle(_ key: Key, in state: inout AppState) -> [Effect] {
        // The created-token notice and the create form take every key while they are open.
        if state.createdNotice != nil { return CreateKeys.notice(key, in: &state) }
        if state.createForm != nil { return CreateKeys.form(key, in: &state) }
        // The action menu, a confirmation and a run's answers: Ctrl-C there cancels, never quits.
        if ActionKeys.isOpen(state) { return ActionKeys.overlay(key, in: &state) }
        if key == .ctrl("c") { return quit(&state) }
        // A confirmation lasts until the next key; errors stay until dismissed or the next sync.
        if state.message?.kind == .info { state.message = nil }
        if state.overlay != nil { return OverlayKeys.handle(key, in: &state) }
        if state.riskPanel != nil { return RiskKeys.handle(key, in: &state) }
        if state.changesPanel != nil { return ChangesKeys.handle(key, in: &state) }
        if state.commandPrompt != nil { return CommandKeys.handle(key, in: &state) }
        if state.searching { return SearchKeys.handle(key, in: &state) }
        if case .mouse(let event) = key { return MouseKeys.handle(event, in: &state) }
        let handled: Bool
        switch state.focus {
        case .sidebar: handled = PanelKeys.sidebar(key, in: &state)
        case .table: handled = PanelKeys.table(key, in: &state)
        case .details: handled = PanelKeys.details(key, in: &state)
        }
        if handled { return [] }
        return global(key, in: &state)
    }

    /// Keys that do the same in every panel.
    private static func global(_ key: Key, in state: inout AppState) -> [Effect] {
        switch key {
        case .char("q"):
            return quit(&state)
        case .char("?"), .function(1):
            state.overlay = .help(scroll: 0)
        case .char("/"):
            state.searching = true
            if state.focus == .sidebar { state.focus = .table }
        case .char("t"):
            state.overlay = .picker(Picker.types(in: state))
        case .char("f"):
            state.catalog.keepStatuses(asOf: state.now)
            state.overlay = .picker(Picker.statuses(in: state))
        case .char("x"):
            // Local and instant: the cache holds the trash too.
            state.query.trashed = state.query.trashed.next
        case .char("s"):
            state.query.sort = SortOrder.next(after: state.query.sort)
        case .char("S"):
            state.query.sort.ascending.toggle()
        case .char("r"), .ctrl("r"):
            return [.refresh]
        case .char("c"):
            CreateKeys.open(in: &state)
        case .char("R"):
            RiskKeys.open(in: &state)
        case .char("C"):
            return ChangesKeys.open(in: &state)
        case .char(":"):
            state.commandPrompt = CommandPrompt()
        case .char("Y"):
            guard var token = state.selectedToken else {
                state.message = StatusMessage(kind: .info, text: "nothing selected to copy")
                return []
            }
            state.message = StatusMessage(kind: .info, text: "copied the JSON of \(DisplayWidth.truncate(token.id, to: 40)) to the clipboard")
            // Read when the token was selected; "{}" only if the cache could not say.
            token.rawJSON = state.rawJSON(of: token) ?? "{}"
            return [.copyToClipboard(TokenJSON.text(token, now: state.now))]
        case .char("y"):
            guard let token = state.selectedToken else {
                state.message = StatusMessage(kind: .info, text: "nothing selected to copy")
                return []
            }
            state.message = StatusMessage(kind: .info, text: "copied \(DisplayWidth.truncate(token.id, to: 40)) to the clipboard")
            return [.copyToClipboard(token.id)]
        case .char(let digit) where digit.isASCII && digit.isNumber:
            // 0 is All, 1–9 the accounts in order: one key to any account from anywhere.
            guard let number = digit.wholeNumberValue, number <= state.accounts.count else { return [] }
            state.selectAccount(ordinal: number == 0 ? nil : number - 1)
        case .tab:
            state.focus = next(after: state.focus)
        case .backTab:
            state.focus = previous(before: state.focus)
        case .escape:
            if state.message != nil {
                state.message = nil
            } else if !state.query.text.isEmpty {
                state.query.text = ""
            } else if state.query.risk != nil {
                state.query.risk = nil
            } else if state.focus != .table {
                state.focus = .table
            }
        default:
            // Space, * and a: marks and actions (`ActionKeys`).
            return ActionKeys.global(key, in: &state) ?? []
        }
        return []
    }

    static func quit(_ state: inout AppState) -> [Effect] {
        state.shouldQuit = true
        return [.quit]
    }

    private static func next(after focus: Focus) -> Focus {
        switch focus {
        case .sidebar: .table
        case .table: .details
        case .details: .sidebar
        }
    }

    private static func previous(before focus: Focus) -> Focus {
        switch focus {
        case .sidebar: .details
        case .table: .sidebar
        case .details: .table
        }
    }
}

/// The orders `s` steps through, each in the direction a person wants first.
enum SortOrder {
    static let cycle: [TokenSort] = [
        TokenSort(field: .created, ascending: false),
        TokenSort(field: .lastUsed, ascending: false),
        TokenSort(field: .expires, ascending: true),
        TokenSort(field: .title, ascending: true),
        TokenSort(field: .kind, ascending: true),
        TokenSort(field: .status, ascending: true),
    ]

    static func next(after sort: TokenSort) -> TokenSort {
        guard let index = cycle.firstIndex(where: { $0.field == sort.field }) else { return cycle[0] }
        return cycle[(index + 1) % cycle.count]
    }

    static func label(_ sort: TokenSort) -> String {
        let name: String
        switch sort.field {
        case .created: name = "created"
        case .lastUsed: name = "last used"
        case .expires: name = "expires"
        case .title: name = "title"
        case .kind: name = "type"
        case .status: name = "status"
        case .id: name = "id"
        }
        return "\(name) \(sort.ascending ? "↑" : "↓")"
    }
}
