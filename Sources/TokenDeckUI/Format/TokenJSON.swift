import Foundation
import TokenDeckCore

/// `Y`: the selected token as JSON — every unified field plus the vendor's own record — for
/// pasting into a ticket or a script. (It travels base64-encoded in OSC 52, so nothing in it
/// can act on the terminal.)
enum TokenJSON {
    static func text(_ token: Token, now: Date) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        guard let data = try? encoder.encode(token) else { return token.rawJSON }
        return String(decoding: data, as: UTF8.self)
    }
}
