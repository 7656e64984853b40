import Foundation

/// Why a body is not JSON, with the byte offset where reading stopped.
public struct JSONParseError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var offset: Int
    public var description: String { "\(message) at byte \(offset)" }
}

/// One value of a `JSONDocument`: where its text lies in the document's bytes, and where the node
/// after its whole subtree is. A container's members follow it (an object's as key, value, key,
/// value…), so a document is one array of these and no dictionary, string or tree until a field is read.
struct JSONNode: Sendable {
    enum Kind: UInt8, Sendable { case null, bool, number, string, array, object }
    var kind: Kind
    /// `true` for a true bool; for a string, that it holds a backslash escape; for a number, that it is
    /// an integer that fits an `Int64` (no fraction, no exponent, at most 18 digits or checked); for a
    /// container, that whitespace stands between its tokens somewhere inside it.
    var flag: Bool
    /// String: the first byte after the opening quote; number: its first character; container: its bracket.
    var start: Int32
    /// String: the closing quote; number: just after its last character; container: just after its bracket.
    var end: Int32
    /// The index of the first node after this value's subtree.
    var next: Int32
}

/// A strict RFC 8259 parser over UTF-8 bytes into a `JSONDocument`'s flat list of nodes.
/// It exists for speed: a page is parsed in one pass with one growing array, and the fields a
/// token needs are read straight from the bytes; `JSONValue.parse` builds its tree from the same nodes.
struct JSONParser {
    /// Deeper nesting is refused rather than risking the stack on a hostile body.
    static let maximumDepth = 512

