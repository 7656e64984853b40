import Foundation
import Testing
@testable import TokenDeckCore

@Suite struct JSONValueTests {
    @Test func compactTextSortsKeysAndKeepsTypes() throws {
        let value = try JSONValue.parse(Data(#"{ "b": [1, 2.5, true, null], "a": {"z": "x", "y": -3} }"#.utf8))
        #expect(value.compactText == #"{"a":{"y":-3,"z":"x"},"b":[1,2.5,true,null]}"#)
    }

    @Test func compactTextEscapesQuotesBackslashesAndControlCharacters() throws {
        let value = JSONValue.string("say \"hi\"\\\n\u{1B}[31m\u{7F}")
        #expect(value.compactText == #""say \"hi\"\\\n\u001b[31m\u007f""#)
        // And it parses back to the same string.
        #expect(try JSONValue.parse(Data(value.compactText.utf8)) == value)
    }

    @Test func largeIntegersStayExact() throws {
        let value = try JSONValue.parse(Data(#"{"id": 9007199254740993}"#.utf8))
        #expect(value["id"] == .int(9_007_199_254_740_993))
    }

    @Test func intValueAcceptsDecimalStrings() {
        #expect(JSONValue.string("15").intValue == 15)
        #expect(JSONValue.double(3).intValue == 3)
        #expect(JSONValue.double(3.5).intValue == nil)
        #expect(JSONValue.bool(true).intValue == nil)
    }
}
