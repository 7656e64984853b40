import Foundation
import TokenDeckCore

/// The export of a view — `tokendeck list --export PATH` and the dashboard's `:export` — with the
/// hygiene flags a dashboard shows: `list --format`'s columns plus `hygiene`, the flags' labels
/// (`never used`, `no expiry`, …) joined by `;` in CSV and as an array in JSON. Flags are given for
/// every token, trashed and revoked ones included, as the details pane does.
public enum TokenExport {
    public enum Format: String, Sendable, Hashable, CaseIterable {
        case csv, json

        /// The format a file name asks for by its extension (any case); nil for anything else.
        public init?(path: String) {
            // `out.csv/` names a directory, whatever NSString's lastPathComponent makes of it.
            guard !path.hasSuffix("/") else { return nil }
            let name = (path as NSString).lastPathComponent
            guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return nil }
            self.init(rawValue: name[name.index(after: dot)...].lowercased())
        }
    }

    /// Column names, in order: `TokenOutput.fields` then `hygiene`.
    public static let fields = TokenOutput.fields + ["hygiene"]

    /// CSV with a header row; the hygiene labels joined by `;`.
    public static func csv(_ tokens: [Token], now: Date) -> String {
        var out = fields.joined(separator: ",") + "\n"
        out.reserveCapacity(tokens.count * 260)
        for token in tokens {
            TokenOutput.appendCSVRow(
                TokenOutput.csvFields(token, now: now) + [token.hygiene(asOf: now).labels.joined(separator: ";")], to: &out)
        }
        return out
    }

    /// One JSON array, one object a line; each object is `list --format json`'s plus `"hygiene": […]`.
    public static func json(_ tokens: [Token], now: Date) -> String {
        guard !tokens.isEmpty else { return "[]\n" }
        var out = "[\n"
        out.reserveCapacity(tokens.count * 400)
        for (index, token) in tokens.enumerated() {
            TokenOutput.appendObject(token, now: now, to: &out)
            out.removeLast()  // the object's closing brace, reopened for one more key
            out += ",\"hygiene\":["
            for (position, label) in token.hygiene(asOf: now).labels.enumerated() {
                if position > 0 { out += "," }
                TokenOutput.appendJSONString(label, to: &out)
            }
            out += index == tokens.count - 1 ? "]}\n" : "]},\n"
        }
        return out + "]\n"
    }

    public static func render(_ tokens: [Token], format: Format, now: Date) -> String {
        switch format {
        case .csv: csv(tokens, now: now)
        case .json: json(tokens, now: now)
        }
    }

    /// Writes `tokens` to `path` in `format`, atomically (see `ExportFile`), and returns how many
    /// were written. The one function both `list --export` and the dashboard's `:export` call.
    @discardableResult
    public static func write(_ tokens: [Token], format: Format, to path: String, now: Date) throws(ExportError) -> Int {
        try ExportFile.write(Data(render(tokens, format: format, now: now).utf8), to: path)
        return tokens.count
    }
}
