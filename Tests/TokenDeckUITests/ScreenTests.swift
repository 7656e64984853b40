import Testing
@testable import TokenDeckUI

@Suite struct ScreenTests {
    @Test func overwritingHalfAWideCharacterBlanksTheOtherHalf() {
        var screen = Screen(size: Size(width: 6, height: 1))
        screen.write("日本語", x: 0, y: 0)
        screen.write("x", x: 1, y: 0)  // the right half of 日
        #expect(screen.lines == [" x本語"])
        screen.write("y", x: 2, y: 0)  // the left half of 本
        #expect(screen.lines == [" xy 語"])
        #expect(!screen[3, 0].isContinuation)
    }

    @Test func aWideCharacterThatDoesNotFitIsNotHalfDrawn() {
        var screen = Screen(size: Size(width: 5, height: 1))
        #expect(screen.write("ab日本", x: 0, y: 0) == 4)
        #expect(screen.lines == ["ab日 "])
        var clipped = Screen(size: Size(width: 10, height: 1))
        #expect(clipped.write("日本語", x: 0, y: 0, maxWidth: 3) == 2)
        #expect(clipped.text == "日")
    }

    @Test func writingOutsideTheScreenIsIgnored() {
        var screen = Screen(size: Size(width: 3, height: 2))
        #expect(screen.write("abc", x: 0, y: 5) == 0)
        #expect(screen.write("abc", x: 5, y: 0) == 0)
        #expect(screen.write("abcdef", x: -2, y: 1) == 5)
        #expect(screen.lines == ["   ", "cde"])
        var empty = Screen(size: Size(width: 0, height: 0))
        empty.write("x", x: 0, y: 0)
        empty.fill(Rect(x: 0, y: 0, width: 5, height: 5))
        #expect(empty.lines.isEmpty)
    }

    @Test func combiningMarksJoinTheCellBeforeThem() {
        var screen = Screen(size: Size(width: 4, height: 1))
        // "e" + COMBINING ACUTE, then a wide character with a mark on it.
        #expect(screen.write("e\u{301}日\u{308}x", x: 0, y: 0) == 4)
        #expect(screen[0, 0].text == "e\u{301}")
        #expect(screen[1, 0].text == "日\u{308}")
        #expect(screen[2, 0].isContinuation)
        #expect(screen[3, 0].text == "x")
        #expect(screen[3, 0].printableASCII == UInt8(ascii: "x"))
        #expect(screen[0, 0].printableASCII == nil)
    }

    @Test func aCellKeepsTheWholeScalarsOfAGraphemeThatFitFifteenBytes() {
        // Man ZWJ woman ZWJ girl: 18 bytes; the first three scalars (11 bytes) and the next ZWJ (14) fit.
        let family = Cell("\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}")
        #expect(family.byteCount == 14)
        #expect(family.text == "\u{1F468}\u{200D}\u{1F469}\u{200D}")
        let fifteen = Cell(String(repeating: "\u{301}", count: 7) + "a")  // 14 + 1 bytes
        #expect(fifteen.byteCount == 15)
        #expect(fifteen.withCString { String(cString: $0) } == fifteen.text)
        #expect(Cell("é").withCString { String(cString: $0) } == "é")
        #expect(Cell("").isContinuation && Cell("").text.isEmpty)
        #expect(Cell("a", style: TextStyle(.warn)) != Cell("a"))
        #expect(Cell("ab") == Cell("ab") && Cell("ab") != Cell("ba"))
    }

    @Test func controlCharactersBecomeVisibleStandIns() {
        var screen = Screen(size: Size(width: 12, height: 1))
        screen.write("a\u{1B}[2J\u{07}b", x: 0, y: 0)
        #expect(screen.text == "a␛[2J␇b")
    }

    @Test func screenFromLinesEqualsARenderedWidget() {
        var drawn = Screen(size: Size(width: 8, height: 3))
        drawn.drawBox(Rect(x: 0, y: 0, width: 8, height: 3), title: [Span("Hi")])
        #expect(drawn.lines == Screen(lines: ["┌ Hi ──┐", "│      │", "└──────┘"]).lines)
    }
}
