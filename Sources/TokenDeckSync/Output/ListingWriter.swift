import Foundation
import TokenDeckCore

/// JSON, NDJSON or CSV written a chunk at a time, to the same bytes as `TokenOutput` gives for the
/// whole listing at once: `list` writes each account as it reads it, so 100,000 tokens never sit in
/// memory at once, nor their whole text.
public struct ListingWriter {
    public enum Format: String, Sendable { case json, ndjson, csv }

    public let format: Format
    public let now: Date
    /// Tokens rendered per piece of text handed to `sink`.
    public let chunk: Int
    private let sink: (String) -> Void
    private var written = 0

    public init(format: Format, now: Date, chunk: Int = 2_000, sink: @escaping (String) -> Void) {
        self.format = format
        self.now = now
        self.chunk = max(1, chunk)
        self.sink = sink
    }

    public mutating func write(_ tokens: [Token]) {
        tokens.withUnsafeBufferPointer { buffer in
            var start = 0
            while start < buffer.count {
                let end = min(buffer.count, start + chunk)
                var out = String()
                out.reserveCapacity((end - start) * 360 + 200)
                if written == 0 {
                    switch format {
                    case .json: out += "[\n"
                    case .csv: out += TokenOutput.fields.joined(separator: ",") + "\n"
                    case .ndjson: break
                    }
                }
                // Each token read where it lies (`buffer[index]`): a loop variable would copy it.
                for index in start..<end {
                    switch format {
                    case .ndjson:
                        TokenOutput.appendObject(buffer[index], now: now, to: &out)
                        out += "\n"
                    case .json:
                        if written + index - start > 0 { out += ",\n" }
                        TokenOutput.appendObject(buffer[index], now: now, to: &out)
                    case .csv:
                        TokenOutput.appendCSVRow(TokenOutput.csvFields(buffer[index], now: now), to: &out)
                    }
                }
                sink(out)
                written += end - start
                start = end
            }
        }
    }

    /// Ends the listing (JSON's closing bracket; an empty listing's `[]` or CSV header).
    public func finish() {
        switch format {
        case .json: sink(written == 0 ? "[]\n" : "\n]\n")
        case .csv where written == 0: sink(TokenOutput.csv([], now: now))
        case .csv, .ndjson: break
        }
    }
}
