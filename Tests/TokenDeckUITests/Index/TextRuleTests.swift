import Foundation
import Testing
import TestSupport
import TokenDeckCore
@testable import TokenDeckUI

/// One text rule (`SearchFold`: ASCII lower-cased byte by byte, the rest NFC then lower-cased; a
/// byte substring of one field): Core's `TokenFilter` follows it, and the index's fast path (folded
/// bytes, masks, SIMD, threads, the dashboard's narrowing view) returns exactly the rows it selects.
@Suite struct TextRuleTests {
    static let asciiPieces = ["a", "A", "b", "B", "s", "S", "ss", "SS", "i", "I", "k", "K", "e", "E", "f", "F", "1", "0", " ", "-", "_", "/", ".", "\n"]
    static let unicodePieces = asciiPieces + [
        "ß", "ẞ", "İ", "ı", "é", "É", "e\u{301}", "E\u{301}", "\u{301}", "\u{212A}", "ﬁ", "fi", "ö", "Ö", "o\u{308}",
        "σ", "Σ", "ς", "ǅ", "J\u{30C}", "ǰ", "日本", "👍", "👍🏽", "\u{1F3FD}", "\r\n",
    ]

    func randomText(from pieces: [String], _ generator: inout SeededGenerator, pieces most: Int) -> String {
        (0..<(1 + generator.below(most))).map { _ in pieces[generator.below(pieces.count)] }.joined()
    }

    func scalars(_ text: String) -> String {
        text.unicodeScalars.map { String($0.value, radix: 16) }.joined(separator: " ")
    }

    func randomTokens(from pieces: [String], _ generator: inout SeededGenerator) -> [Token] {
        (0..<500).map { number in
            Token.fixture(id: "t\(number)" + randomText(from: pieces, &generator, pieces: 2), kind: randomText(from: pieces, &generator, pieces: 2),
                          title: randomText(from: pieces, &generator, pieces: 6), owner: randomText(from: pieces, &generator, pieces: 3))
        }
    }

    /// The rows TokenFilter selects, and the rows the index selects, for `text`.
    func answers(_ tokens: [Token], _ index: TokenIndex, _ text: String) -> (core: [Int], index: [Int]) {
        let query = TokenQuery(trashed: .with, text: text)
        return (tokens.indices.filter { TokenFilter.matches(tokens[$0], query: query, now: TestClock.now) },
                index.rows(for: query, inAccount: nil, now: TestClock.now))
    }

    /// The rule written out the slow way, from its definition, as the oracle for Core's own.
    func ruleMatches(_ field: String, _ needle: String) -> Bool {
        func fold(_ text: String) -> [UInt8] {
            text.utf8.allSatisfy { $0 < 0x80 }
                ? text.utf8.map { (0x41...0x5A).contains($0) ? $0 + 0x20 : $0 }
                : Array(text.precomposedStringWithCanonicalMapping.lowercased().utf8)
        }
        let hay = fold(field), pin = fold(needle)
        guard !pin.isEmpty else { return true }
        guard hay.count >= pin.count else { return false }
        return (0...(hay.count - pin.count)).contains { hay[$0..<($0 + pin.count)].elementsEqual(pin) }
    }

    @Test func overRandomASCIITheIndexFindsExactlyWhatTokenFilterFinds() {
        var generator = SeededGenerator(seed: 0xA5C11)
        let tokens = randomTokens(from: Self.asciiPieces, &generator)
        let index = TokenIndex(tokens: tokens, accountNames: ["acme-prod"], generation: 1)
        for _ in 0..<400 {
            let text = randomText(from: Self.asciiPieces, &generator, pieces: 3)
            let (core, found) = answers(tokens, index, text)
            #expect(found == core, "needle \(text.debugDescription)")
        }
    }

    /// Random text of ASCII, newlines and letters that fold awkwardly (`ß`/`SS`, Turkish `İ`/`ı`,
    /// the Kelvin sign, a ligature, final sigma, combining marks beside precomposed letters, an
    /// emoji with and without its skin tone): the index returns exactly the rows Core's rule selects.
    @Test func overRandomUnicodeTheIndexFindsExactlyWhatTheRuleSelects() {
        var generator = SeededGenerator(seed: 0x5EA2C4)
        let tokens = randomTokens(from: Self.unicodePieces, &generator)
        let index = TokenIndex(tokens: tokens, accountNames: ["acme-prod"], generation: 1)
        var nonASCIIMatches = 0
        for _ in 0..<400 {
            let text = randomText(from: Self.unicodePieces, &generator, pieces: 3)
            let (core, found) = answers(tokens, index, text)
            #expect(found == core, "needle \(scalars(text))")
            if !text.utf8.allSatisfy({ $0 < 0x80 }) { nonASCIIMatches += core.count }
        }
        // Not vacuous: needles that are not ASCII do find tokens.
        #expect(nonASCIIMatches > 0)
    }

