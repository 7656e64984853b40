import Foundation
import Testing
import TestSupport
import TokenDeckCore
@testable import TokenDeckUI

/// The index's search (lowercased bytes, masks, SIMD, threads) against Core's rule
/// (`TokenFilter`): the same answer for ASCII text, which nearly every id and name is; where text
/// is not ASCII, Core compares as Foundation does (full case folding, canonical equivalence,
/// whole characters) and the index compares lowercased bytes, and the cases that differ are listed.
@Suite struct TextRuleTests {
    static let asciiPieces = ["a", "A", "b", "B", "s", "S", "ss", "SS", "i", "I", "k", "K", "e", "E", "1", "0", " ", "-", "_", "/", ".", "\n"]
    static let unicodePieces = asciiPieces + [
        "ß", "ẞ", "İ", "ı", "é", "É", "e\u{301}", "E\u{301}", "\u{301}", "\u{212A}", "ﬁ", "fi", "ö", "Ö", "o\u{308}",
        "σ", "Σ", "ς", "ǅ", "日本", "👍🏽",
    ]

    func randomText(from pieces: [String], _ generator: inout SeededGenerator, pieces most: Int) -> String {
        (0..<(1 + generator.below(most))).map { _ in pieces[generator.below(pieces.count)] }.joined()
    }

    func isASCII(_ text: String) -> Bool { text.utf8.allSatisfy { $0 < 0x80 } }

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

    /// Random text of ASCII and of letters that fold awkwardly (`ß`/`SS`, Turkish `İ`/`ı`, the
    /// Kelvin sign, a ligature, final sigma, combining marks beside precomposed letters): every
    /// token the two rules disagree on has text that is not ASCII, or the needle is not.
    @Test func overRandomUnicodeTheyDisagreeOnlyWhereTextIsNotASCII() {
        var generator = SeededGenerator(seed: 0x5EA2C4)
        let tokens = randomTokens(from: Self.unicodePieces, &generator)
        let index = TokenIndex(tokens: tokens, accountNames: ["acme-prod"], generation: 1)
        var disagreements = 0
        for _ in 0..<400 {
            let text = randomText(from: Self.unicodePieces, &generator, pieces: 3)
            let (core, found) = answers(tokens, index, text)
            let differing = Set(core).symmetricDifference(found)
            disagreements += differing.count
            guard isASCII(text) else { continue }
            for row in differing {
                let token = tokens[row]
                #expect(!isASCII(token.title + token.id + token.kind + (token.owner ?? "")), "needle \(scalars(text)), \(token.title.debugDescription)")
            }
        }
        // Not vacuous: the rules do differ on text that is not ASCII (see the cases below).
        #expect(disagreements > 0)
    }

    /// Where the index's lowercased bytes and Core's Foundation comparison give different
    /// answers today (core, index) — the cases a single rule must settle.
    @Test func theCasesWhereTheIndexAndTokenFilterDiffer() {
        let cases: [(field: String, needle: String, core: Bool, index: Bool)] = [
            ("straße", "STRASSE", true, false), ("STRASSE", "straße", true, false), ("straße", "ss", true, false),
            ("ß", "ẞ", true, true), ("İ", "i", false, true), ("i", "I", true, true), ("ı", "I", false, false),
            ("e\u{301}", "é", true, false), ("é", "e\u{301}", true, false), ("e\u{301}", "e", false, true),
            ("É", "é", true, true), ("E\u{301}", "é", true, false), ("o\u{308}", "ö", true, false),
            ("ς", "σ", true, false), ("Σ", "ς", true, false), ("σ", "Σ", true, true),
            ("ﬁle", "FILE", true, false), ("file", "ﬁ", true, false), ("\u{212A}", "k", true, true),
            ("👍🏽", "👍", false, true), ("日本", "日", true, true), ("café", "e", false, false),
        ]
        for (field, needle, core, fast) in cases {
            let tokens = [Token.fixture(id: "x", kind: "k", title: field)]
            let index = TokenIndex(tokens: tokens, accountNames: ["acme-prod"], generation: 1)
            let (coreRows, indexRows) = answers(tokens, index, needle)
            #expect(coreRows == (core ? [0] : []), "TokenFilter: \(scalars(field)) for \(scalars(needle))")
            #expect(indexRows == (fast ? [0] : []), "index: \(scalars(field)) for \(scalars(needle))")
        }
    }
}
