import Foundation
import TokenDeckCore

/// The user's configuration file, validated: every account usable, every value in range.
public struct Configuration: Sendable, Hashable {
    public static let pageSizeRange = 1...1000
    public static let defaultPageSize = 100

    /// Theme name or path; nil for the default theme.
    public var theme: String?
    /// Tokens per page asked of each vendor.
    public var pageSize: Int
    /// When true the dashboard offers no create form (`read_only`).
    public var readOnly: Bool
    public var accounts: [ConfiguredAccount]
    /// The file this came from; nil for a configuration built in code (the demo).
    public var path: String?

    public init(
        theme: String? = nil, pageSize: Int = Configuration.defaultPageSize, readOnly: Bool = false,
        accounts: [ConfiguredAccount] = [], path: String? = nil
    ) {
        self.theme = theme
        self.pageSize = pageSize
        self.readOnly = readOnly
        self.accounts = accounts
        self.path = path
    }

    public func account(named name: String) -> ConfiguredAccount? {
        accounts.first { $0.account.name == name }
    }

    // MARK: - Where files live

    /// `$XDG_CONFIG_HOME/tokendeck/config.toml`, default `~/.config/tokendeck/config.toml`.
    public static var defaultPath: String {
        xdgDirectory("XDG_CONFIG_HOME", fallback: ".config") + "/tokendeck/config.toml"
    }

    /// `$XDG_CACHE_HOME/tokendeck/cache.sqlite`, default `~/.cache/tokendeck/cache.sqlite`.
    public static var defaultCachePath: String {
        xdgDirectory("XDG_CACHE_HOME", fallback: ".cache") + "/tokendeck/cache.sqlite"
    }

    /// `$XDG_STATE_HOME/tokendeck/actions.log`, default `~/.local/state/tokendeck/actions.log`:
    /// every action TokenDeck sends, a JSON line each.
    public static var defaultActionsLogPath: String {
        xdgDirectory("XDG_STATE_HOME", fallback: ".local/state") + "/tokendeck/actions.log"
    }

    /// `$XDG_STATE_HOME/tokendeck/last-opened.json`, default `~/.local/state/tokendeck/last-opened.json`:
    /// when the dashboard was last opened on each cache (`LastOpened`).
    public static var defaultLastOpenedPath: String {
        xdgDirectory("XDG_STATE_HOME", fallback: ".local/state") + "/tokendeck/last-opened.json"
    }

    private static func xdgDirectory(_ variable: String, fallback: String) -> String {
        let environment = ProcessInfo.processInfo.environment
        // The XDG spec says relative values are invalid and must be ignored.
        if let value = environment[variable], value.hasPrefix("/") { return value }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/" + fallback
    }

    // MARK: - Loading

    /// Reads and validates the configuration at `path`, or at `defaultPath` when `path` is nil.
    /// Returns nil only when no path was given and the default file does not exist (the dashboard
    /// then runs its demo); a path that was given but does not exist is an error.
    /// A file readable by group or others that holds something secret-looking is refused
    /// (`insecurePermissions`, with the `chmod 600` that fixes it): the secret is already exposed,
    /// and using it quietly would teach people that this is fine.
    public static func load(path: String?) throws(ConfigError) -> Configuration? {
        let resolvedPath = path ?? defaultPath
        guard FileManager.default.fileExists(atPath: resolvedPath) else {
            if path == nil { return nil }
            throw ConfigError(
                kind: .fileNotFound, path: resolvedPath,
                message: "no such file; create one (`tokendeck sandbox --write-config \(resolvedPath)` writes a working example) or see the Configuration section of the docs")
        }
        guard let data = FileManager.default.contents(atPath: resolvedPath) else {
            throw ConfigError(kind: .unreadable, path: resolvedPath, message: "cannot be read (check its permissions)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(kind: .unreadable, path: resolvedPath, message: "is not UTF-8 text")
        }
        // Syntax and schema first, so a broken file gets its own message; then the permissions.
        let configuration = try parse(text, path: resolvedPath)
        if let exposure = ConfigFileSecurity.exposure(path: resolvedPath, text: text) { throw exposure }
        return configuration
    }

    /// Validates `text` as a configuration; `path` is only used to name the file in errors.
    public static func parse(_ text: String, path: String) throws(ConfigError) -> Configuration {
        try ConfigParser(text: text, path: path).parse()
    }
}
