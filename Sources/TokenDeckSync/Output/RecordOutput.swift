import TokenDeckCore

/// Records of named text fields in the machine formats (`audit`, `changes`): CSV with a header row,
/// one JSON object per line, or one JSON array; nil is an empty CSV cell and a JSON null. The
/// table for people is the caller's (its columns differ from the fields).
public enum RecordOutput {
    public enum Format: String, CaseIterable, Sendable {
        case table, json, ndjson, csv
    }

    static func render(fields: [String], records: [[String?]], format: Format, table: () -> String) -> String {
        switch format {
        case .table:
            return records.isEmpty ? "" : table()
        case .csv:
            var out = fields.joined(separator: ",") + "\n"
            for record in records { TokenOutput.appendCSVRow(record.map { $0 ?? "" }, to: &out) }
            return out
        case .ndjson:
            return records.map { object(fields, $0) + "\n" }.joined()
        case .json:
            guard !records.isEmpty else { return "[]\n" }
            return "[\n" + records.map { object(fields, $0) }.joined(separator: ",\n") + "\n]\n"
        }
    }

    static func object(_ fields: [String], _ values: [String?]) -> String {
        var out = "{"
        for (index, (field, value)) in zip(fields, values).enumerated() {
            if index > 0 { out += "," }
            TokenOutput.appendJSONString(field, to: &out)
            out += ":"
            if let value { TokenOutput.appendJSONString(value, to: &out) } else { out += "null" }
        }
        return out + "}"
    }
}