    /// Core's rule is the rule as defined: one field at a time, compared with the slow oracle.
    @Test func overRandomUnicodeTokenFilterFollowsTheDefinition() {
        var generator = SeededGenerator(seed: 0xF01D)
        let tokens = randomTokens(from: Self.unicodePieces, &generator)
        for _ in 0..<200 {
            let text = randomText(from: Self.unicodePieces, &generator, pieces: 3)
            for token in tokens.prefix(100) {
                let expected = [token.title, token.id, token.kind, token.owner ?? ""].contains { ruleMatches($0, text) }
                #expect(TokenFilter.matchesText(token, text) == expected, "needle \(scalars(text)) in \(token.title.debugDescription)")
            }
        }
    }

    /// The dashboard's view narrows from the last search while typing forward and keeps earlier
    /// results for Backspace; typed a piece at a time (a combining mark after its letter changes
    /// the folded needle, not only extends it), it still shows exactly what the rule selects.
    @Test func typingUnicodeAPieceAtATimeTheViewShowsWhatTheRuleSelects() {
        var generator = SeededGenerator(seed: 0x7E77)
        let tokens = randomTokens(from: Self.unicodePieces, &generator)
        var index = TokenIndex(tokens: tokens, accountNames: ["acme-prod"], generation: 1)
        var view = TokenView()
        for _ in 0..<60 {
            let pieces = (0..<(1 + generator.below(4))).map { _ in Self.unicodePieces[generator.below(Self.unicodePieces.count)] }
            var typed: [String] = [""]
            for piece in pieces { typed.append(typed[typed.count - 1] + piece) }
            for text in typed + typed.reversed() {
                let query = TokenQuery(trashed: .with, text: text)
                view.update(catalog: &index, query: query, account: nil, accountCount: 1, now: TestClock.now)
                let expected = TokenFilter.apply(tokens, query: query, now: TestClock.now).map(\.key)
                #expect(view.rows.map { index.tokens[$0].key } == expected, "text \(scalars(text))")
            }
        }
    }

    /// The cases a single rule had to settle, each with the rule's documented answer (README,
    /// "Search"), asked of Core and of the index alike.
    @Test func theAwkwardCasesGetTheRulesDocumentedAnswerOnBothSides() {
        let cases: [(field: String, needle: String, matches: Bool)] = [
            // Lower-casing is not case folding: ß is not ss.
            ("straße", "STRASSE", false), ("STRASSE", "straße", false), ("straße", "ss", false), ("ß", "ẞ", true),
            // Turkish dotted and dotless i: İ lower-cases to i + U+0307.
            ("İ", "i", true), ("İ", "İ", true), ("i", "I", true), ("ı", "I", false), ("I", "ı", false),
            // Canonically equivalent spellings meet after NFC; a bare e is not é.
            ("e\u{301}", "é", true), ("é", "e\u{301}", true), ("e\u{301}", "e", false), ("é", "e", false),
            ("É", "é", true), ("E\u{301}", "é", true), ("o\u{308}", "ö", true), ("café", "CAFE\u{301}", true),
            // Final sigma stays itself.
            ("ς", "σ", false), ("Σ", "ς", false), ("σ", "Σ", true), ("ΟΔΟΣ", "οδοσ", true),
            // A ligature is one letter of its own; the Kelvin sign lower-cases to k.
            ("ﬁle", "FILE", false), ("file", "ﬁ", false), ("ﬁle", "ﬁ", true), ("\u{212A}elvin", "kelvin", true),
            // Bytes, not characters: the emoji without its skin tone is found in the one with it.
            ("👍🏽", "👍", true), ("👍", "👍🏽", false), ("日本", "日", true),
        ]
        for (field, needle, expected) in cases {
            #expect(ruleMatches(field, needle) == expected, "the definition: \(scalars(field)) for \(scalars(needle))")
            let tokens = [Token.fixture(id: "0", kind: "_", title: field)]
            let index = TokenIndex(tokens: tokens, accountNames: ["acme-prod"], generation: 1)
            let (coreRows, indexRows) = answers(tokens, index, needle)
            #expect(coreRows == (expected ? [0] : []), "TokenFilter: \(scalars(field)) for \(scalars(needle))")
            #expect(indexRows == (expected ? [0] : []), "index: \(scalars(field)) for \(scalars(needle))")
        }
    }

    @Test func anEmptyNeedleMatchesEveryToken() {
        let tokens = [Token.fixture(id: "0", kind: "_", title: "日本"), Token.fixture(id: "1", kind: "_", title: "")]
        let index = TokenIndex(tokens: tokens, accountNames: ["acme-prod"], generation: 1)
        #expect(TokenFilter.matchesText(tokens[0], ""))
        let (core, found) = answers(tokens, index, "")
        #expect(core == [0, 1])
        #expect(found == [0, 1])
    }
}
