import Foundation
import Testing
import TestSupport
@testable import TokenDeckCore

/// `SearchFold`, the one search rule: what it folds text to, and what a field contains under it.
@Suite struct SearchFoldTests {
    @Test func asciiIsLowerCasedByteByByteAndNothingElseChanges() {
        #expect(SearchFold.fold("Vault-PROD_01 /x\n") == Array("vault-prod_01 /x\n".utf8))
        #expect(SearchFold.fold("") == [])
    }

    @Test func otherTextIsNormalisedToNFCThenLowerCased() {
        #expect(SearchFold.fold("E\u{301}TÉ") == Array("été".utf8))
        #expect(SearchFold.fold("e\u{301}") == [0xC3, 0xA9])
        #expect(SearchFold.fold("İ") == [0x69, 0xCC, 0x87])
        #expect(SearchFold.fold("STRAẞE") == Array("straße".utf8))
        #expect(SearchFold.fold("\u{212A}") == [0x6B])
        #expect(SearchFold.fold("ﬁ") == Array("ﬁ".utf8))
    }

    @Test func appendAddsTheFoldToWhatIsThere() {
        var bytes: [UInt8] = [0x0A]
        SearchFold.append("Ab", to: &bytes)
        SearchFold.append("É", to: &bytes)
        #expect(bytes == [0x0A, 0x61, 0x62, 0xC3, 0xA9])
    }

    @Test func aFieldContainsAFoldedNeedleAsBytesWithinIt() {
        #expect(SearchFold.field("Vault Prod", contains: SearchFold.fold("T PR")))
        #expect(!SearchFold.field("Vault Prod", contains: SearchFold.fold("prods")))
        #expect(SearchFold.field("Café", contains: SearchFold.fold("FE\u{301}")))
        #expect(!SearchFold.field("straße", contains: SearchFold.fold("SS")))
        #expect(!SearchFold.field("ascii only", contains: SearchFold.fold("é")))
        #expect(SearchFold.field("", contains: []))
        #expect(SearchFold.field("anything", contains: []))
        #expect(!SearchFold.field("", contains: [0x61]))
    }

    @Test func tokenFilterMatchesOneFieldAtATime() {
        let token = Token.fixture(id: "abc", kind: "svc", title: "Über", owner: "zoë")
        #expect(TokenFilter.matchesText(token, "über"))
        #expect(TokenFilter.matchesText(token, "ZOE\u{308}"))
        #expect(!TokenFilter.matchesText(token, "bersvc"))
        #expect(!TokenFilter.matchesText(token, "abc\nsvc"))
        #expect(TokenFilter.matchesText(token, folded: SearchFold.fold("ABC")))
    }
}
