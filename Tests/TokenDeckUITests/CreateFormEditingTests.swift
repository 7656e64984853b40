import Foundation
import Testing
import TokenDeckCore
import TokenDeckUI

/// Shell-line editing inside a field, and the line editor under it.
@Suite struct CreateFormEditingTests {
    private func formWithName(_ name: String) -> CreateFormState {
        var form = makeForm()
        form.type(name)
        return form
    }

    @Test func ctrlWKillsThePreviousWordAndTheSpacesAfterIt() {
        var form = formWithName("Vendor X prod  ")
        form.press(.ctrl("w"))
        #expect(form.draft.name == "Vendor X ")
        form.press(.ctrl("w"))
        #expect(form.draft.name == "Vendor ")
    }

    @Test func ctrlUKillsToTheStartAndCtrlKToTheEnd() {
        var form = formWithName("Vendor X")
        form.press(.left, .left)
        form.press(.ctrl("u"))
        #expect(form.draft.name == " X")
        #expect(form.cursor(in: .name) == 0)
        form.press(.right, .ctrl("k"))
        #expect(form.draft.name == " ")
    }

    @Test func homeEndAndTheirCtrlKeysMoveTheCursor() {
        var form = formWithName("abc")
        form.press(.home)
        #expect(form.cursor(in: .name) == 0)
        form.type(">")
        form.press(.end)
        form.type("<")
        #expect(form.draft.name == ">abc<")
        form.press(.ctrl("a"), .right)
        #expect(form.cursor(in: .name) == 1)
        form.press(.ctrl("e"))
        #expect(form.cursor(in: .name) == 5)
    }

    @Test func deleteRemovesUnderTheCursorAndBackspaceBeforeIt() {
        var form = formWithName("abcd")
        form.press(.home, .delete)
        #expect(form.draft.name == "bcd")
        form.press(.end, .backspace)
        #expect(form.draft.name == "bc")
        form.press(.home, .backspace)
        #expect(form.draft.name == "bc", "backspace at the start does nothing")
    }

    @Test func pasteInsertsAtTheCursorWithNewlinesAndControlsStripped() {
        var form = formWithName("AB")
        form.press(.left)
        form.press(.paste("one\ntwo\u{1B}[31m\r\n"))
        #expect(form.draft.name == "Aone two[31mB")
        #expect(form.cursor(in: .name) == 12)
    }

    @Test func controlCharactersTypedAreIgnored() {
        var form = formWithName("a")
        form.press(.char("\u{1B}"), .char("\u{7}"))
        #expect(form.draft.name == "a")
    }

    @Test func cursorCountsCharactersAndColumnsCountDisplayWidth() {
        var form = formWithName("日本x")
        #expect(form.cursor(in: .name) == 3)
        let screen = renderedForm(form)
        guard let row = screen.formRow(containing: "日本x"), let inputX = screen.formColumn(of: "日", row: row) else {
            Issue.record("name not drawn:\n\(screen.text)")
            return
        }
        let position = CreateFormView.cursorPosition(form, area: formArea)
        #expect(position?.x == inputX + 5)
        #expect(position?.y == row)
        #expect(screen[inputX + 5, row].style.reverse)
        form.press(.left, .left)
        let moved = renderedForm(form)
        #expect(CreateFormView.cursorPosition(form, area: formArea)?.x == inputX + 2)
        #expect(moved[inputX + 2, row].text == "本")
        #expect(moved[inputX + 2, row].style.reverse && moved[inputX + 3, row].style.reverse, "both cells of a wide character")
        #expect(!moved[inputX, row].style.reverse)
    }

    @Test func aLongWideTextScrollsSoTheCursorStaysInTheField() {
        let editor = LineEditor(String(repeating: "日", count: 30))
        let window = editor.window(width: 21)
        // 10 wide characters (20 columns) and the cursor's blank cell at the end.
        #expect(window.visible == String(repeating: "日", count: 10))
        #expect(window.cursorColumn == 20)
        let atStart = LineEditor(String(repeating: "日", count: 30), cursor: 0).window(width: 21)
        #expect(atStart.cursorColumn == 0)
        #expect(atStart.visible == String(repeating: "日", count: 10), "a wide character is never cut in half")
    }

    @Test func aScrolledFieldDrawsItsTailWithTheCursorAtTheEdge() {
        var form = makeForm()
        form.press(.tab)
        form.type(String(repeating: "word ", count: 12) + "END")
        let screen = renderedForm(form)
        guard let row = screen.formRow(containing: "END"), let position = CreateFormView.cursorPosition(form, area: formArea),
              let end = screen.formColumn(of: "END", row: row) else {
            Issue.record("description not drawn:\n\(screen.text)")
            return
        }
        #expect(position.y == row)
        #expect(position.x == end + 3)
        #expect(!screen.lines[row].contains("word word word word word word word word word word word word"))
    }
}
