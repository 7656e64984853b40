import ArgumentParser
import Foundation

/// `tokendeck manual`: the man page, written from the command definitions themselves (through
/// ArgumentParser's own description of them), so it cannot drift from `--help`. Hidden: it is for
/// `make install`, not for people.
struct ManualCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "manual",
        abstract: "Print the tokendeck(1) man page (mdoc) built from the command definitions.",
        shouldDisplay: false)

    @Option(help: "Write the page to this file instead of standard output.")
    var output: String?

    func run() throws {
        let page: String
        do {
            page = try ManualPage.render(dumpedHelp: TokenDeck._dumpHelp(), date: ManualPage.pageDate())
        } catch {
            printError("cannot build the man page: \(error)")
            throw ExitStatus.vendorError
        }
        guard let output else {
            Output.write(page)
            return
        }
        do {
            try Data(page.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
        } catch {
            printError("cannot write \(output): \(error.localizedDescription)")
            throw ExitStatus.vendorError
        }
    }
}

/// An mdoc(7) page from ArgumentParser's JSON description of the commands (`_dumpHelp`, the same
/// data its GenerateManual plugin reads), plus the few facts no option states: files, environment
/// and exit status.
enum ManualPage {
    struct ToolInfo: Decodable {
        var command: CommandInfo
    }

    struct CommandInfo: Decodable {
        var commandName: String
        var abstract: String?
        var discussion: String?
        var shouldDisplay: Bool?
        var subcommands: [CommandInfo]?
        var arguments: [ArgumentInfo]?
    }

    struct ArgumentInfo: Decodable {
        struct Name: Decodable {
            var kind: String
            var name: String
        }

        var kind: String
        var shouldDisplay: Bool
        var isOptional: Bool
        var isRepeating: Bool
        var names: [Name]?
        var valueName: String?
        var defaultValue: String?
        var allValues: [String]?
        var abstract: String?
        var discussion: String?
    }

    static func render(dumpedHelp: String, date: String) throws -> String {
        let root = try JSONDecoder().decode(ToolInfo.self, from: Data(dumpedHelp.utf8)).command
        let name = root.commandName
        var page = """
            .Dd \(date)
            .Dt \(name.uppercased()) 1
            .Os
            .Sh NAME
            .Nm \(name)
            .Nd \(escape(root.abstract ?? ""))
            .Sh SYNOPSIS

            """
        let commands = (root.subcommands ?? []).filter { $0.shouldDisplay ?? true }
        page += ".Nm\n.Op Ar options\n"
        for command in commands {
            page += ".Nm\n.Cm \(command.commandName)\n" + synopsis(of: command)
        }
        page += ".Sh DESCRIPTION\n" + paragraphs(root.discussion ?? root.abstract ?? "")
        page += options(of: root)
        page += ".Sh COMMANDS\n.Bl -tag -width 6n\n"
        for command in commands {
            page += ".It Cm \(command.commandName)\n" + paragraphs(command.abstract ?? "")
            if let discussion = command.discussion, !discussion.isEmpty { page += ".Pp\n" + paragraphs(discussion) }
            page += options(of: command)
        }
        page += ".El\n" + supplement
        return page
    }

    /// `.Op Fl -account Ar account` for each option, bare for the required ones.
    private static func synopsis(of command: CommandInfo) -> String {
        var out = ""
        for argument in displayed(command.arguments) {
            let item = itemText(argument)
            out += argument.isOptional ? ".Op \(item)\n" : ".\(item)\n"
        }
        return out
    }

    private static func options(of command: CommandInfo) -> String {
        let arguments = displayed(command.arguments)
        guard !arguments.isEmpty else { return "" }
        var out = ".Bl -tag -width 6n\n"
        for argument in arguments {
            out += ".It \(itemText(argument))\n"
            var help = argument.abstract ?? ""
            if let values = argument.allValues, !values.isEmpty, !help.contains(values[0]) {
                help += " One of: \(values.joined(separator: ", "))."
            }
            if let value = argument.defaultValue, !value.isEmpty, argument.kind == "option" {
                help += " Default: \(value)."
            }
            out += paragraphs(help)
            if let discussion = argument.discussion, !discussion.isEmpty { out += paragraphs(discussion) }
        }
        return out + ".El\n"
    }

