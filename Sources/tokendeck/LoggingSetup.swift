import ArgumentParser
import Foundation
import Logging
import TokenDeckSync

/// `--log-level`'s values, swift-log's levels: a bad value is a usage error naming the flag and
/// listing these, and shell completion offers them.
enum LogLevelOption: String, CaseIterable, ExpressibleByArgument {
    case trace, debug, info, notice, warning, error, critical

    var level: Logger.Level { Logger.Level(rawValue: rawValue) ?? TokenDeckLogging.defaultLevel }
}

/// A command with the common options, so `Main` can read `--log-level` before running it.
protocol CarriesCommonOptions {
    var common: CommonOptions { get }
}

extension DashboardCommand: CarriesCommonOptions {}
extension ListCommand: CarriesCommonOptions {}
extension CreateCommand: CarriesCommonOptions {}
extension AccountsCommand: CarriesCommonOptions {}
extension ThemesCommand: CarriesCommonOptions {}

/// swift-log bootstrapped once, before any command runs: every logger writes to the log file
/// (never the screen) at `--log-level`, else `TOKENDECK_LOG_LEVEL`, else `warning`.
enum LoggingSetup {
    static func bootstrap(for command: any ParsableCommand) throws {
        let flag = (command as? any CarriesCommonOptions)?.common.logLevel?.level
        let level: Logger.Level
        do {
            level = try TokenDeckLogging.level(flag: flag, environment: ProcessInfo.processInfo.environment)
        } catch {
            printError(error.description)
            throw ExitStatus.usage
        }
        TokenDeckLogging.bootstrap(level: level)
    }
}
