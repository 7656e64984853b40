import Foundation

/// A parsed JSON body: its bytes and one flat list of nodes (`JSONNode`). Fields are read straight
/// from the bytes when asked for; nothing is decoded that no one reads. A page of 500 tokens is one
/// byte array and one node array, where a tree held a dictionary per object and a string per key.
public struct JSONDocument: Sendable {
    /// Both arrays behind one reference: every `JSONObject` holds the document, and copying it is one retain.
    private final class Storage: Sendable {
        let bytes: [UInt8]
        let nodes: [JSONNode]
        init(bytes: [UInt8], nodes: [JSONNode]) {
            self.bytes = bytes
            self.nodes = nodes
        }
    }

    private let storage: Storage
    var bytes: [UInt8] { storage.bytes }
    var nodes: [JSONNode] { storage.nodes }

    /// Parses a whole body, strictly (RFC 8259).
    public init(parsing data: Data) throws(JSONParseError) {
        let bytes = [UInt8](data)
        let nodes: Result<[JSONNode], JSONParseError> = bytes.withUnsafeBufferPointer { buffer in
            do throws(JSONParseError) {
                return .success(try JSONParser.nodes(of: buffer))
            } catch {
                return .failure(error)
            }
        }
        storage = Storage(bytes: bytes, nodes: try nodes.get())
    }

    /// The root value's node.
    var root: Int { 0 }

    func kind(_ node: Int) -> JSONNode.Kind { nodes[node].kind }

    /// The node of `key`'s value in the object at `node` (the last one, as a dictionary would keep), or nil.
    func member(_ key: String, of node: Int) -> Int? {
        guard nodes[node].kind == .object else { return nil }
        var key = key
        return key.withUTF8 { wanted in
            bytes.withUnsafeBufferPointer { all in
                var found: Int?
                var child = node + 1
                let end = Int(nodes[node].next)
                while child < end {
                    let name = nodes[child]
                    let value = child + 1
                    let span = UnsafeBufferPointer(rebasing: all[Int(name.start)..<Int(name.end)])
                    if name.flag {
                        if JSONText.string(span, escaped: true).utf8.elementsEqual(wanted) { found = value }
                    } else if span.count == wanted.count, span.elementsEqual(wanted) {
                        found = value
                    }
                    child = Int(nodes[value].next)
                }
                return found
            }
        }
    }

    /// The members of the object at `node` in document order, as (key, value node).
    func members(of node: Int) -> [(key: String, value: Int)] {
        guard nodes[node].kind == .object else { return [] }
        var out: [(key: String, value: Int)] = []
        var child = node + 1
        while child < Int(nodes[node].next) {
            out.append((string(at: child) ?? "", child + 1))
            child = Int(nodes[child + 1].next)
        }
        return out
    }

    /// The element nodes of the array at `node`, in order.
    func elements(of node: Int) -> [Int] {
        guard nodes[node].kind == .array else { return [] }
        var out: [Int] = []
        var child = node + 1
        while child < Int(nodes[node].next) {
            out.append(child)
            child = Int(nodes[child].next)
        }
        return out
    }

    func string(at node: Int) -> String? {
        let item = nodes[node]
        guard item.kind == .string else { return nil }
        return bytes.withUnsafeBufferPointer {
            JSONText.string(UnsafeBufferPointer(rebasing: $0[Int(item.start)..<Int(item.end)]), escaped: item.flag)
        }
    }

    /// Calls `body` with a string's UTF-8 content when it needs no unescaping (else with its decoded text).
    func withUTF8<T>(at node: Int, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T? {
        let item = nodes[node]
        guard item.kind == .string else { return nil }
        if item.flag {
            var text = JSONText.string(bytes.withUnsafeBufferPointer {
                UnsafeBufferPointer(rebasing: $0[Int(item.start)..<Int(item.end)])
            }, escaped: true)
            return text.withUTF8(body)
        }
        return bytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[Int(item.start)..<Int(item.end)])) }
    }

    /// An integer, from a JSON integer, an integral double, or a decimal string (as `JSONValue.intValue`).
    func int(at node: Int) -> Int? {
        let item = nodes[node]
        switch item.kind {
        case .number where item.flag:
            return Int(exactly: bytes.withUnsafeBufferPointer {
                JSONText.smallInteger(UnsafeBufferPointer(rebasing: $0[Int(item.start)..<Int(item.end)]))
            })
        case .number, .string:
            return value(at: node).intValue
        default:
            return nil
        }
    }

    /// Where `target` lies, as a message names it: `data[3].timestamp` (empty for the root).
    func path(to target: Int) -> String {
        var path = ""
        var current = root
        while current != target {
            var child = current + 1
            var index = 0
            let isObject = nodes[current].kind == .object
            var found = false
            while child < Int(nodes[current].next) {
                let value = isObject ? child + 1 : child
                if target >= value, target < Int(nodes[value].next) {
                    if isObject {
                        let key = string(at: child) ?? ""
                        path += path.isEmpty ? key : ".\(key)"
                    } else {
                        path += "[\(index)]"
                    }
                    current = value
                    found = true
                    break
                }
                child = Int(nodes[value].next)
                index += 1
            }
            if !found { break }
        }
        return path
    }

    /// The value at `node` as a tree (for the few places that want one: errors, links, the created token).
    func value(at node: Int) -> JSONValue {
        let item = nodes[node]
        switch item.kind {
        case .null: return .null
        case .bool: return .bool(item.flag)
        case .string: return .string(string(at: node) ?? "")
        case .number:
            return bytes.withUnsafeBufferPointer { all in
                let text = UnsafeBufferPointer(rebasing: all[Int(item.start)..<Int(item.end)])
                if item.flag { return .int(JSONText.smallInteger(text)) }
                return .double(JSONText.double(text) ?? 0)
            }
        case .array: return .array(elements(of: node).map(value(at:)))
        case .object:
            var fields: [String: JSONValue] = [:]
            for member in members(of: node) { fields[member.key] = value(at: member.value) }
            return .object(fields)
        }
    }

    /// The value's own text with the whitespace between tokens dropped: the vendor's bytes, in the
    /// vendor's order, one line (a JSON string cannot hold a raw newline or control character).
    func compactText(at node: Int) -> String {
        let item = nodes[node]
        return bytes.withUnsafeBufferPointer { all in
            let span = UnsafeBufferPointer(rebasing: all[Int(item.start) - (item.kind == .string ? 1 : 0)
                ..< Int(item.end) + (item.kind == .string ? 1 : 0)])
            // Most vendors send compact JSON: then the span is the answer as it is (the parser marks a
            // container that had whitespace between its tokens).
            let spaced = (item.kind == .object || item.kind == .array) && item.flag
            guard spaced else { return String(decoding: span, as: UTF8.self) }
            return String(unsafeUninitializedCapacity: span.count) { out in
                var count = 0
                var inString = false
                var escaped = false
                for byte in span {
                    if inString {
                        if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                    } else if byte == UInt8(ascii: "\"") {
                        inString = true
                    } else if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D {
                        continue
                    }
                    out[count] = byte
                    count += 1
                }
                return count
            }
        }
    }
}

extension JSONValue {
    /// Parses a whole body, strictly (RFC 8259); adapters turn the error into a `VendorError`.
    public static func parse(_ data: Data) throws(JSONParseError) -> JSONValue {
        let document = try JSONDocument(parsing: data)
        return document.value(at: document.root)
    }
}
