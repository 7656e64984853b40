import Foundation
import TokenDeckSync

/// Read-only mode, for people who only browse: `read_only = true` in the config or `--read-only`.
/// Creation is refused on the command line and hidden in the dashboard.
enum ReadOnlyPolicy {
    static func isReadOnly(configuration: Configuration?, flag: Bool) -> Bool {
        flag || configuration?.readOnly == true
    }

    /// What to say when creation (or `what`) is refused, naming what switched read-only mode on; nil when it is off.
    static func refusal(configuration: Configuration?, flag: Bool, what: String = "creation is") -> String? {
        guard let cause = cause(configuration: configuration, flag: flag) else { return nil }
        return "read-only mode: \(what) disabled (\(cause))"
    }

    /// What switched read-only mode on (`read_only = true in PATH`, `--read-only`, or both); nil when it is off.
    static func cause(configuration: Configuration?, flag: Bool) -> String? {
        guard isReadOnly(configuration: configuration, flag: flag) else { return nil }
        var causes: [String] = []
        if configuration?.readOnly == true { causes.append("read_only = true in \(configuration?.path ?? "the config")") }
        if flag { causes.append("--read-only") }
        return causes.joined(separator: " and ")
    }

    /// Exit 2 with the refusal of `action` (suspend, revoke…) when read-only mode is on.
    static func refuse(_ action: String, configuration: Configuration?, flag: Bool) throws {
        guard let message = refusal(configuration: configuration, flag: flag, what: "\(action) is") else { return }
        printError(message)
        throw ExitStatus.usage
    }

    /// Exit 2 with the refusal when read-only mode is on; for `tokendeck create`.
    static func refuseCreation(configuration: Configuration?, flag: Bool) throws {
        guard let message = refusal(configuration: configuration, flag: flag) else { return }
        printError(message)
        throw ExitStatus.usage
    }
}
