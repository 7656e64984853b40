import Testing
@testable import TokenDeckCore

@Suite struct DisplayWidthTests {
    /// The ranges `DisplayWidth` answers without Unicode property lookups must hold no scalar the
    /// lookups would make zero-width, wide or emoji-presented.
    @Test func theFastNarrowRangesHoldOnlyNarrowScalars() {
        let ranges: [ClosedRange<UInt32>] = [0xA0...0x2FF, 0x2010...0x2027, 0x2190...0x22FF, 0x2500...0x25FF]
        var fast = 0
        for range in ranges {
            for value in range {
                guard let scalar = Unicode.Scalar(value) else { continue }
                let properties = scalar.properties
                let narrowByRules = !properties.isEmojiPresentation
                    && ![.nonspacingMark, .enclosingMark, .format].contains(properties.generalCategory)
                let width = DisplayWidth.of(Character(scalar))
                #expect(width == (narrowByRules ? 1 : (properties.isEmojiPresentation ? 2 : 0)), "U+\(String(value, radix: 16, uppercase: true))")
                if narrowByRules { fast += 1 }
            }
        }
        // The soft hyphen and the two emoji squares are the exceptions inside these ranges.
        #expect(DisplayWidth.of("\u{AD}") == 0)
        #expect(DisplayWidth.of("◽") == 2 && DisplayWidth.of("◾") == 2)
        #expect(fast > 900)
    }

    @Test func frameCharactersAndClustersMeasureAsDrawn() {
        #expect(DisplayWidth.of("┌──┐ ▸ … ∅ ∞ ↓ ◔ é") == 18)
        // A combining mark after a fast-path letter keeps the cluster one column wide.
        #expect(DisplayWidth.of("e\u{301}") == 1 && DisplayWidth.of("\u{E9}\u{301}") == 1)
        #expect(DisplayWidth.of("漢字") == 4)
        #expect(DisplayWidth.of("👍") == 2)
    }
}