    /// `Fl -account Ar account` (mdoc turns `Fl -x` into `--x`), or `Ar value` for a positional.
    private static func itemText(_ argument: ArgumentInfo) -> String {
        let value = argument.valueName.map { " Ar \($0)" } ?? ""
        guard argument.kind != "positional" else { return "Ar \(argument.valueName ?? "value")" }
        let names = (argument.names ?? []).map { name in
            switch name.kind {
            case "short": "Fl \(name.name)"
            case "longWithSingleDash": "Fl \(name.name)"
            default: "Fl -\(name.name)"
            }
        }
        let flags = names.joined(separator: " , ")
        return argument.kind == "option" ? flags + value : flags
    }

    private static func displayed(_ arguments: [ArgumentInfo]?) -> [ArgumentInfo] {
        (arguments ?? []).filter { $0.shouldDisplay && $0.names?.contains(where: { $0.name == "help" }) != true }
    }

    /// Text as mdoc: blank lines become `.Pp`, each line escaped so it cannot be read as a request.
    static func paragraphs(_ text: String) -> String {
        var out = ""
        for (index, paragraph) in text.components(separatedBy: "\n\n").enumerated() {
            let lines = paragraph.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard !lines.isEmpty else { continue }
            if index > 0 { out += ".Pp\n" }
            for line in lines { out += escape(line) + "\n" }
        }
        return out
    }

    /// A backslash is troff's escape; a line starting with `.` or `'` would be a request; anything
    /// outside ASCII (`…`, `—`) becomes a `\[uXXXX]` escape, which groff and mandoc both draw and
    /// which does not depend on the reader's locale.
    static func escape(_ line: String) -> String {
        var escaped = ""
        for scalar in line.unicodeScalars {
            switch scalar {
            case "\\": escaped += "\\e"
            case _ where scalar.isASCII: escaped.unicodeScalars.append(scalar)
            default:
                let hex = String(scalar.value, radix: 16, uppercase: true)
                escaped += "\\[u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + "]"
            }
        }
        return escaped.hasPrefix(".") || escaped.hasPrefix("'") ? "\\&" + escaped : escaped
    }

    /// The page's date: `SOURCE_DATE_EPOCH` when set (reproducible builds), else today.
    static func pageDate(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let date = environment["SOURCE_DATE_EPOCH"].flatMap(TimeInterval.init).map(Date.init(timeIntervalSince1970:)) ?? Date()
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "MMMM d, yyyy"
        return formatter.string(from: date)
    }

    /// What no option says: where files live, what the environment changes, what the exit status means.
    static let supplement = """
        .Sh ENVIRONMENT
        .Bl -tag -width 6n
        .It Ev XDG_CONFIG_HOME
        The configuration is read from
        .Pa $XDG_CONFIG_HOME/tokendeck/config.toml .
        .It Ev XDG_CACHE_HOME
        The token cache lives in
        .Pa $XDG_CACHE_HOME/tokendeck/cache.sqlite .
        .It Ev XDG_STATE_HOME
        The log is appended to
        .Pa $XDG_STATE_HOME/tokendeck/tokendeck.log ,
        and every action sent to
        .Pa $XDG_STATE_HOME/tokendeck/actions.log .
        .It Ev XDG_DATA_HOME
        Personal themes are looked for in
        .Pa $XDG_DATA_HOME/tokendeck/themes .
        .It Ev TOKENDECK_LOG_LEVEL
        The log level when
        .Fl -log-level
        is not given.
        .It Ev NO_COLOR
        When set and not empty, the mono theme is used.
        .El
        .Sh FILES
        .Bl -tag -width 6n
        .It Pa ~/.config/tokendeck/config.toml
        Accounts, theme, page size and
        .Ql read_only .
        .It Pa ~/.cache/tokendeck/cache.sqlite
        Cached tokens; never a secret.
        .It Pa ~/.local/state/tokendeck/tokendeck.log
        The log (mode 0600); secrets are masked.
        .It Pa ~/.config/tokendeck/policy.toml
        The policy
        .Nm tokendeck Cm audit
        checks against (else a built-in one), and the dashboard's risk view counts.
        .It Pa ~/.local/state/tokendeck/last-opened.json
        When the dashboard was last opened on each cache: tokens that appeared since are marked new.
        .It Pa ~/.local/state/tokendeck/actions.log
        One JSON line per action or create sent to a vendor (mode 0600; never a secret);
        .Nm tokendeck Cm actions
        prints it.
        .It Pa <prefix>/share/tokendeck/themes
        Installed themes.
        .El
        .Sh EXIT STATUS
        .Bl -tag -width 6n
        .It 0
        Success.
        .It 1
        A vendor or network error.
        .It 2
        Bad usage or bad configuration (or policy).
        .It 4
        .Nm tokendeck Cm audit
        found violations (1 comes first when an account could not be checked).
        .El

        """
}
