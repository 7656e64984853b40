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
        var start = 0
        while start < tokens.count {
            let part = Array(tokens[start..<min(tokens.count, start + chunk)])
            switch format {
            case .ndjson:
                sink(TokenOutput.ndjson(part, now: now))
            case .json:
                // `TokenOutput.json` is "[\n" objects joined by ",\n" then "\n]\n": its objects, joined the same way.
                var text = TokenOutput.json(part, now: now)
                text.removeFirst(2)
                text.removeLast(3)
                sink((written == 0 ? "[\n" : ",\n") + text)
            case .csv:
                var text = TokenOutput.csv(part, now: now)
                if written > 0, let header = text.firstIndex(of: "\n") { text.removeSubrange(...header) }
                sink(text)
            }
            written += part.count
            start += chunk
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
