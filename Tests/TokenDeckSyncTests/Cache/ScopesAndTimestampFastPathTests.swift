import Foundation
import Testing
import TokenDeckCore
@testable import TokenDeckSync

/// The fast paths an offline listing of 100,000 tokens goes through give what the general ones give.
@Suite struct ScopesAndTimestampFastPathTests {
    /// The scopes column read back without the JSON parser equals what the parser reads.
    @Test(arguments: [
        [], [""], ["read"], ["read", "write"], ["a,b", "c\",\"d"], ["tokens:read", "ünïcode", "x y"],
        ["back\\slash"], ["new\nline"], ["\",\""], ["]", "["],
    ] as [[String]])
    func scopesRoundTrip(scopes: [String]) {
        #expect(TokenRecord.decodeScopes(TokenRecord.encodeScopes(scopes)) == scopes)
    }

    /// Text of other shapes (an older writer, hand edits) still goes through the parser.
    @Test func scopesOfOtherShapesAreParsed() {
        #expect(TokenRecord.decodeScopes(#"["a", "b"]"#) == ["a", "b"])
        #expect(TokenRecord.decodeScopes(#"["a",1,"b"]"#) == ["a", "b"])
        #expect(TokenRecord.decodeScopes(#"["a""b"]"#) == [])
        #expect(TokenRecord.decodeScopes("not json") == [])
        #expect(TokenRecord.decodeScopes("[\"tab\there\"]") == [])  // a raw control character is not JSON
    }

    @Test func timestampsAcrossTheRange() {
        let cases: [(Double, String)] = [
            (0, "1970-01-01T00:00:00Z"),
            (951_782_400, "2000-02-29T00:00:00Z"),
            (1_710_498_600.999, "2024-03-15T10:30:00Z"),
            (-1, "1969-12-31T23:59:59Z"),
            (253_402_300_799, "9999-12-31T23:59:59Z"),
            (-62_135_596_800, "0001-01-01T00:00:00Z"),
        ]
        for (seconds, text) in cases {
            #expect(UTCTimestamp.string(Date(timeIntervalSince1970: seconds)) == text)
        }
    }
}
