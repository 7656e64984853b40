import Foundation
import TokenDeckCore

/// `:` — a one-line command prompt in the status bar, as k9s users expect: `:account acme-prod`,
/// `:type svc_access`, `:trash only`, `:theme light`, `:export csv tokens.csv`. Tab completes the
/// command and its argument; Enter runs it; Esc closes it. Pure: what to run comes out as state
/// changes and effects.
struct CommandPrompt: Sendable, Hashable {
    var text = ""
    /// What Tab offered last, shown after the input while more than one fits.
    var candidates: [String] = []

    /// Every command, with what its argument may be.
    enum Command: String, CaseIterable, Sendable {
        case account, type, status, trash, risk, risks, changes, sort, search, theme, export, refresh, create, suspend, activate, revoke, delete, help, quit

        var usage: String {
            switch self {
            case .account: "account NAME|all"
            case .type: "type KIND|all"
            case .status: "status STATUS|all"
            case .trash: "trash none|with|only"
            case .risk: "risk RULE|any|off"
            case .risks: "risks"
            case .changes: "changes"
            case .sort: "sort FIELD [asc|desc]"
            case .search: "search TEXT"
            case .theme: "theme NAME"
            case .export: "export csv|json FILE"
            case .refresh: "refresh"
            case .create: "create"
            case .suspend, .activate, .revoke, .delete: "\(rawValue) (the marked tokens, else the selected one)"
            case .help: "help"
            case .quit: "quit"
            }
        }
    }

    /// Short forms people type without thinking.
    static let aliases: [String: Command] = ["a": .account, "q": .quit, "q!": .quit, "r": .refresh, "x": .trash,
                                             "t": .type, "f": .status, "s": .sort, "c": .create, "?": .help]

    static func command(named word: String) -> Command? {
        Command(rawValue: word.lowercased()) ?? aliases[word.lowercased()]
    }

    // MARK: - Completion

    /// The values the argument of `command` can take in `state`.
    static func arguments(for command: Command, in state: AppState) -> [String] {
        switch command {
        case .account: ["all"] + state.accounts.map(\.name)
        case .type: ["all"] + Set(state.catalog.tokens.map(\.kind)).sorted()
        case .status: ["all"] + TokenStatus.allCases.map(\.rawValue)
        case .trash: TrashFilter.allCases.map(\.rawValue)
        case .risk: ["off", "any"] + PolicyViolation.Rule.allCases.map(\.rawValue)
        case .sort: SortField.allCases.map(\.rawValue)
        case .theme: state.themeNames
        case .export: ["csv", "json"]
        case .search, .risks, .changes, .refresh, .create, .suspend, .activate, .revoke, .delete, .help, .quit: []
        }
    }

    /// Tab: completes the word under the cursor (the end) to the longest prefix the candidates
    /// share, adding a space when only one is left.
    mutating func complete(in state: AppState) {
        let words = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        let pool: [String]
        let partial: String
        if words.count <= 1 {
            pool = Command.allCases.map(\.rawValue)
            partial = words.first ?? ""
        } else if words.count == 2, let command = Self.command(named: words[0]) {
            pool = Self.arguments(for: command, in: state)
            partial = words[1]
        } else {
            candidates = []
            return
        }
        let matches = pool.filter { $0.lowercased().hasPrefix(partial.lowercased()) }
        candidates = matches.count > 1 ? matches : []
        guard let first = matches.first else { return }
        var common = first
        for match in matches.dropFirst() {
            while !match.lowercased().hasPrefix(common.lowercased()) { common.removeLast() }
        }
        let completed = matches.count == 1 ? first + " " : (common.count > partial.count ? common : partial)
        text = (words.dropLast() + [completed]).joined(separator: " ")
    }

    // MARK: - Running

