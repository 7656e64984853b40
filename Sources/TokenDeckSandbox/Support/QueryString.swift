import Foundation

/// The query string as a PHP or Node framework sees it: keys and values percent-decoded
/// (`page%5Bsize%5D` is `page[size]`), `+` as a space, and the last duplicate winning.
/// Hummingbird's own parser leaves keys encoded, which real clients do send.
struct QueryString: Sendable {
    let pairs: [(key: String, value: String)]

    init(_ query: String?) {
        guard let query, !query.isEmpty else {
            pairs = []
            return
        }
        pairs = query.split(separator: "&", omittingEmptySubsequences: true).map { part in
            let pieces = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = Self.decode(pieces[0])
            let value = pieces.count > 1 ? Self.decode(pieces[1]) : ""
            return (key, value)
        }
    }

    subscript(_ key: String) -> String? {
        pairs.last { $0.key == key }?.value
    }

    var keys: [String] { pairs.map(\.key) }

    /// Rebuilds a query with RFC 3986 encoding, as Laravel's `Arr::query` does.
    static func encode(_ pairs: [(key: String, value: String)]) -> String {
        pairs.map { escape($0.key) + "=" + escape($0.value) }.joined(separator: "&")
    }

    static func escape(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }

    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    private static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}

/// How frameworks read numbers from a query string.
enum QueryNumber {
    /// Laravel's page resolver: `filter_var($page, FILTER_VALIDATE_INT)` and `>= 1`, else 1.
    static func laravelPage(_ text: String?) -> Int {
        guard let text, let page = Int(text.trimmingCharacters(in: .whitespaces)), page >= 1 else { return 1 }
        return page
    }

    /// PHP's `(int)` cast: leading whitespace, an optional sign, the leading digits; else 0.
    static func phpIntval(_ text: String?) -> Int {
        guard let text else { return 0 }
        var digits = Substring(text.drop { $0 == " " || $0 == "\t" || $0 == "\n" })
        var sign = 1
        if let first = digits.first, first == "-" || first == "+" {
            sign = first == "-" ? -1 : 1
            digits = digits.dropFirst()
        }
        let leading = digits.prefix { $0.isASCII && $0.isNumber }
        guard !leading.isEmpty else { return 0 }
        return (Int(leading) ?? Int.max) * sign
    }

    /// A strict integer, as class-validator's `@IsInt()` after `@Type(() => Number)` wants.
    static func strictInt(_ text: String) -> Int? {
        Int(text)
    }
}
