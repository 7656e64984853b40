import ArgumentParser
import Foundation
import TokenDeckCore
import TokenDeckSync

/// What `suspend`, `activate`, `revoke` and `delete` share: the account, the ids, `--yes`, the format.
struct ActionOptions: ParsableArguments {
    @Option(help: "The configured account the tokens belong to (Prefactor: every action; TrueFoundry: delete).")
    var account: String

    @Argument(help: "The ids of the tokens, as `list` prints them.")
    var ids: [String]

    @Flag(help: "Do not ask: needed for revoke and delete when standard input is not a terminal.")
    var yes = false

    @Option(help: "Output format: table or json (one object per token: id, action, result, message).")
    var format: String = "table"

    @OptionGroup var common: CommonOptions

    func validate() throws {
        if ids.isEmpty { throw ValidationError("give at least one token id") }
        if format != "table" && format != "json" { throw ValidationError("--format: '\(format)' is not one of table, json") }
    }
}

/// Sends one action for each id: one request a token, never retried; exit 0 when every token took
/// it, 1 when the vendor refused or could not be reached for any, 2 for bad usage, a config that
/// does not offer the action, read-only mode, or a confirmation not given.
enum ActionRunner {
    static func run(_ action: TokenAction, _ options: ActionOptions) async throws {
        if options.common.readOnly {
            try ReadOnlyPolicy.refuse("\(action.rawValue)", configuration: try? Configuration.load(path: options.common.config), flag: true)
        }
        let configuration = try CommandSetup.loadConfiguration(options.common)
        try ReadOnlyPolicy.refuse("\(action.rawValue)", configuration: configuration, flag: options.common.readOnly)
        guard let configured = configuration.account(named: options.account) else {
            let known = configuration.accounts.map(\.account.name).joined(separator: ", ")
            printError("--account: no account named '\(options.account)' in \(configuration.path ?? "the config") (configured: \(known.isEmpty ? "none" : known))")
            throw ExitStatus.usage
        }
        let vendor = configured.account.vendor
        guard vendor.supportedActions.contains(action) else {
            let offered = vendor.supportedActions.map(\.rawValue)
            printError("--account: '\(options.account)' is a \(vendor.rawValue) account, and \(vendor.rawValue) documents "
                + (offered.isEmpty ? "no action on its tokens" : "only \(offered.joined(separator: ", ")) for its tokens"))
            throw ExitStatus.usage
        }
        try confirm(action, options)

        let cache = try CommandSetup.openCache(options.common)
        let transport = AsyncHTTPClientTransport()
        let service = TokenService(accounts: configuration.accounts, cache: cache, transport: transport,
                                   actionLog: ActionLog(path: Configuration.defaultActionsLogPath))
        let results = await service.perform(action, account: options.account, ids: options.ids)
        await transport.shutdown()

        Output.write(render(results, action: action, json: options.format == "json"))
        for result in results {
            if case .failure(let error) = result.outcome {
                printError("\(options.account): \(Sanitizer.sanitize(result.id)): \(Sanitizer.sanitize(error.description))")
            }
        }
        if results.contains(where: { if case .failure = $0.outcome { true } else { false } }) { throw ExitStatus.vendorError }
    }

    /// Revoke and delete cannot be undone: at a terminal the person types the word and the count
    /// (`revoke 3`); elsewhere `--yes` is required. Suspend and activate ask y/N at a terminal.
    static func confirm(_ action: TokenAction, _ options: ActionOptions) throws {
        guard !options.yes else { return }
        guard isatty(STDIN_FILENO) == 1 else {
            if action.isDestructive {
                printError("\(action.rawValue) cannot be undone: pass --yes to \(action.rawValue) without a terminal to confirm at")
                throw ExitStatus.usage
            }
            return
        }
        let count = options.ids.count
        let word = action.isDestructive ? "\(action.rawValue) \(count)" : "y"
        var prompt = "\(action.rawValue) \(count) token\(count == 1 ? "" : "s") at \(options.account):\n"
        for id in options.ids { prompt += "  \(Sanitizer.sanitize(id))\n" }
        prompt += action.isDestructive ? "This cannot be undone. Type '\(word)' to go on: " : "Go on? [y/N] "
        FileHandle.standardError.write(Data(prompt.utf8))
        let answer = (readLine() ?? "").trimmingCharacters(in: .whitespaces)
        guard action.isDestructive ? answer == word : answer.lowercased() == "y" else {
            printError("nothing sent")
            throw ExitStatus.usage
        }
    }

    static func render(_ results: [TokenService.ActionResult], action: TokenAction, json: Bool) -> String {
        var out = ""
        for result in results {
            let (word, message): (String, String?) = switch result.outcome {
            case .success(.deleted): ("deleted", nil)
            case .success(.status(let status)): (status.rawValue, nil)
            case .failure(let error): ("error", Sanitizer.sanitize(error.description))
            }
            if json {
                out += "{\"id\":"; TokenOutput.appendJSONString(result.id, to: &out)
                out += ",\"action\":\"\(action.rawValue)\",\"result\":\"\(word)\",\"message\":"
                if let message { TokenOutput.appendJSONString(message, to: &out) } else { out += "null" }
                out += "}\n"
            } else {
                out += "\(Sanitizer.sanitize(result.id))  \(word)\(message.map { "  \($0)" } ?? "")\n"
            }
        }
        return out
    }
}

/// `tokendeck actions`: the audit log of every action sent, as recorded.
struct ActionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "actions",
        abstract: "Print the log of every action TokenDeck has sent (a JSON line each).",
        discussion: "The log is $XDG_STATE_HOME/tokendeck/actions.log (default ~/.local/state/tokendeck/actions.log), mode 0600.")

    /// Accepted like every command's (the log's place does not depend on them).
    @OptionGroup var common: CommonOptions

    func run() async throws {
        let path = Configuration.defaultActionsLogPath
        guard let data = FileManager.default.contents(atPath: path) else {
            Output.note("no action recorded yet (\(path))")
            return
        }
        // Recorded by us, but the file is a file: nothing in it may act on the terminal.
        let text = String(decoding: data, as: UTF8.self)
        Output.write(text.split(separator: "\n", omittingEmptySubsequences: true).map { Sanitizer.sanitize(String($0)) + "\n" }.joined())
    }
}

/// One subcommand per action: its name and help, the rest is `ActionRunner`.
protocol TokenActionCommand: AsyncParsableCommand {
    static var action: TokenAction { get }
    var options: ActionOptions { get }
}

extension TokenActionCommand {
    func run() async throws { try await ActionRunner.run(Self.action, options) }
}

struct SuspendCommand: TokenActionCommand {
    static let configuration = CommandConfiguration(commandName: "suspend", abstract: "Suspend Prefactor API tokens (activate undoes it).")
    static let action = TokenAction.suspend
    @OptionGroup var options: ActionOptions
}

struct ActivateCommand: TokenActionCommand {
    static let configuration = CommandConfiguration(commandName: "activate", abstract: "Activate suspended Prefactor API tokens.")
    static let action = TokenAction.activate
    @OptionGroup var options: ActionOptions
}

struct RevokeCommand: TokenActionCommand {
    static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Revoke Prefactor API tokens, for good.")
    static let action = TokenAction.revoke
    @OptionGroup var options: ActionOptions
}

struct DeleteCommand: TokenActionCommand {
    static let configuration = CommandConfiguration(commandName: "delete", abstract: "Delete Prefactor or TrueFoundry tokens, for good.")
    static let action = TokenAction.delete
    @OptionGroup var options: ActionOptions
}
