import Foundation
import Testing
import TokenDeckCore
@testable import TokenDeckSync

/// `list` writes each account a chunk at a time: the bytes must be those of the whole listing at once
/// (`TokenOutput`, one chunk of 2,000, whose exact bytes `OutputFormatTests` pin).
@Suite("list output written a chunk at a time")
struct ListingWriterTests {
    /// Seven tokens from the two fixed ones (with their awkward titles), in two "accounts" of 4 and 3.
    static let tokens: [Token] = (0..<7).map { index in
        var token = OutputFixtures.tokens[index % 2]
        token.id += "-\(index)"
        return token
    }

    static func whole(_ format: ListingWriter.Format, _ tokens: [Token]) -> String {
        switch format {
        case .json: TokenOutput.json(tokens, now: OutputFixtures.now)
        case .ndjson: TokenOutput.ndjson(tokens, now: OutputFixtures.now)
        case .csv: TokenOutput.csv(tokens, now: OutputFixtures.now)
        }
    }

    static func chunked(_ format: ListingWriter.Format, _ accounts: [[Token]], chunk: Int) -> (text: String, pieces: Int) {
        var pieces: [String] = []
        var writer = ListingWriter(format: format, now: OutputFixtures.now, chunk: chunk) { pieces.append(String(decoding: $0, as: UTF8.self)) }
        for account in accounts { writer.write(account) }
        writer.finish()
        return (pieces.joined(), pieces.count)
    }

    @Test(arguments: [ListingWriter.Format.json, .ndjson, .csv], [1, 2, 3, 4, 100])
    func chunksJoinToTheWholeListing(format: ListingWriter.Format, chunk: Int) throws {
        let accounts = [Array(Self.tokens[0..<4]), [], Array(Self.tokens[4...])]
        let (text, pieces) = Self.chunked(format, accounts, chunk: chunk)
        #expect(text == Self.whole(format, Self.tokens))
        // Really in pieces: one per chunk of each account (plus JSON's closing bracket).
        let expected = (4 + chunk - 1) / chunk + (3 + chunk - 1) / chunk + (format == .json ? 1 : 0)
        #expect(pieces == expected)
        if format == .json {
            let parsed = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [Any]
            #expect(parsed?.count == 7)
        }
    }

    @Test(arguments: [ListingWriter.Format.json, .ndjson, .csv])
    func anEmptyListingIsTheSameAsAtOnce(format: ListingWriter.Format) {
        #expect(Self.chunked(format, [[], []], chunk: 2).text == Self.whole(format, []))
        #expect(Self.chunked(format, [Array(Self.tokens[0..<1])], chunk: 2).text == Self.whole(format, Array(Self.tokens[0..<1])))
    }
}
