import Foundation
import Testing
import TestSupport
@testable import TokenDeckCore

/// The flat document the adapters read fields from: what it reads must be what a tree would hold.
@Suite struct JSONDocumentTests {
    func document(_ text: String) throws -> JSONDocument { try JSONDocument(parsing: Data(text.utf8)) }

    @Test func compactTextDropsOnlyTheSpaceBetweenTokens() throws {
        let text = "{ \"a b\" : [ 1 , \"x \\\" }  y\" ],\n\t\"c\":{ } }"
        let doc = try document(text)
        #expect(doc.compactText(at: doc.root) == #"{"a b":[1,"x \" }  y"],"c":{}}"#)
        // Already compact: the vendor's bytes as they are.
        let compact = #"{"id":"t1","n":[true,null,-1.5e3]}"#
        let same = try document(compact)
        #expect(same.compactText(at: same.root) == compact)
    }

    @Test func compactTextOfAMemberIsThatMemberAlone() throws {
        let doc = try document(#"{"data": [ {"id": "a", "t": {"x": 1}}, {"id":"b"} ], "total": 2}"#)
        let elements = doc.elements(of: try #require(doc.member("data", of: doc.root)))
        #expect(elements.count == 2)
        #expect(doc.compactText(at: elements[0]) == #"{"id":"a","t":{"x":1}}"#)
        #expect(doc.compactText(at: elements[1]) == #"{"id":"b"}"#)
        #expect(doc.compactText(at: try #require(doc.member("id", of: elements[1]))) == #""b""#)
    }

    @Test func aRepeatedKeyReadsAsItsLastValueAsADictionaryWould() throws {
        let doc = try document(#"{"id":"first","x":0,"id":"second"}"#)
        #expect(doc.member("id", of: doc.root).flatMap(doc.string(at:)) == "second")
        #expect(doc.value(at: doc.root) == .object(["id": .string("second"), "x": .int(0)]))
    }

    @Test func escapedKeysAndValuesAreFoundAndDecoded() throws {
        let doc = try document(#"{"n\u0061me":"caf\u00e9 \ud83d\ude00","plain":"a\/b"}"#)
        #expect(doc.member("name", of: doc.root).flatMap(doc.string(at:)) == "café 😀")
        #expect(doc.member("plain", of: doc.root).flatMap(doc.string(at:)) == "a/b")
        #expect(doc.member("missing", of: doc.root) == nil)
    }

    @Test func integersAreReadWithoutLosingDigits() throws {
        let doc = try document(#"[0, -0, 42, -9223372036854775808, 9223372036854775807, 123456789012345678, 1.0, "17", 1e2]"#)
        let values = doc.elements(of: doc.root).map(doc.int(at:))
        #expect(values == [0, 0, 42, Int(Int64.min), Int(Int64.max), 123_456_789_012_345_678, 1, 17, 100])
    }

    @Test func pathsNameWhereAValueIs() throws {
        let doc = try document(#"{"meta":{"x":1},"data":[{"id":"a"},{"id":"b","timestamp":{"created_at":null}}]}"#)
        let data = try #require(doc.member("data", of: doc.root))
        let second = doc.elements(of: data)[1]
        let timestamp = try #require(doc.member("timestamp", of: second))
        #expect(doc.path(to: doc.root) == "")
        #expect(doc.path(to: second) == "data[1]")
        #expect(doc.path(to: timestamp) == "data[1].timestamp")
        let meta = try #require(doc.member("meta", of: doc.root))
        let x = try #require(doc.member("x", of: meta))
        #expect(doc.path(to: x) == "meta.x")
    }

    /// Random documents, pretty or compact: the tree built from the nodes equals the tree built
    /// from the compact text, and the compact text is what Foundation reads as the same document.
    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64])
    func randomDocumentsReadTheSameCompactOrPretty(seed: UInt64) throws {
        var random = Random(seed: seed)
        for _ in 0..<50 {
            let value = random.value(depth: 0)
            let pretty = value.prettyLines.joined(separator: "\n")
            let doc = try document(pretty)
            let tree = doc.value(at: doc.root)
            #expect(tree == value)
            let compact = doc.compactText(at: doc.root)
            #expect(!compact.contains("\n"))
            #expect(try JSONValue.parse(Data(compact.utf8)) == value)
        }
    }

    /// Random JSON values from a seeded generator.
    struct Random {
        var generator: SeededGenerator
        init(seed: UInt64) { generator = SeededGenerator(seed: seed) }

        mutating func next() -> UInt64 { generator.next() }

        mutating func below(_ bound: Int) -> Int { generator.below(bound) }

        mutating func text() -> String {
            let pieces = ["a", " ", "\"", "\\", "é", "😀", "\n", "\u{1}", "}", ",", "name", "/"]
            return (0..<below(6)).map { _ in pieces[below(pieces.count)] }.joined()
        }

        mutating func value(depth: Int) -> JSONValue {
            switch below(depth > 3 ? 5 : 7) {
            case 0: return .null
            case 1: return .bool(below(2) == 0)
            case 2: return .int(Int64(bitPattern: next()) >> Int64(below(64)))
            case 3: return .double(Double(below(100_000)) / 8 + 0.5)
            case 4: return .string(text())
            case 5: return .array((0..<below(4)).map { _ in value(depth: depth + 1) })
            default:
                var fields: [String: JSONValue] = [:]
                for _ in 0..<below(4) { fields[text()] = value(depth: depth + 1) }
                return .object(fields)
            }
        }
    }
}
