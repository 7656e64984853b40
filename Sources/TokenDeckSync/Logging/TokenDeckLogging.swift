import Foundation
import Logging

/// Where the log goes and at what level; `Main` bootstraps swift-log with `handlerFactory` once.
public enum TokenDeckLogging {
    /// Without `--log-level` or `TOKENDECK_LOG_LEVEL`: retries and failures, not every request.
    public static let defaultLevel: Logger.Level = .warning
    public static let levelEnvironmentVariable = "TOKENDECK_LOG_LEVEL"

    /// `$XDG_STATE_HOME/tokendeck/tokendeck.log`, default `~/.local/state/tokendeck/tokendeck.log`.
    public static var defaultPath: String { defaultPath(environment: ProcessInfo.processInfo.environment) }

    public static func defaultPath(environment: [String: String]) -> String {
        // The XDG spec says a relative value is invalid and must be ignored.
        if let state = environment["XDG_STATE_HOME"], state.hasPrefix("/") { return state + "/tokendeck/tokendeck.log" }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.local/state/tokendeck/tokendeck.log"
    }

    /// The level from `flag`, else from `TOKENDECK_LOG_LEVEL`, else `warning`. Throws the variable's
    /// bad value so the caller can say which setting to fix.
    public static func level(flag: Logger.Level?, environment: [String: String]) throws(LogLevelError) -> Logger.Level {
        if let flag { return flag }
        guard let text = environment[levelEnvironmentVariable]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else {
            return defaultLevel
        }
        guard let level = Logger.Level(rawValue: text.lowercased()) else {
            throw LogLevelError(variable: levelEnvironmentVariable, value: text)
        }
        return level
    }

    /// A factory for `LoggingSystem.bootstrap`: every logger writes to the one file at `path`.
    public static func handlerFactory(level: Logger.Level, path: String = defaultPath) -> @Sendable (String) -> any LogHandler {
        let file = LogFile(path: path)
        return { label in FileLogHandler(label: label, file: file, level: level) }
    }

    /// Sends every logger to the log file at `level`, once per process (a second call is ignored:
    /// swift-log allows one bootstrap). Until this runs, the sync engine logs nowhere — a test
    /// process or a library user never gets log lines on its standard error.
    public static func bootstrap(level: Logger.Level, path: String = defaultPath) {
        guard state.markBootstrapped() else { return }
        LoggingSystem.bootstrap(handlerFactory(level: level, path: path))
    }

    static var isBootstrapped: Bool { state.bootstrapped }

    private static let state = BootstrapState()

    /// Level names, in order, for help text and errors.
    public static var levelNames: [String] { Logger.Level.allCases.map(\.rawValue) }
}

/// `TOKENDECK_LOG_LEVEL` holds something that is not a level.
public struct LogLevelError: Error, Sendable, CustomStringConvertible {
    public var variable: String
    public var value: String

    public var description: String {
        "\(variable): '\(value)' is not one of \(TokenDeckLogging.levelNames.joined(separator: ", "))"
    }
}

/// The sync engine's logger: page requests at debug, retries at info, failures at warning.
enum SyncLog {
    static var logger: Logger { TokenDeckLogging.isBootstrapped ? live : silent }

    private static let live = Logger(label: "tokendeck.sync")
    private static let silent = Logger(label: "tokendeck.sync") { _ in SwiftLogNoOpLogHandler() }
}

/// Whether `TokenDeckLogging.bootstrap` has run, behind a lock.
private final class BootstrapState: @unchecked Sendable {
    private let lock = NSLock()
    private var done = false

    var bootstrapped: Bool { lock.withLock { done } }

    /// True the first time only.
    func markBootstrapped() -> Bool {
        lock.withLock {
            if done { return false }
            done = true
            return true
        }
    }
}