    /// Runs the typed command against `state`; returns the effects it needs.
    static func run(_ line: String, in state: inout AppState) -> [Effect] {
        let words = line.split(separator: " ").map(String.init)
        guard let word = words.first else { return [] }
        guard let command = command(named: word) else {
            return fail("unknown command '\(Sanitizer.sanitize(word))' — try " + Command.allCases.map(\.rawValue).joined(separator: ", "), in: &state)
        }
        let argument = words.dropFirst().joined(separator: " ")
        let needsArgument: Set<Command> = [.account, .type, .status, .trash, .risk, .sort, .search, .theme, .export]
        if needsArgument.contains(command), argument.isEmpty {
            return fail(":\(command.usage)", in: &state)
        }
        switch command {
        case .account:
            if argument.lowercased() == "all" {
                state.selectAccount(ordinal: nil)
            } else if let ordinal = state.accounts.firstIndex(where: { $0.name == argument })
                        ?? state.accounts.firstIndex(where: { $0.name.lowercased() == argument.lowercased() }) {
                state.selectAccount(ordinal: ordinal)
            } else {
                return fail("no account '\(Sanitizer.sanitize(argument))' — accounts: " + state.accounts.map(\.name).joined(separator: ", "), in: &state)
            }
        case .type:
            state.query.kind = argument.lowercased() == "all" ? nil : argument
        case .status:
            if argument.lowercased() == "all" {
                state.query.status = nil
            } else if let status = TokenStatus(rawValue: argument.lowercased()) {
                state.query.status = status
            } else {
                return fail(":status takes one of all, " + TokenStatus.allCases.map(\.rawValue).joined(separator: ", "), in: &state)
            }
        case .trash:
            let value = argument.lowercased() == "active" ? "none" : argument.lowercased()
            guard let trash = TrashFilter(rawValue: value) else { return fail(":trash takes none, with or only", in: &state) }
            state.query.trashed = trash
        case .risk:
            guard RiskKeys.filter(named: argument, in: &state) else {
                return fail(":risk takes off, any or one of " + PolicyViolation.Rule.allCases.map(\.rawValue).joined(separator: ", "), in: &state)
            }
        case .risks:
            RiskKeys.open(in: &state)
        case .changes:
            return ChangesKeys.open(in: &state)
        case .sort:
            let parts = argument.lowercased().split(separator: " ").map(String.init)
            guard let field = SortField(rawValue: parts[0]) ?? (parts[0] == "lastused" ? .lastUsed : nil) else {
                return fail(":sort takes one of " + SortField.allCases.map(\.rawValue).joined(separator: ", "), in: &state)
            }
            let ascending: Bool
            switch parts.count > 1 ? parts[1] : "" {
            case "asc", "up": ascending = true
            case "desc", "down": ascending = false
            case "": ascending = state.query.sort.field == field ? state.query.sort.ascending : false
            default: return fail(":sort FIELD takes asc or desc", in: &state)
            }
            state.query.sort = TokenSort(field: field, ascending: ascending)
        case .search:
            state.query.text = argument
        case .theme:
            return [.switchTheme(argument)]
        case .export:
            let parts = argument.split(separator: " ", maxSplits: 1).map(String.init)
            guard parts.count == 2, ["csv", "json"].contains(parts[0].lowercased()) else {
                return fail(":export csv|json FILE", in: &state)
            }
            return [.exportView(format: parts[0].lowercased(), path: parts[1], tokens: state.visibleTokens)]
        case .refresh:
            return [.refresh]
        case .create:
            CreateKeys.open(in: &state)
        case .suspend, .activate, .revoke, .delete:
            return ActionKeys.open(TokenAction(rawValue: command.rawValue), in: &state)
        case .help:
            state.overlay = .help(scroll: 0)
        case .quit:
            return KeyHandler.quit(&state)
        }
        return []
    }

    private static func fail(_ text: String, in state: inout AppState) -> [Effect] {
        state.message = StatusMessage(kind: .error, text: text)
        return []
    }
}

/// Keys while the prompt is open: it takes every key until Enter or Esc.
enum CommandKeys {
    static func handle(_ key: Key, in state: inout AppState) -> [Effect] {
        guard var prompt = state.commandPrompt else { return [] }
        switch key {
        case .char(let character):
            prompt.text.append(character)
            prompt.candidates = []
        case .paste(let text):
            prompt.text += String(text.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }.map(Character.init))
        case .backspace:
            if prompt.text.isEmpty {
                state.commandPrompt = nil
                return []
            }
            prompt.text.removeLast()
            prompt.candidates = []
        case .ctrl("u"):
            prompt.text = ""
        case .ctrl("w"):
            while prompt.text.last == " " { prompt.text.removeLast() }
            while let last = prompt.text.last, last != " " { prompt.text.removeLast() }
        case .tab:
            prompt.complete(in: state)
        case .escape, .ctrl("c"):
            state.commandPrompt = nil
            return []
        case .enter:
            state.commandPrompt = nil
            return CommandPrompt.run(prompt.text.trimmingCharacters(in: .whitespaces), in: &state)
        default:
            break
        }
        state.commandPrompt = prompt
        return []
    }
}
