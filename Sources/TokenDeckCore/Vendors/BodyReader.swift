import Foundation

extension Vendor {
    /// The vendor's name as its documentation spells it, for error messages.
    var wireName: String {
        switch self {
        case .provisionr: "Provisionr"
        case .prefactor: "Prefactor"
        case .metokens: "metokens"
        case .truefoundry: "TrueFoundry"
        }
    }
}

/// Reads one 2xx body, turning every surprise into a `.malformedBody` error that names the vendor,
/// the answer and the field (`malformed token list from Provisionr: data[3].id is missing`).
struct BodyReader: Sendable {
    let vendor: Vendor
    /// What the body should have been: "token list", "created token".
    /// A literal: copying a reader (one per object read) then retains nothing.
    let answer: StaticString
    let status: Int

    func malformed(_ detail: String) -> VendorError {
        VendorError(kind: .malformedBody, vendor: vendor, status: status,
                    message: "malformed \(answer) from \(vendor.wireName): \(detail)")
    }

    /// The body as a JSON object, or an error saying why it is not one.
    func rootObject(_ response: HTTPResponseData) throws(VendorError) -> JSONObject {
        if response.body.isEmpty { throw malformed("the body is empty") }
        let document: JSONDocument
        do {
            document = try JSONDocument(parsing: response.body)
        } catch {
            let type = response.headers["content-type"].map { "\(Sanitizer.sanitize($0)), " } ?? ""
            throw malformed("the body is not valid JSON: \(error) (\(type)\(response.body.count) bytes)")
        }
        guard document.kind(document.root) == .object else {
            throw malformed("the body is \(document.value(at: document.root).kindName), not a JSON object")
        }
        return JSONObject(document: document, node: document.root, reader: self)
    }

    /// `value` (an object) as the root of a body: for a body built here (a created token without its secret).
    func rootObject(_ value: [String: JSONValue]) throws(VendorError) -> JSONObject {
        do {
            let document = try JSONDocument(parsing: Data(JSONValue.object(value).compactText.utf8))
            return JSONObject(document: document, node: document.root, reader: self)
        } catch {
            throw malformed("\(error)")
        }
    }
}

extension JSONValue {
    var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .int, .double: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

/// A JSON object inside a body: a node of its `JSONDocument`, read field by field straight from the
/// bytes. Optional fields are forgiving (absent, null or the wrong type → nil); required ones throw
/// `.malformedBody` naming the field's path (`data[3].id`), worked out only when a message needs it.
struct JSONObject: Sendable {
    let document: JSONDocument
    let node: Int
    let reader: BodyReader

    /// Where this object is in the body (`data[3]`; empty for the root).
    var path: String { document.path(to: node) }

    /// Every member as a tree: for the few readers that walk an object (error details, the created token).
    var fields: [String: JSONValue] { document.value(at: node).objectValue ?? [:] }

    /// The object's own text, compact, in the vendor's order: what the details pane and the cache keep.
    var compactText: String { document.compactText(at: node) }

    func name(_ key: String) -> String {
        let path = path
        return path.isEmpty ? key : "\(path).\(key)"
    }

    /// The value's node, or nil when absent or null.
    private func present(_ key: String) -> Int? {
        guard let child = document.member(key, of: node), document.kind(child) != .null else { return nil }
        return child
    }

    /// The value as a tree, or nil when absent or null.
    func value(_ key: String) -> JSONValue? { present(key).map(document.value(at:)) }

    /// The value as a tree, `.null` included (absent is nil): for fields whose null means something.
    func rawValue(_ key: String) -> JSONValue? { document.member(key, of: node).map(document.value(at:)) }

    func has(_ key: String) -> Bool { document.member(key, of: node) != nil }

    private func kindName(_ child: Int) -> String { document.value(at: child).kindName }

    /// The objects of the array `key`, each of which must be an object.
    func requiredObjects(_ key: String) throws(VendorError) -> [JSONObject] {
        guard let child = document.member(key, of: node) else { throw reader.malformed("\(name(key)) is missing") }
        guard document.kind(child) == .array else { throw reader.malformed("\(name(key)) is \(kindName(child)), not an array") }
        let elements = document.elements(of: child)
        var objects: [JSONObject] = []
        objects.reserveCapacity(elements.count)
        for (index, element) in elements.enumerated() {
            guard document.kind(element) == .object else {
                throw reader.malformed("\(name(key))[\(index)] is \(kindName(element)), not an object")
            }
            objects.append(JSONObject(document: document, node: element, reader: reader))
        }
        return objects
    }

    /// The objects of the array `key`; absent, null, or not an array is empty, and elements that are not objects are skipped.
    func objects(_ key: String) -> [JSONObject] {
        guard let child = present(key) else { return [] }
        return document.elements(of: child).compactMap { element in
            document.kind(element) == .object ? JSONObject(document: document, node: element, reader: reader) : nil
        }
    }

    func requiredObject(_ key: String) throws(VendorError) -> JSONObject {
        guard let child = document.member(key, of: node) else { throw reader.malformed("\(name(key)) is missing") }
        guard document.kind(child) == .object else { throw reader.malformed("\(name(key)) is \(kindName(child)), not an object") }
        return JSONObject(document: document, node: child, reader: reader)
    }

    func object(_ key: String) -> JSONObject? {
        guard let child = document.member(key, of: node), document.kind(child) == .object else { return nil }
        return JSONObject(document: document, node: child, reader: reader)
    }

    /// An id sent as a non-empty string or as an integer (metokens' int64 ids become decimal text).
    func requiredID(_ key: String) throws(VendorError) -> String {
        guard let child = document.member(key, of: node) else { throw reader.malformed("\(name(key)) is missing") }
        switch document.kind(child) {
        case .string:
            if let text = document.string(at: child), !text.isEmpty { return text }
        case .number:
            if case .int(let number) = document.value(at: child) { return String(number) }
        case .null:
            throw reader.malformed("\(name(key)) is missing")
        default:
            break
        }
        throw reader.malformed("\(name(key)) is \(kindName(child)), not an id")
    }

    /// A paging integer: a JSON integer or a decimal string.
    func requiredInt(_ key: String) throws(VendorError) -> Int {
        guard let child = present(key) else { throw reader.malformed("\(name(key)) is missing") }
        guard let number = document.int(at: child) else { throw reader.malformed("\(name(key)) is \(kindName(child)), not an integer") }
        return number
    }

    func int(_ key: String) -> Int? { present(key).flatMap(document.int(at:)) }

    func string(_ key: String) -> String? { present(key).flatMap(document.string(at:)) }

    /// An array of strings; absent or null is empty, non-string elements are skipped.
    func strings(_ key: String) -> [String] {
        guard let child = present(key), document.kind(child) == .array else { return [] }
        return document.elements(of: child).compactMap(document.string(at:))
    }

    /// A nullable timestamp: absent, null or unparseable is nil. Read from the bytes, no string made.
    func date(_ key: String) -> Date? {
        guard let child = present(key) else { return nil }
        return document.withUTF8(at: child) { ISO8601Date.date(fromUTF8: $0) } ?? nil
    }

    /// A timestamp the spec requires: absent, null or unparseable is a malformed body.
    func requiredDate(_ key: String) throws(VendorError) -> Date {
        guard present(key) != nil else { throw reader.malformed("\(name(key)) is missing") }
        guard let date = date(key) else { throw reader.malformed("\(name(key)) is not an ISO 8601 date-time") }
        return date
    }
}