    /// The nodes of `bytes`, the root first. Bodies are far below 2 GiB (the transport refuses more than 64 MiB).
    static func nodes(of bytes: UnsafeBufferPointer<UInt8>) throws(JSONParseError) -> [JSONNode] {
        guard bytes.count < Int(Int32.max) else { throw JSONParseError(message: "document larger than 2 GiB", offset: 0) }
        var parser = JSONParser(bytes: bytes)
        // About one node per 24 bytes of a vendor page: one allocation for most pages.
        parser.nodes.reserveCapacity(max(16, bytes.count / 24))
        parser.skipWhitespace()
        try parser.value(depth: 0)
        parser.skipWhitespace()
        guard parser.index == bytes.count else { throw parser.error("unexpected text after the JSON value") }
        return parser.nodes
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    private var nodes: [JSONNode] = []
    /// Whitespace bytes skipped so far: a container that skipped some has them inside it.
    private var skipped = 0

    private init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    private func error(_ message: String) -> JSONParseError { JSONParseError(message: message, offset: index) }

    private var endError: JSONParseError { error("unexpected end of input (truncated?)") }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1; skipped += 1
            default: return
            }
        }
    }

    private mutating func leaf(_ kind: JSONNode.Kind, flag: Bool, start: Int, end: Int) {
        nodes.append(JSONNode(kind: kind, flag: flag, start: Int32(start), end: Int32(end), next: Int32(nodes.count + 1)))
    }

    private mutating func value(depth: Int) throws(JSONParseError) {
        guard index < bytes.count else { throw endError }
        switch bytes[index] {
        case UInt8(ascii: "{"): try container(.object, depth: depth + 1)
        case UInt8(ascii: "["): try container(.array, depth: depth + 1)
        case UInt8(ascii: "\""): try string()
        case UInt8(ascii: "t"): try literal("true"); leaf(.bool, flag: true, start: index - 4, end: index)
        case UInt8(ascii: "f"): try literal("false"); leaf(.bool, flag: false, start: index - 5, end: index)
        case UInt8(ascii: "n"): try literal("null"); leaf(.null, flag: false, start: index - 4, end: index)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try number()
        default: throw error("unexpected character")
        }
    }

    private mutating func literal(_ word: StaticString) throws(JSONParseError) {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw endError }
        let expected = UnsafeBufferPointer(start: word.utf8Start, count: count)
        for offset in 0..<count where bytes[index + offset] != expected[offset] {
            throw error("unexpected character")
        }
        index += count
    }

    private mutating func container(_ kind: JSONNode.Kind, depth: Int) throws(JSONParseError) {
        guard depth <= Self.maximumDepth else { throw error("nesting deeper than \(Self.maximumDepth)") }
        let isObject = kind == .object
        let closing = isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
        let slot = nodes.count
        let skippedBefore = skipped
        nodes.append(JSONNode(kind: kind, flag: false, start: Int32(index), end: 0, next: 0))
        index += 1 // { or [
        skipWhitespace()
        guard index < bytes.count else { throw endError }
        if bytes[index] != closing {
            while true {
                skipWhitespace()
                if isObject {
                    guard index < bytes.count else { throw endError }
                    guard bytes[index] == UInt8(ascii: "\"") else { throw error("expected a field name") }
                    try string()
                    skipWhitespace()
                    guard index < bytes.count else { throw endError }
                    guard bytes[index] == UInt8(ascii: ":") else { throw error("expected ':'") }
                    index += 1
                    skipWhitespace()
                }
                try value(depth: depth)
                skipWhitespace()
                guard index < bytes.count else { throw endError }
                if bytes[index] == UInt8(ascii: ",") {
                    index += 1
                } else if bytes[index] == closing {
                    break
                } else {
                    throw error(isObject ? "expected ',' or '}'" : "expected ',' or ']'")
                }
            }
        }
        index += 1 // } or ]
        nodes[slot].end = Int32(index)
        nodes[slot].next = Int32(nodes.count)
        nodes[slot].flag = skipped != skippedBefore
    }

    /// Validates a string (escapes included) and records its span; the text is decoded when read.
    private mutating func string() throws(JSONParseError) {
        index += 1 // opening quote
        let start = index
        var escaped = false
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                leaf(.string, flag: escaped, start: start, end: index)
                index += 1
                return
            }
            if byte < 0x20 { throw error("control character inside a string") }
            if byte == UInt8(ascii: "\\") {
                escaped = true
                index += 1
                guard index < bytes.count else { throw endError }
                let kind = bytes[index]
                index += 1
                switch kind {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                     UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    break
                case UInt8(ascii: "u"):
                    guard index + 4 <= bytes.count else { throw endError }
                    for _ in 0..<4 {
                        guard JSONText.hexValue(bytes[index]) != nil else { throw error("invalid \\u escape") }
                        index += 1
                    }
                default:
                    throw error("invalid escape")
                }
                continue
            }
            index += 1
        }
        throw endError
    }

    private mutating func number() throws(JSONParseError) {
        let start = index
        var isInteger = true
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count else { throw endError }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else if isDigit(bytes[index]) {
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        } else {
            throw error("invalid number")
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else { throw index < bytes.count ? error("invalid number") : endError }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            isInteger = false
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < bytes.count, isDigit(bytes[index]) else { throw index < bytes.count ? error("invalid number") : endError }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        // Short integers always fit; anything else is converted now, so a number that is neither an
        // Int64 nor a finite double fails the body here, as it did when numbers were converted at once.
        var fits = isInteger && index - start <= 18
        if !fits {
            let text = UnsafeBufferPointer(rebasing: bytes[start..<index])
            if isInteger, JSONText.int64(text) != nil {
                fits = true
            } else if JSONText.double(text) == nil {
                throw error("number out of range")
            }
        }
        leaf(.number, flag: fits, start: start, end: index)
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
}

/// Turning a validated span of JSON text into a value.
enum JSONText {
    static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    static func int64(_ text: UnsafeBufferPointer<UInt8>) -> Int64? {
        Int64(String(decoding: text, as: UTF8.self))
    }

    /// A finite double, or nil.
    static func double(_ text: UnsafeBufferPointer<UInt8>) -> Double? {
        guard let value = Double(String(decoding: text, as: UTF8.self)), value.isFinite else { return nil }
        return value
    }

    /// An integer the parser marked as fitting: digits with an optional minus, no allocation.
    static func smallInteger(_ text: UnsafeBufferPointer<UInt8>) -> Int64 {
        var value: Int64 = 0
        var negative = false
        for byte in text {
            if byte == UInt8(ascii: "-") { negative = true } else { value = value &* 10 &+ Int64(byte &- 0x30) }
        }
        return negative ? 0 &- value : value
    }

    /// The text of a validated string's content (between the quotes).
    static func string(_ text: UnsafeBufferPointer<UInt8>, escaped: Bool) -> String {
        guard escaped else { return String(decoding: text, as: UTF8.self) }
        var buffer: [UInt8] = []
        buffer.reserveCapacity(text.count)
        var index = 0
        while index < text.count {
            let byte = text[index]
            index += 1
            guard byte == UInt8(ascii: "\\") else {
                buffer.append(byte)
                continue
            }
            let kind = text[index]
            index += 1
            switch kind {
            case UInt8(ascii: "b"): buffer.append(0x08)
            case UInt8(ascii: "f"): buffer.append(0x0C)
            case UInt8(ascii: "n"): buffer.append(0x0A)
            case UInt8(ascii: "r"): buffer.append(0x0D)
            case UInt8(ascii: "t"): buffer.append(0x09)
            case UInt8(ascii: "u"):
                let scalar = unicodeEscape(text, &index)
                buffer.append(contentsOf: String(Character(scalar)).utf8)
            default: buffer.append(kind) // " \ /
            }
        }
        return String(decoding: buffer, as: UTF8.self)
    }

    /// After `\u`: four hex digits, joined with a following `\uDC00…` when it is a surrogate pair.
    /// A lone surrogate becomes U+FFFD rather than failing the whole body.
    private static func unicodeEscape(_ text: UnsafeBufferPointer<UInt8>, _ index: inout Int) -> Unicode.Scalar {
        func hex4(at position: Int) -> UInt32? {
            guard position + 4 <= text.count else { return nil }
            var value: UInt32 = 0
            for offset in 0..<4 {
                guard let digit = hexValue(text[position + offset]) else { return nil }
                value = value << 4 | digit
            }
            return value
        }
        guard let first = hex4(at: index) else { return "\u{FFFD}" }
        index += 4
        if (0xD800...0xDBFF).contains(first) {
            if index + 6 <= text.count, text[index] == UInt8(ascii: "\\"), text[index + 1] == UInt8(ascii: "u"),
               let second = hex4(at: index + 2), (0xDC00...0xDFFF).contains(second) {
                index += 6
                return Unicode.Scalar(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)) ?? "\u{FFFD}"
            }
            return "\u{FFFD}"
        }
        return Unicode.Scalar(first) ?? "\u{FFFD}"
    }
}
