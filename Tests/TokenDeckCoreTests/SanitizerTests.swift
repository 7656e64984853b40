import Testing
import TokenDeckCore

/// The one sanitiser every vendor string is drawn through.
@Suite("Sanitizer")
struct SanitizerTests {
    @Test("Terminal-driving sequences come out as visible, inert text", arguments: [
        ("\u{1B}[31mred\u{1B}[0m", "␛[31mred␛[0m"),
        ("\u{1B}]52;c;ZXZpbA==\u{07}", "␛]52;c;ZXZpbA==␇"),
        ("\u{1B}]0;title\u{1B}\\", "␛]0;title␛\\"),
        ("\u{1B}P$q\"p\u{1B}\\", "␛P$q\"p␛\\"),
        ("a\u{08}\u{08}b\rc\nd\te\u{0}f\u{7F}", "a␈␈b␍c␊d␉e␀f␡"),
        ("\u{9B}31m \u{9D}52;c;x\u{9C} \u{90}q", "\u{FFFD}31m \u{FFFD}52;c;x\u{FFFD} \u{FFFD}q"),
        ("a\u{202E}b\u{202C}c\u{2067}d\u{2069}e\u{200F}f\u{200E}g\u{061C}h", "a\u{FFFD}b\u{FFFD}c\u{FFFD}d\u{FFFD}e\u{FFFD}f\u{FFFD}g\u{FFFD}h"),
        ("x\u{2028}y\u{2029}z", "x␤y␤z"),
    ])
    func hostileTextIsInert(input: String, expected: String) {
        let output = Sanitizer.sanitize(input)
        #expect(output == expected)
        #expect(Sanitizer.isSafe(output))
        #expect(!Sanitizer.isSafe(input))
    }

    @Test("Every C0 and C1 control and DEL is replaced, one for one")
    func everyControlIsReplaced() {
        let controls = (0x00...0x1F).map { $0 } + [0x7F] + (0x80...0x9F).map { $0 }
        for value in controls {
            let scalar = Unicode.Scalar(UInt8(value))
            let output = Sanitizer.sanitize("<\(scalar)>")
            #expect(output.unicodeScalars.count == 3, "U+\(String(value, radix: 16))")
            #expect(!output.unicodeScalars.contains(scalar), "U+\(String(value, radix: 16)) survived")
        }
    }

    @Test("Ordinary text, wide characters, emoji and combining marks are left alone", arguments: [
        "svc_access token (Prod) #42", "日本語のトークン", "👩🏽‍💻 Dev laptop", "e\u{301}tude", "עברית token", "Café crème — naïve", "",
    ])
    func ordinaryTextIsUnchanged(text: String) {
        #expect(Sanitizer.sanitize(text) == text)
        #expect(Sanitizer.isSafe(text))
    }
}
