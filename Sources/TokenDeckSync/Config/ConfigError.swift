/// A configuration problem, with where it is: file, line (and column for TOML syntax) and key,
/// e.g. `config.toml:7: accounts[2].vendor: "provisoner" is not one of provisionr, …`.
/// Never carries a secret: values are quoted only for keys that cannot hold one.
public struct ConfigError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        /// The file given does not exist.
        case fileNotFound
        /// The file exists but could not be read as UTF-8 text.
        case unreadable
        /// Not valid TOML.
        case syntax
        /// A key the schema does not know (usually a typo).
        case unknownKey
        /// A required key is absent.
        case missingKey
        /// A key holds the wrong type or a value outside what it accepts.
        case invalidValue
        /// The file is readable by others and holds something secret-looking.
        case insecurePermissions
    }

    public var kind: Kind
    public var path: String
    /// 1-based; nil when the problem has no single line (an absent key in an inline table).
    public var line: Int?
    public var column: Int?
    /// Dotted path of the key, `accounts[2].vendor`; accounts are counted from 1 as they appear.
    public var key: String?
    public var message: String

    public init(kind: Kind, path: String, line: Int? = nil, column: Int? = nil, key: String? = nil, message: String) {
        self.kind = kind
        self.path = path
        self.line = line
        self.column = column
        self.key = key
        self.message = message
    }

    public var description: String {
        var text = path
        if let line {
            text += ":\(line)"
            if let column { text += ":\(column)" }
        }
        text += ": "
        if let key { text += "\(key): " }
        return text + message
    }
}
