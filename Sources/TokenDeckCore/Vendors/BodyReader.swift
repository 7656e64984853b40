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
    let answer: String
    let status: Int

    func malformed(_ detail: String) -> VendorError {
        VendorError(kind: .malformedBody, vendor: vendor, status: status,
                    message: "malformed \(answer) from \(vendor.wireName): \(detail)")
    }

    /// The body as a JSON object, or an error saying why it is not one.
    func rootObject(_ response: HTTPResponseData) throws(VendorError) -> JSONObject {
        if response.body.isEmpty { throw malformed("the body is empty") }
        let value: JSONValue
        do {
            value = try JSONValue.parse(response.body)
        } catch {
            let type = response.headers["content-type"].map { "\(Sanitizer.sanitize($0)), " } ?? ""
            throw malformed("the body is not valid JSON: \(error) (\(type)\(response.body.count) bytes)")
        }
        guard case .object(let fields) = value else {
            throw malformed("the body is \(value.kindName), not a JSON object")
        }
        return JSONObject(fields: fields, path: "", reader: self)
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

/// A JSON object inside a body, with its path for messages. Optional fields are forgiving
/// (absent, null or the wrong type → nil); required ones throw `.malformedBody`.
struct JSONObject: Sendable {
    let fields: [String: JSONValue]
    let path: String
    let reader: BodyReader

    var json: JSONValue { .object(fields) }

    func name(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The value, or nil when absent or null.
    func value(_ key: String) -> JSONValue? {
        guard let value = fields[key], !value.isNull else { return nil }
        return value
    }

    func has(_ key: String) -> Bool { fields[key] != nil }

    func requiredArray(_ key: String) throws(VendorError) -> [JSONValue] {
        guard let value = fields[key] else { throw reader.malformed("\(name(key)) is missing") }
        guard case .array(let items) = value else { throw reader.malformed("\(name(key)) is \(value.kindName), not an array") }
        return items
    }

    func requiredObject(_ key: String) throws(VendorError) -> JSONObject {
        guard let value = fields[key] else { throw reader.malformed("\(name(key)) is missing") }
        guard case .object(let inner) = value else { throw reader.malformed("\(name(key)) is \(value.kindName), not an object") }
        return JSONObject(fields: inner, path: name(key), reader: reader)
    }

    func object(_ key: String) -> JSONObject? {
        guard case .object(let inner)? = fields[key] else { return nil }
        return JSONObject(fields: inner, path: name(key), reader: reader)
    }

    /// Element `index` of the array `key`, which must be an object.
    func element(_ value: JSONValue, at index: Int, of key: String) throws(VendorError) -> JSONObject {
        let elementPath = "\(name(key))[\(index)]"
        guard case .object(let inner) = value else { throw reader.malformed("\(elementPath) is \(value.kindName), not an object") }
        return JSONObject(fields: inner, path: elementPath, reader: reader)
    }

    /// An id sent as a non-empty string or as an integer (metokens' int64 ids become decimal text).
    func requiredID(_ key: String) throws(VendorError) -> String {
        switch fields[key] {
        case .string(let text)? where !text.isEmpty: return text
        case .int(let number)?: return String(number)
        case nil, .null?: throw reader.malformed("\(name(key)) is missing")
        case let other?: throw reader.malformed("\(name(key)) is \(other.kindName), not an id")
        }
    }

    /// A paging integer: a JSON integer or a decimal string.
    func requiredInt(_ key: String) throws(VendorError) -> Int {
        guard let value = value(key) else { throw reader.malformed("\(name(key)) is missing") }
        guard let number = value.intValue else { throw reader.malformed("\(name(key)) is \(value.kindName), not an integer") }
        return number
    }

    func int(_ key: String) -> Int? { value(key)?.intValue }

    func string(_ key: String) -> String? { value(key)?.stringValue }

    /// An array of strings; absent or null is empty, non-string elements are skipped.
    func strings(_ key: String) -> [String] {
        guard case .array(let items)? = fields[key] else { return [] }
        return items.compactMap(\.stringValue)
    }

    /// A nullable timestamp: absent, null or unparseable is nil.
    func date(_ key: String) -> Date? {
        guard let text = string(key) else { return nil }
        return ISO8601Date.date(from: text)
    }

    /// A timestamp the spec requires: absent, null or unparseable is a malformed body.
    func requiredDate(_ key: String) throws(VendorError) -> Date {
        guard let value = value(key) else { throw reader.malformed("\(name(key)) is missing") }
        guard let text = value.stringValue, let date = ISO8601Date.date(from: text) else {
            throw reader.malformed("\(name(key)) is not an ISO 8601 date-time")
        }
        return date
    }
}
