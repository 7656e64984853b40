/// Splits a command line into arguments the way a POSIX shell quotes them — single quotes,
/// double quotes, backslash escapes — but with no expansion of any kind (no `$VAR`, no globs,
/// no `~`), because `token_command` is run directly, never through a shell.
public enum ShellWords {
    public enum SplitError: Error, Sendable, Hashable, CustomStringConvertible {
        case unterminatedQuote(Character)
        case trailingBackslash

        public var description: String {
            switch self {
            case .unterminatedQuote(let quote): "unterminated \(quote) quote"
            case .trailingBackslash: "ends with a lone backslash"
            }
        }
    }

    public static func split(_ line: String) throws(SplitError) -> [String] {
        var words: [String] = []
        var current = ""
        // A word exists once any character or quote pair was seen, so `''` is one empty argument.
        var inWord = false
        var iterator = line.makeIterator()
        while let character = iterator.next() {
            switch character {
            case "'":
                inWord = true
                var closed = false
                while let inner = iterator.next() {
                    if inner == "'" { closed = true; break }
                    current.append(inner)
                }
                if !closed { throw .unterminatedQuote("'") }
            case "\"":
                inWord = true
                var closed = false
                while let inner = iterator.next() {
                    if inner == "\"" { closed = true; break }
                    if inner == "\\" {
                        guard let escaped = iterator.next() else { throw .unterminatedQuote("\"") }
                        // Inside double quotes a backslash only escapes these; elsewhere it is literal.
                        if escaped == "\"" || escaped == "\\" || escaped == "$" || escaped == "`" {
                            current.append(escaped)
                        } else if escaped != "\n" {
                            current.append("\\")
                            current.append(escaped)
                        }
                        continue
                    }
                    current.append(inner)
                }
                if !closed { throw .unterminatedQuote("\"") }
            case "\\":
                guard let escaped = iterator.next() else { throw .trailingBackslash }
                if escaped != "\n" {
                    inWord = true
                    current.append(escaped)
                }
            case " ", "\t", "\n", "\r\n", "\r":
                if inWord {
                    words.append(current)
                    current = ""
                    inWord = false
                }
            default:
                inWord = true
                current.append(character)
            }
        }
        if inWord { words.append(current) }
        return words
    }
}
