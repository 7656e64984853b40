import Foundation
import TokenDeckCore

/// The machine-readable shapes of `tokendeck list`: one JSON array, NDJSON, CSV. Every object has
/// exactly the design's keys in the design's order, so scripts can rely on them.
public enum TokenOutput {
    /// Column names, in order, for every format.
    public static let fields = [
        "vendor", "account", "id", "kind", "title", "status", "trashed",
        "created_at", "last_used_at", "expires_at", "owner", "scopes", "usage_count",
    ]

    /// One JSON array, one object a line inside it; `[]` when empty. Ends with a newline.
    public static func json(_ tokens: [Token], now: Date) -> String { whole(.json, tokens, now: now) }

    /// One JSON object a line (NDJSON); empty text when there are no tokens.
    public static func ndjson(_ tokens: [Token], now: Date) -> String { whole(.ndjson, tokens, now: now) }

    /// CSV with a header row, quoted as RFC 4180 says (lines end in LF). Scopes are joined with `;`.
    /// Text goes through the sanitiser: CSV has no escape for a control character, and a CSV
    /// file is often `cat` to a terminal.
    public static func csv(_ tokens: [Token], now: Date) -> String { whole(.csv, tokens, now: now) }

    /// The whole listing as one text, through the same `ListingWriter` that `list` streams with: one
    /// place says how each format is framed.
    private static func whole(_ format: ListingWriter.Format, _ tokens: [Token], now: Date) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(tokens.count * 360 + 200)
        var writer = ListingWriter(format: format, now: now) { bytes.append(contentsOf: $0) }
        writer.write(tokens)
        writer.finish()
        return String(decoding: bytes, as: UTF8.self)
    }

    /// One token's CSV fields, in `fields` order, before quoting.
    static func csvFields(_ token: Token, now: Date) -> [String] {
        [
            token.vendor.rawValue, token.account, token.id, token.kind, token.title,
            token.status(asOf: now).rawValue, token.trashed ? "true" : "false",
            token.createdAt.map(UTCTimestamp.string) ?? "",
            token.lastUsedAt.map(UTCTimestamp.string) ?? "",
            token.expiresAt.map(UTCTimestamp.string) ?? "",
            token.owner ?? "", token.scopes.joined(separator: ";"),
            token.usageCount.map(String.init) ?? "",
        ]
    }

    /// Sanitised, quoted where needed, comma-separated, ending in LF.
    static func appendCSVRow(_ row: [String], to out: inout String) {
        for (index, field) in row.enumerated() {
            if index > 0 { out += "," }
            appendCSVField(Sanitizer.sanitize(field), to: &out)
        }
        out += "\n"
    }

    // MARK: - JSON

    /// One token's object as text (see the byte version, which `list` uses).
    static func appendObject(_ token: Token, now: Date, to out: inout String) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(400)
        appendObject(token, now: now, to: &bytes)
        out += String(decoding: bytes, as: UTF8.self)
    }

    /// One token's object as UTF-8 bytes: a listing of 100,000 is built byte by byte, not string by string.
    static func appendObject(_ token: Token, now: Date, to out: inout [UInt8]) {
        out.append(contentsOf: #"{"vendor":"#.utf8); appendJSONString(token.vendor.rawValue, to: &out)
        out.append(contentsOf: #","account":"#.utf8); appendJSONString(token.account, to: &out)
        out.append(contentsOf: #","id":"#.utf8); appendJSONString(token.id, to: &out)
        out.append(contentsOf: #","kind":"#.utf8); appendJSONString(token.kind, to: &out)
        out.append(contentsOf: #","title":"#.utf8); appendJSONString(token.title, to: &out)
        out.append(contentsOf: #","status":"#.utf8); appendJSONString(token.status(asOf: now).rawValue, to: &out)
        out.append(contentsOf: (token.trashed ? #","trashed":true"# : #","trashed":false"#).utf8)
        out.append(contentsOf: #","created_at":"#.utf8); appendJSONDate(token.createdAt, to: &out)
        out.append(contentsOf: #","last_used_at":"#.utf8); appendJSONDate(token.lastUsedAt, to: &out)
        out.append(contentsOf: #","expires_at":"#.utf8); appendJSONDate(token.expiresAt, to: &out)
        out.append(contentsOf: #","owner":"#.utf8)
        if let owner = token.owner { appendJSONString(owner, to: &out) } else { out.append(contentsOf: "null".utf8) }
        out.append(contentsOf: #","scopes":["#.utf8)
        for index in token.scopes.indices {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            appendJSONString(token.scopes[index], to: &out)
        }
        out.append(contentsOf: #"],"usage_count":"#.utf8)
        if let count = token.usageCount { out.append(contentsOf: String(count).utf8) } else { out.append(contentsOf: "null".utf8) }
        out.append(UInt8(ascii: "}"))
    }

    private static func appendJSONDate(_ date: Date?, to out: inout [UInt8]) {
        guard let date else { out.append(contentsOf: "null".utf8); return }
        out.append(UInt8(ascii: "\""))
        out.append(contentsOf: UTCTimestamp.string(date).utf8)
        out.append(UInt8(ascii: "\""))
    }

    /// A JSON string literal. Beyond what JSON requires, C1 controls, DEL, line separators and
    /// bidi controls are escaped too, so the output is inert on a terminal and reads the same in
    /// any viewer; the data is unchanged for a JSON parser.
    public static func appendJSONString(_ text: String, to out: inout String) {
        var bytes: [UInt8] = []
        appendJSONString(text, to: &bytes)
        out += String(decoding: bytes, as: UTF8.self)
    }

    static func appendJSONString(_ text: String, to out: inout [UInt8]) {
        // Most strings are printable ASCII with nothing to escape: checked and copied as one run of
        // bytes (a check through `utf8`'s iterator was 2 % of a full sync's CPU).
        var contiguous = text
        let plain = contiguous.withUTF8 { bytes in
            for byte in bytes where byte < 0x20 || byte >= 0x7F || byte == 0x22 || byte == 0x5C { return false }
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: bytes)
            out.append(UInt8(ascii: "\""))
            return true
        }
        guard !plain else { return }
        out.append(UInt8(ascii: "\""))
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x22: out.append(contentsOf: #"\""#.utf8)
            case 0x5C: out.append(contentsOf: #"\\"#.utf8)
            case 0x00...0x1F, 0x7F...0x9F, 0x061C, 0x200E, 0x200F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069:
                out.append(contentsOf: #"\u"#.utf8)
                out.append(contentsOf: hex4(scalar.value).utf8)
            default:
                UTF8.encode(scalar) { out.append($0) }
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    private static func hex4(_ value: UInt32) -> String {
        let hex = String(value, radix: 16)
        return String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    // MARK: - CSV

    private static func appendCSVField(_ field: String, to out: inout String) {
        let special: Set<UInt8> = [0x2C, 0x22, 0x0A, 0x0D]  // , " LF CR
        let needsQuotes = field.utf8.contains { special.contains($0) }
        guard needsQuotes else { out += field; return }
        out += "\""
        out += field.replacingOccurrences(of: "\"", with: "\"\"")
        out += "\""
    }
}

/// `2024-03-15T10:30:00Z`: ISO 8601 in UTC to the second, the one timestamp shape of the output.
public enum UTCTimestamp {
    /// Written digit by digit into a fixed buffer: `list` writes three of these per token, and
    /// 100,000 tokens made the string-per-field version a tenth of an offline listing.
    public static func string(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let year = Int(parts.tm_year) + 1900
        guard (0...9999).contains(year) else { return general(parts) }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { buffer in
            func put(_ value: Int, _ at: Int, _ width: Int) {
                var value = value
                for offset in stride(from: at + width - 1, through: at, by: -1) {
                    buffer[offset] = UInt8(0x30 + value % 10)
                    value /= 10
                }
            }
            put(year, 0, 4)
            buffer[4] = 0x2D  // -
            put(Int(parts.tm_mon) + 1, 5, 2)
            buffer[7] = 0x2D
            put(Int(parts.tm_mday), 8, 2)
            buffer[10] = 0x54  // T
            put(Int(parts.tm_hour), 11, 2)
            buffer[13] = 0x3A  // :
            put(Int(parts.tm_min), 14, 2)
            buffer[16] = 0x3A
            put(Int(parts.tm_sec), 17, 2)
            buffer[19] = 0x5A  // Z
            return String(decoding: buffer, as: UTF8.self)
        }
    }

    /// Years outside 0…9999 (no vendor sends them, but a date is a date): field by field.
    private static func general(_ parts: tm) -> String {
        var text = pad(Int(parts.tm_year) + 1900, 4)
        text += "-" + pad(Int(parts.tm_mon) + 1, 2)
        text += "-" + pad(Int(parts.tm_mday), 2)
        text += "T" + pad(Int(parts.tm_hour), 2)
        text += ":" + pad(Int(parts.tm_min), 2)
        text += ":" + pad(Int(parts.tm_sec), 2)
        return text + "Z"
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
