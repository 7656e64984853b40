import Foundation
import TokenDeckCore

/// One line of text being edited as in a shell: a cursor by Character index and the editing
/// keys readline users expect. Pure value; the form keeps one per text field.
public struct LineEditor: Sendable, Hashable {
    public private(set) var text: String
    /// 0…text.count, counted in Characters (grapheme clusters), never in bytes or columns.
    public private(set) var cursor: Int

    public init(_ text: String = "", cursor: Int? = nil) {
        self.text = text
        self.cursor = min(max(0, cursor ?? text.count), text.count)
    }

    /// Replaces the whole text and puts the cursor at its end.
    public mutating func set(_ newText: String) {
        text = newText
        cursor = newText.count
    }

    /// Applies an editing key. Returns whether the key was an editing key (handled), even if
    /// nothing changed; `textChanged` tells whether the text did.
    public mutating func apply(_ key: Key) -> (handled: Bool, textChanged: Bool) {
        let before = text
        switch key {
        case .left: cursor = max(0, cursor - 1)
        case .right: cursor = min(text.count, cursor + 1)
        case .home, .ctrl("a"): cursor = 0
        case .end, .ctrl("e"): cursor = text.count
        case .backspace, .ctrl("h"):
            if cursor > 0 { remove(from: cursor - 1, to: cursor) }
        case .delete, .ctrl("d"):
            if cursor < text.count { remove(from: cursor, to: cursor + 1) }
        case .ctrl("u"): remove(from: 0, to: cursor)
        case .ctrl("k"): remove(from: cursor, to: text.count)
        case .ctrl("w"): remove(from: previousWordStart(), to: cursor)
        case .char(let character):
            guard Self.isInsertable(character) else { return (true, false) }
            insert(String(character))
        case .paste(let pasted):
            insert(Self.singleLine(pasted))
        default:
            return (false, false)
        }
        return (true, text != before)
    }

    /// Inserts `string` at the cursor and moves the cursor after it.
    public mutating func insert(_ string: String) {
        guard !string.isEmpty else { return }
        let index = text.index(text.startIndex, offsetBy: cursor)
        text.insert(contentsOf: string, at: index)
        cursor += string.count
    }

    /// What fits in `width` columns around the cursor: the visible slice and the cursor's column
    /// within it. Scrolls by whole characters so a wide character is never cut in half; leaves
    /// one column after the text for the cursor when it is at the end.
    public func window(width: Int) -> (visible: String, cursorColumn: Int) {
        guard width > 0 else { return ("", 0) }
        let characters = Array(text)
        // Start as far left as possible while the cursor cell still fits.
        var start = 0
        var columnsBeforeCursor = DisplayWidth.of(String(characters[0..<cursor]))
        while start < cursor, columnsBeforeCursor + cursorCellWidth(characters) > width {
            columnsBeforeCursor -= DisplayWidth.of(characters[start])
            start += 1
        }
        var visible = ""
        var used = 0
        for character in characters[start...] {
            let w = DisplayWidth.of(character)
            if used + w > width { break }
            visible.append(character)
            used += w
        }
        return (visible, columnsBeforeCursor)
    }

    /// Columns the cell under the cursor takes: the character there, or one blank at the end.
    private func cursorCellWidth(_ characters: [Character]) -> Int {
        cursor < characters.count ? max(1, DisplayWidth.of(characters[cursor])) : 1
    }

    private mutating func remove(from start: Int, to end: Int) {
        guard start < end else { return }
        let lower = text.index(text.startIndex, offsetBy: start)
        let upper = text.index(lower, offsetBy: end - start)
        text.removeSubrange(lower..<upper)
        cursor = start
    }

    /// Where Ctrl-W stops, as bash's unix-word-rubout: skip spaces left, then the word before them.
    private func previousWordStart() -> Int {
        let characters = Array(text)
        var index = cursor
        while index > 0, characters[index - 1].isWhitespace { index -= 1 }
        while index > 0, !characters[index - 1].isWhitespace { index -= 1 }
        return index
    }

    /// Printable characters only: a control character typed or pasted never enters a field.
    static func isInsertable(_ character: Character) -> Bool {
        !character.unicodeScalars.contains { scalar in
            scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0x2028 || scalar.value == 0x2029
        }
    }

    /// Pasted text as one line: surrounding line breaks dropped, inner ones (and tabs) become one
    /// space each run, other control characters removed.
    static func singleLine(_ pasted: String) -> String {
        var out = ""
        var pendingSpace = false
        for character in pasted.trimmingCharacters(in: .newlines) {
            if character.isNewline || character == "\t" {
                pendingSpace = true
                continue
            }
            guard isInsertable(character) else { continue }
            if pendingSpace, !out.isEmpty, out.last != " ", character != " " { out.append(" ") }
            pendingSpace = false
            out.append(character)
        }
        return out
    }
}
