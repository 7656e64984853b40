import Foundation
import TOMLKit
import TokenDeckCore

/// Reads a theme file:
///
///     name = "solarized-dark"          # optional; the file name otherwise
///     [roles.header]
///     fg = "bright-white"              # basic name, bright-*, 0–255, "#rrggbb" or "default"
///     bg = 24
///     bold = true                      # also dim, underline, reverse, italic
///
/// Roles left out keep the built-in default's look. Unknown roles and keys are errors (a typo
/// should not silently do nothing), reported with the file, line and key.
enum ThemeParser {
    static let attributeKeys = ["fg", "bg", "bold", "dim", "underline", "reverse", "italic"]

    static func parse(_ text: String, name fallbackName: String, file: String) throws -> Theme {
        // toml++ asserts (aborts the process) on a header like `[!]` instead of reporting it.
        if let problem = TOMLHeaderCheck.firstBadHeader(in: text) {
            throw ThemeError(kind: .syntax, file: file, line: problem.line, column: problem.column,
                             message: "not valid TOML: " + problem.message)
        }
        let table: TOMLTable
        do {
            table = try TOMLTable(string: text)
        } catch let error as TOMLParseError {
            throw ThemeError(kind: .syntax, file: file, line: error.source.begin.line, column: error.source.begin.column,
                             message: "not valid TOML: \(error.description)")
        }
        let locator = KeyLines(text)
        func failure(_ key: String, _ message: String) -> ThemeError {
            let place = locator.line(of: key)
            return ThemeError(kind: .invalidValue, file: file, line: place?.line, column: place?.column, key: key, message: message)
        }

        var name = fallbackName
        var styles = Theme.builtInDefault.styles
        for (key, value) in table {
            switch key {
            case "name":
                guard let text = value.string, !text.isEmpty else { throw failure("name", "must be a non-empty string") }
                name = text
            case "description":
                guard value.string != nil else { throw failure("description", "must be a string") }
            case "roles":
                guard let roles = value.table else { throw failure("roles", "must be a table of roles ([roles.header] …)") }
                for (roleName, roleValue) in roles {
                    let path = "roles.\(roleName)"
                    guard let role = ColorRole(rawValue: roleName) else {
                        throw failure(path, "unknown role; roles are \(ColorRole.allCases.map(\.rawValue).joined(separator: ", "))")
                    }
                    guard let fields = roleValue.table else { throw failure(path, "must be a table with fg, bg and attributes") }
                    styles[role] = try roleStyle(fields, path: path, failure: failure)
                }
            default:
                throw failure(key, "unknown key; a theme has name, description and [roles.<role>] tables")
            }
        }
        return Theme(name: name, styles: styles)
    }

    private static func roleStyle(_ fields: TOMLTable, path: String, failure: (String, String) -> ThemeError) throws -> RoleStyle {
        var style = RoleStyle()
        for (key, value) in fields {
            let keyPath = "\(path).\(key)"
            switch key {
            case "fg", "bg":
                let color: TerminalColor
                if let number = value.int {
                    guard let indexed = TerminalColor(themeIndex: number) else {
                        throw failure(keyPath, "\(number) is out of range; palette indices are 0–255")
                    }
                    color = indexed
                } else if let text = value.string {
                    guard let named = TerminalColor(themeName: text) else {
                        throw failure(keyPath, "\"\(text)\" is not a colour; use a basic name (black, red, green, yellow, blue, magenta, cyan, white, bright-…), 0–255, \"#rrggbb\" or \"default\"")
                    }
                    color = named
                } else {
                    throw failure(keyPath, "must be a colour name, a 0–255 number or \"#rrggbb\"")
                }
                if key == "fg" { style.foreground = color } else { style.background = color }
            case "bold", "dim", "underline", "reverse", "italic":
                guard let flag = value.bool else { throw failure(keyPath, "must be true or false") }
                switch key {
                case "bold": style.bold = flag
                case "dim": style.dim = flag
                case "underline": style.underline = flag
                case "reverse": style.reverse = flag
                default: style.italic = flag
                }
            default:
                throw failure(keyPath, "unknown key; a role has \(attributeKeys.joined(separator: ", "))")
            }
        }
        return style
    }
}

/// Where a dotted key is written in a TOML text. TOMLKit reports positions only for syntax
/// errors, so semantic errors find their line here: the `[table]` headers are followed and the
/// key's assignment (plain, dotted or inline-table) is matched.
struct KeyLines {
    private var entries: [(table: String, text: String, line: Int, column: Int)] = []

    init(_ text: String) {
        var table = ""
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let leading = raw.prefix { $0 == " " || $0 == "\t" }.count
            let line = raw.dropFirst(leading)
            if line.hasPrefix("[") {
                let inner = line.drop { $0 == "[" }.prefix { $0 != "]" }
                table = Self.normalise(String(inner))
                entries.append((table, "[" + table + "]", index + 1, leading + 1))
            } else if !line.hasPrefix("#"), !line.isEmpty {
                entries.append((table, String(line), index + 1, leading + 1))
            }
        }
    }

    /// Line and column of `key` (`roles.header.fg`), or of the nearest enclosing table.
    func line(of key: String) -> (line: Int, column: Int)? {
        let parts = key.split(separator: ".").map(String.init)
        // Longest split first: [roles.header] fg = …, then [roles] header.fg = …, then header = {…}.
        for split in stride(from: parts.count - 1, through: 0, by: -1) {
            let table = parts[..<split].joined(separator: ".")
            let rest = parts[split...].joined(separator: ".")
            for entry in entries where entry.table == table {
                let assignment = Self.normalise(String(entry.text.prefix { $0 != "=" }))
                if assignment == rest || (split < parts.count - 1 && assignment == parts[split]) {
                    return (entry.line, entry.column)
                }
            }
            if let header = entries.first(where: { $0.table == key && $0.text.hasPrefix("[") }) {
                return (header.line, header.column)
            }
        }
        return nil
    }

    private static func normalise(_ text: String) -> String {
        text.split(separator: ".").map { $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"'")) }.joined(separator: ".")
    }
}
