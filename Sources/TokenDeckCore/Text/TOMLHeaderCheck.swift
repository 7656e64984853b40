/// A guard to run on TOML text before TOMLKit sees it.
///
/// toml++ (the C++ parser under TOMLKit) does not check the first character of a table header's
/// name: after `[` or `[[` and any spaces it goes straight into its key parser, which *asserts*
/// that the character starts a bare or quoted key. On `[!]`, `[ é]`, `[[\u{202E}x]]` or a lone `[`
/// at the end of a line that assertion aborts the process in a debug build and is undefined
/// behaviour in a release one (found by `scripts/fuzz.sh`; the input is in
/// Tests/TokenDeckCoreTests/FuzzRegressions/). Every such header is invalid TOML anyway, so
/// refusing it here with a line and column changes no valid file's meaning.
public enum TOMLHeaderCheck {
    public struct Problem: Sendable, Hashable, CustomStringConvertible {
        /// 1-based line and column (in Unicode scalars) of the offending character.
        public var line: Int
        public var column: Int
        public var message: String

        public var description: String { "\(line):\(column): \(message)" }
    }

    /// The first table header whose name starts with something other than a bare-key character
    /// (A–Z a–z 0–9 `_` `-`) or a quote, if any. Strings, comments and multi-line arrays are
    /// skipped, so a `[` inside a value is never taken for a header.
    public static func firstBadHeader(in text: String) -> Problem? {
        let scalars = Array(text.unicodeScalars)
        let count = scalars.count
        var index = 0
        var line = 1
        var lineStart = 0
        var atLineStart = true
        var depth = 0  // open `[` and `{` of values

        /// Steps over a string starting at `index` (its opening quote); keeps `line` counted.
        func skipString() {
            let quote = scalars[index]
            let basic = quote == "\""
            let multiLine = index + 2 < count && scalars[index + 1] == quote && scalars[index + 2] == quote
            index += multiLine ? 3 : 1
            while index < count {
                let scalar = scalars[index]
                if basic && scalar == "\\" {
                    index += 2
                    continue
                }
                if scalar == "\n" {
                    // A single-line string cannot cross a newline: TOML reports that itself.
                    guard multiLine else { return }
                    line += 1
                    lineStart = index + 1
                } else if scalar == quote {
                    if !multiLine {
                        index += 1
                        return
                    }
                    if index + 2 < count && scalars[index + 1] == quote && scalars[index + 2] == quote {
                        index += 3
                        // Up to two more quotes belong to the string's content (`""""` ends with one).
                        var extra = 0
                        while extra < 2 && index < count && scalars[index] == quote {
                            index += 1
                            extra += 1
                        }
                        return
                    }
                }
                index += 1
            }
        }

        while index < count {
            let scalar = scalars[index]
            switch scalar {
            case "\n":
                line += 1
                lineStart = index + 1
                atLineStart = true
                index += 1
                continue
            case " ", "\t", "\r":
                index += 1
                continue
            case "#":
                while index < count && scalars[index] != "\n" { index += 1 }
                continue
            case "\"", "'":
                atLineStart = false
                skipString()
                continue
            case "[" where atLineStart && depth == 0:
                if let problem = checkHeader(scalars, at: index, line: line, lineStart: lineStart) { return problem }
                // A header is one line; what follows it on the line is at most a comment.
                while index < count && scalars[index] != "\n" { index += 1 }
                continue
            case "[", "{":
                depth += 1
            case "]", "}":
                if depth > 0 { depth -= 1 }
            default:
                break
            }
            atLineStart = false
            index += 1
        }
        return nil
    }

    private static func checkHeader(_ scalars: [Unicode.Scalar], at start: Int, line: Int, lineStart: Int) -> Problem? {
        var index = start + 1
        func skipSpaces() -> Bool {
            let from = index
            while index < scalars.count && (scalars[index] == " " || scalars[index] == "\t") { index += 1 }
            return index > from
        }
        let spaced = skipSpaces()
        if index < scalars.count && scalars[index] == "[" {
            // `[ [` is reported by toml++ itself.
            if spaced { return nil }
            index += 1
            _ = skipSpaces()
        }
        // The end of the text is reported by toml++ itself.
        guard index < scalars.count else { return nil }
        let first = scalars[index]
        if isBareKeyScalar(first) || first == "\"" || first == "'" || first == "]" { return nil }
        let hex = String(first.value, radix: 16, uppercase: true)
        let shown = Sanitizer.isSafe(String(first)) && first.properties.generalCategory != .format
            ? "'\(first)'"
            : "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        return Problem(
            line: line, column: index - lineStart + 1,
            message: "a table header must start with a name (letters, digits, _ or -) or a quoted name, not \(shown)")
    }

    private static func isBareKeyScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x41...0x5A, 0x61...0x7A, 0x30...0x39, 0x5F, 0x2D: true
        default: false
        }
    }
}
