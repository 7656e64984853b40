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
        var first = true
        Self.render(tokens, format: format, now: now, chunk: chunk) { body in
            emit(body, opening: first)
            first = false
        }
        written += tokens.count
    }

    /// One account's tokens rendered on their own, before their turn: `list --all` renders each
    /// account as soon as its sync ends, while the others still sync, and writes them in order.
    public struct Part: Sendable {
        /// The rendered tokens, a chunk at a time, with no framing before the first one.
        public fileprivate(set) var chunks: [[UInt8]] = []
        public fileprivate(set) var count = 0
    }

    /// `tokens` rendered as a `Part` for a writer of `format` and `now` (the same bytes `write(_:)`
    /// would produce for them, once framed).
    public static func part(_ tokens: [Token], format: Format, now: Date, chunk: Int = 2_000) -> Part {
        var part = Part(count: tokens.count)
        render(tokens, format: format, now: now, chunk: max(1, chunk)) { part.chunks.append($0) }
        return part
    }

    /// Writes a part rendered earlier, framed as if its tokens were written here.
    public mutating func write(_ part: Part) {
        for (index, body) in part.chunks.enumerated() { emit(body, opening: index == 0) }
        written += part.count
    }

    /// Hands a rendered chunk to `sink`; the first chunk of a batch comes after the listing's opening
    /// (JSON's bracket, CSV's header) or, in JSON, after the comma that follows what came before.
    private func emit(_ body: [UInt8], opening: Bool) {
        guard opening else { return sink(body) }
        let prefix: String
        switch format {
        case .json: prefix = written == 0 ? "[\n" : ",\n"
        case .csv: prefix = written == 0 ? Self.csvHeader : ""
        case .ndjson: prefix = ""
        }
        guard !prefix.isEmpty else { return sink(body) }
        var out: [UInt8] = []
        out.reserveCapacity(prefix.utf8.count + body.count)
        out.append(contentsOf: prefix.utf8)
        out.append(contentsOf: body)
        sink(out)
    }

    /// The tokens rendered `chunk` at a time, each chunk handed to `body`; nothing for no tokens.
    private static func render(_ tokens: [Token], format: Format, now: Date, chunk: Int, body: ([UInt8]) -> Void) {
        tokens.withUnsafeBufferPointer { buffer in
            var start = 0
            while start < buffer.count {
                let end = min(buffer.count, start + chunk)
                var out: [UInt8] = []
                out.reserveCapacity((end - start) * 360 + 200)
                var csv = ""
                // Each token read where it lies (`buffer[index]`): a loop variable would copy it.
                for index in start..<end {
                    switch format {
                    case .ndjson:
                        TokenOutput.appendObject(buffer[index], now: now, to: &out)
                        out.append(0x0A)
                    case .json:
                        if index > 0 { out.append(contentsOf: ",\n".utf8) }
                        TokenOutput.appendObject(buffer[index], now: now, to: &out)
                    case .csv:
                        TokenOutput.appendCSVRow(TokenOutput.csvFields(buffer[index], now: now), to: &csv)
                    }
                }
                if format == .csv { out.append(contentsOf: csv.utf8) }
                body(out)
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
