import Foundation
import Testing
import TestSupport
@testable import TokenDeckCore

@Suite struct JSONParserTests {
    func parse(_ text: String) throws(JSONParseError) -> JSONValue { try JSONValue.parse(Data(text.utf8)) }

    @Test func parsesEveryKindOfValue() throws {
        let value = try parse(#" {"s":"x","i":-12,"d":1.5e2,"t":true,"f":false,"n":null,"a":[],"o":{}} "#)
        #expect(value == .object(["s": .string("x"), "i": .int(-12), "d": .double(150), "t": .bool(true), "f": .bool(false),
                                  "n": .null, "a": .array([]), "o": .object([:])]))
    }

    @Test func decodesEscapesAndSurrogatePairs() throws {
        let value = try parse(#"["a\"b\\c\/d\n\t\u00e9\ud83d\ude00\u0041", "\ud800x"]"#)
        #expect(value == .array([.string("a\"b\\c/d\n\té😀A"), .string("\u{FFFD}x")]))
    }

    @Test func keepsRawUTF8() throws {
        #expect(try parse(#"{"label":"« Previous"}"#)["label"] == .string("« Previous"))
    }

    @Test func hugeIntegersBecomeDoublesAndExactOnesStayIntegers() throws {
        #expect(try parse("9223372036854775807") == .int(Int64.max))
        #expect(try parse("9223372036854775808") == .double(9_223_372_036_854_775_808))
        #expect(try parse("-0") == .int(0))
    }

    @Test(arguments: [
        ("", "unexpected end of input (truncated?) at byte 0"),
        (#"{"a":"#, "unexpected end of input (truncated?) at byte 5"),
        (#"{"a":"tru"#, "unexpected end of input (truncated?) at byte 9"),
        (#"{"a":1,}"#, "expected a field name at byte 7"),
        ("[1 2]", "expected ',' or ']' at byte 3"),
        ("{} x", "unexpected text after the JSON value at byte 3"),
        ("<html>", "unexpected character at byte 0"),
        ("01", "unexpected text after the JSON value at byte 1"),
        ("1.", "unexpected end of input (truncated?) at byte 2"),
        ("tru", "unexpected end of input (truncated?) at byte 0"),
        ("nul!", "unexpected character at byte 0"),
        ("\"a\nb\"", "control character inside a string at byte 2"),
        (#""\x""#, "invalid escape at byte 3"),
        ("1e999", "number out of range at byte 5"),
    ])
    func rejectsInvalidJSONWithWhereItStopped(text: String, message: String) {
        #expect(throws: JSONParseError.self) { try parse(text) }
        do {
            _ = try parse(text)
        } catch {
            #expect(error.description == message)
        }
    }

    @Test func deepNestingIsRefusedNotACrash() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONParseError.self) { try parse(deep) }
        let fine = String(repeating: "[", count: 500) + String(repeating: "]", count: 500)
        #expect((try? parse(fine)) != nil)
    }

    @Test func agreesWithJSONSerializationOnTheSpecExamples() throws {
        for body in [SpecExamples.provisionrList, SpecExamples.prefactorList, SpecExamples.metokensList, SpecExamples.truefoundryList] {
            let ours = try parse(body)
            // Re-serialised and read back by Foundation, it is the same document.
            let foundation = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? NSDictionary
            let roundTrip = try JSONSerialization.jsonObject(with: Data(ours.compactText.utf8)) as? NSDictionary
            #expect(foundation != nil)
            #expect(foundation == roundTrip)
        }
    }

    @Test func twentyThousandRecordsDecodeInOrder() throws {
        let records = (0..<20_000).map { VendorBodies.provisionrRecord(id: "wstok_\($0)") }
        let page = try decodeList(.provisionr, VendorBodies.provisionrPage(records: records, perPage: 20_000))
        #expect(page.tokens.count == 20_000)
        #expect(page.tokens.last?.id == "wstok_19999")
        #expect(page.tokens.last?.createdAt == date("2024-03-15T10:30:00Z"))
    }
}
