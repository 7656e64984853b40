import Foundation
import TokenDeckCore

/// JSON, NDJSON or CSV written a chunk at a time: `list` writes each account as it reads it, so
/// 100,000 tokens never sit in memory at once, nor their whole text. `TokenOutput`'s whole-listing
/// texts are this writer's pieces joined, so both frame each format the same way.
public struct ListingWriter {
    public enum Format: String, Sendable { case json, ndjson, csv }

    public let format: Format
    public let now: Date
    /// Tokens rendered per piece of text handed to `sink`.
    public let chunk: Int
    private let sink: ([UInt8]) -> Void
    private var written = 0

    /// `sink` gets each piece as UTF-8 bytes.
    public init(format: Format, now: Date, chunk: Int = 2_000, sink: @escaping ([UInt8]) -> Void) {
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
                var out: [UInt8] = []
                out.reserveCapacity((end - start) * 360 + 200)
                var csv = ""
                if written == 0 {
                    switch format {
                    case .json: out.append(contentsOf: "[\n".utf8)
                    case .csv: csv = Self.csvHeader
                    case .ndjson: break
                    }
                }
                // Each token read where it lies (`buffer[index]`): a loop variable would copy it.
                for index in start..<end {
                    switch format {
                    case .ndjson:
                        TokenOutput.appendObject(buffer[index], now: now, to: &out)
                        out.append(0x0A)
                    case .json:
                        if written + index - start > 0 { out.append(contentsOf: ",\n".utf8) }
                        TokenOutput.appendObject(buffer[index], now: now, to: &out)
                    case .csv:
                        TokenOutput.appendCSVRow(TokenOutput.csvFields(buffer[index], now: now), to: &csv)
                    }
                }
                if format == .csv { out.append(contentsOf: csv.utf8) }
                sink(out)
                written += end - start
                start = end
            }
        }
    }

    private static let csvHeader = TokenOutput.fields.joined(separator: ",") + "\n"

    /// Ends the listing (JSON's closing bracket; an empty listing's `[]` or CSV header).
    public func finish() {
        switch format {
        case .json: sink(Array((written == 0 ? "[]\n" : "\n]\n").utf8))
        case .csv where written == 0: sink(Array(Self.csvHeader.utf8))
        case .csv, .ndjson: break
        }
    }
}
