import ArgumentParser
import Foundation

/// The root command. Subcommands only parse and call into the libraries.
struct TokenDeck: AsyncParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "tokendeck",
        abstract: "A terminal dashboard for the API tokens your organisation holds at several vendors.",
        version: version,
        subcommands: [DashboardCommand.self, ListCommand.self, CreateCommand.self,
                      SuspendCommand.self, ActivateCommand.self, RevokeCommand.self, DeleteCommand.self, ActionsCommand.self, AuditCommand.self, ChangesCommand.self, AccountsCommand.self, SandboxCommand.self, ThemesCommand.self, ManualCommand.self],
        defaultSubcommand: DashboardCommand.self
    )
}

/// Exit codes of the contract: 0 success, 1 vendor or network error, 2 bad usage or config
/// (and `audit`'s 4: violations found, `AuditCommand.violationsFound`).
enum ExitStatus {
    static let vendorError = ExitCode(1)
    static let usage = ExitCode(2)
}

/// Prints `message` to standard error with the program name, for errors a person must act on.
func printError(_ message: String) {
    FileHandle.standardError.write(Data("tokendeck: \(message)\n".utf8))
}

@main
enum Main {
    static func main() async {
        MemoryTuning.apply()
        do {
            var command = try TokenDeck.parseAsRoot()
            try LoggingSetup.bootstrap(for: command)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = TokenDeck.exitCode(for: error)
            if code == .success {
                print(TokenDeck.fullMessage(for: error))
                exit(0)
            }
            let message = TokenDeck.fullMessage(for: error)
            if !message.isEmpty { FileHandle.standardError.write(Data((message + "\n").utf8)) }
            // ArgumentParser uses 64 (EX_USAGE) for validation; the contract says 2.
            exit(code == .validationFailure ? ExitStatus.usage.rawValue : code.rawValue)
        }
    }
}
