import TokenDeckCore

/// Help and pickers: they take every key until closed.
enum OverlayKeys {
    static func handle(_ key: Key, in state: inout AppState) -> [Effect] {
        switch state.overlay {
        case .help(let scroll):
            switch key {
            case .escape, .char("?"), .char("q"), .enter, .function(1): state.overlay = nil
            case .char("j"), .down: state.overlay = .help(scroll: min(scroll + 1, HelpOverlay.maxScroll(in: state.size)))
            case .char("k"), .up: state.overlay = .help(scroll: max(0, scroll - 1))
            default: break
            }
            return []
        case .picker(var picker):
            switch key {
            case .escape, .char("q"): state.overlay = nil
            case .char("j"), .down, .tab: picker.cursor = min(picker.cursor + 1, picker.options.count - 1)
            case .char("k"), .up, .backTab: picker.cursor = max(picker.cursor - 1, 0)
            case .char("g"), .home: picker.cursor = 0
            case .char("G"), .end: picker.cursor = max(0, picker.options.count - 1)
            case .enter:
                state.overlay = nil
                guard picker.options.indices.contains(picker.cursor) else { return [] }
                return choose(picker.options[picker.cursor].choice, in: &state)
            case .char(let digit) where digit.isASCII && digit.isNumber:
                // The number shown beside an entry chooses it in one key.
                guard let number = digit.wholeNumberValue, number >= 1, number <= min(9, picker.options.count) else { return [] }
                state.overlay = nil
                return choose(picker.options[number - 1].choice, in: &state)
            default: return []
            }
            if state.overlay != nil { state.overlay = .picker(picker) }
            return []
        case nil:
            return []
        }
    }

    private static func choose(_ choice: Picker.Choice, in state: inout AppState) -> [Effect] {
        switch choice {
        case .kind(let kind):
            state.query.kind = kind
            return []
        case .status(let status):
            state.query.status = status
            // Leaving the trash for a live status would show nothing: come back to live tokens.
            if state.query.trashed == .only, status != nil { state.query.trashed = .none }
            return []
        case .trash:
            state.query.status = nil
            state.query.trashed = .only
            return []
        }
    }
}
