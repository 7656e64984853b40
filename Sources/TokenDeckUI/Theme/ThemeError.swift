/// A theme that cannot be used, with where and why, so the person can fix the file.
public struct ThemeError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// No theme by that name in any search path (and not built in).
        case unknownName
        case unreadable
        /// Not valid TOML.
        case syntax
        /// Valid TOML that is not a theme: an unknown role or key, a bad colour, a wrong type.
        case invalidValue
    }

    public var kind: Kind
    /// The file, or the name that was asked for.
    public var file: String
    public var line: Int?
    public var column: Int?
    /// The dotted key at fault (`roles.header.fg`).
    public var key: String?
    public var message: String

    public init(kind: Kind, file: String, line: Int? = nil, column: Int? = nil, key: String? = nil, message: String) {
        self.kind = kind
        self.file = file
        self.line = line
        self.column = column
        self.key = key
        self.message = message
    }

    /// `Themes/x.toml:12:7: roles.header.fg: "purpel" is not a colour; use …`
    public var description: String {
        var text = file
        if let line {
            text += ":\(line)"
            if let column { text += ":\(column)" }
        }
        text += ": "
        if let key { text += "\(key): " }
        return text + message
    }
}
