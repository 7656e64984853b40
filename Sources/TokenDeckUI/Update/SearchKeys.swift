import TokenDeckCore

/// The search input: every printable key is text, the list narrows as it is typed.
enum SearchKeys {
    static func handle(_ key: Key, in state: inout AppState) -> [Effect] {
        switch key {
        case .char(let character):
            state.query.text.append(character)
        case .paste(let text):
            // A pasted line break would end nothing here: keep the printable part.
            state.query.text += String(text.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.map(Character.init))
        case .backspace:
            if !state.query.text.isEmpty { state.query.text.removeLast() }
        case .ctrl("u"):
            state.query.text = ""
        case .ctrl("w"):
            var text = state.query.text
            while text.last == " " { text.removeLast() }
            while let last = text.last, last != " " { text.removeLast() }
            state.query.text = text
        case .enter:
            state.searching = false
        case .escape:
            state.query.text = ""
            state.searching = false
        case .down, .ctrl("n"): state.select(row: state.selection + 1)
        case .up, .ctrl("p"): state.select(row: state.selection - 1)
        case .pageDown: state.select(row: state.selection + state.pageSize)
        case .pageUp: state.select(row: state.selection - state.pageSize)
        default: break
        }
        return []
    }
}
