import Foundation
import Testing

/// What `make install` takes from the binary — `--version`, the completion scripts and the man
/// page — and the installed layout itself: `PREFIX/bin/tokendeck` finds `PREFIX/share/tokendeck/themes`.
@Suite("version, completions, man page and install layout", .serialized)
struct PackagingTests {
    /// The subcommands a person sees; `manual` is hidden (it is for `make install`).
    static let subcommands = ["dashboard", "list", "create", "suspend", "activate", "revoke", "delete", "actions", "audit", "changes", "accounts", "sandbox", "themes"]

    static func tokendeck(_ arguments: [String], environment: [String: String] = [:]) throws -> CreateCommandTests.Run {
        try CreateCommandTests.tokendeck(arguments, environment: environment)
    }

    @Test func versionPrintsTheVersionAndExitsZero() throws {
        let run = try Self.tokendeck(["--version"])
        #expect(run.status == 0)
        #expect(run.stdout == "0.1.0\n")
        #expect(run.stderr.isEmpty)
    }

    // MARK: - Completions

    @Test func bashCompletionNamesTheSubcommandsAndTheValuesOfEnumeratedOptions() throws {
        let run = try Self.tokendeck(["--generate-completion-script", "bash"])
        #expect(run.status == 0)
        let script = run.stdout
        #expect(script.contains("complete -o filenames -F _tokendeck tokendeck"))
        #expect(script.contains("compgen -W '\(Self.subcommands.joined(separator: " ")) help'"))
        for subcommand in Self.subcommands where subcommand != "dashboard" {
            #expect(script.contains("_tokendeck_\(subcommand)()"), "no function for \(subcommand)")
        }
        #expect(!script.contains("_tokendeck_manual"))
        for option in ["--export", "--log-level", "--read-only", "--trashed", "--write-config"] {
            #expect(script.contains(option), "bash completion lacks \(option)")
        }
        #expect(script.contains("'none'$'\\n''with'$'\\n''only'"))
        #expect(script.contains("'trace'$'\\n''debug'$'\\n''info'"))
    }

    @Test func zshCompletionIsACompdefNamingEverySubcommand() throws {
        let run = try Self.tokendeck(["--generate-completion-script", "zsh"])
        #expect(run.status == 0)
        let script = run.stdout
        #expect(script.hasPrefix("#compdef tokendeck\n"))
        for subcommand in Self.subcommands {
            #expect(script.contains("'\(subcommand):"), "zsh completion lacks \(subcommand)")
        }
        #expect(!script.contains("'manual:"))
        #expect(script.contains("('table' 'json' 'ndjson' 'csv')"))
        #expect(script.contains("('provisionr' 'prefactor' 'metokens' 'truefoundry')"))
    }

    @Test func fishCompletionCompletesEverySubcommand() throws {
        let run = try Self.tokendeck(["--generate-completion-script", "fish"])
        #expect(run.status == 0)
        let script = run.stdout
        for subcommand in Self.subcommands {
            #expect(script.contains("complete -c 'tokendeck' -n '__tokendeck_should_offer_completions_for_positional \"tokendeck\" -eq 1' -fa '\(subcommand)'"),
                    "fish completion lacks \(subcommand)")
        }
        #expect(script.contains("-l 'log-level'"))
        #expect(script.contains("-rfka 'trace debug info notice warning error critical'"))
        #expect(script.contains("-rfka 'none with only'"))
    }

    @Test func anUnknownShellExitsTwo() throws {
        let run = try Self.tokendeck(["--generate-completion-script", "powershell"])
        #expect(run.status == 2)
        #expect(run.stderr.contains("powershell"))
    }

    // MARK: - The man page

    /// Macros the page may use: mdoc's, and nothing raw (no `.br`, `.sp`, `.TH`).
    static let mdocMacros: Set<String> = [
        "Dd", "Dt", "Os", "Sh", "Ss", "Nm", "Nd", "Op", "Ar", "Fl", "Cm", "Pp", "Bl", "El", "It", "Ev", "Pa", "Ql",
    ]

    @Test func theManPageIsMdocNamingEverySubcommandAndOption() throws {
        let run = try Self.tokendeck(["manual"], environment: ["SOURCE_DATE_EPOCH": "1767225600"])
        #expect(run.status == 0, "stderr: \(run.stderr)")
        let page = run.stdout
        let lines = page.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        #expect(Array(lines.prefix(3)) == [".Dd January 1, 2026", ".Dt TOKENDECK 1", ".Os"])
        #expect(page.hasSuffix("\n"))

        // Sections in the conventional order.
        let sections = lines.filter { $0.hasPrefix(".Sh ") }.map { String($0.dropFirst(4)) }
        #expect(sections == ["NAME", "SYNOPSIS", "DESCRIPTION", "COMMANDS", "ENVIRONMENT", "FILES", "EXIT STATUS"])

        // Valid-looking: only mdoc macros, lists closed, no blank lines, plain ASCII.
        for line in lines where line.hasPrefix(".") {
            let macro = String(line.dropFirst().prefix { $0 != " " })
            #expect(Self.mdocMacros.contains(macro), "unexpected request: \(line)")
        }
        #expect(lines.filter { $0.hasPrefix(".Bl ") }.count == lines.filter { $0 == ".El" }.count)
        #expect(!lines.contains(""))
        #expect(!lines.contains { $0.hasPrefix("'") })
        #expect(page.unicodeScalars.allSatisfy { $0.isASCII })
        // "1…1000" in --page-size's help, escaped for troff.
        #expect(page.contains("1\\[u2026]1000"))

        // Every subcommand in the synopsis and in COMMANDS; the hidden one in neither.
        for subcommand in Self.subcommands {
            #expect(page.contains(".Nm\n.Cm \(subcommand)\n"), "synopsis lacks \(subcommand)")
            #expect(lines.contains(".It Cm \(subcommand)"), "COMMANDS lacks \(subcommand)")
        }
        #expect(!page.contains("Cm manual"))

        // Every option the binary itself declares (ArgumentParser's own description of it).
        let dump = try Self.tokendeck(["--experimental-dump-help"])
        let tool = try #require(try JSONSerialization.jsonObject(with: Data(dump.stdout.utf8)) as? [String: Any])
        let root = try #require(tool["command"] as? [String: Any])
        var checked = 0
        for command in root["subcommands"] as? [[String: Any]] ?? [] where command["shouldDisplay"] as? Bool ?? true {
            let name = command["commandName"] as? String ?? "?"
            guard name != "help" else { continue }
            for argument in command["arguments"] as? [[String: Any]] ?? [] where argument["shouldDisplay"] as? Bool == true {
                for long in (argument["names"] as? [[String: Any]] ?? []) where long["kind"] as? String == "long" {
                    let option = long["name"] as? String ?? ""
                    guard option != "help" else { continue }
                    #expect(page.contains(".It Fl -\(option)"), "\(name): no entry for --\(option)")
                    checked += 1
                }
            }
        }
        #expect(checked > 40)
        for option in ["export", "log-level", "read-only", "write-config", "fault-rate", "demo"] {
            #expect(page.contains("Fl -\(option)"))
        }
        #expect(page.contains(".It Ev TOKENDECK_LOG_LEVEL"))
        #expect(page.contains(".Pa $XDG_STATE_HOME/tokendeck/tokendeck.log"))
    }

    @Test func theManPageGoesToAFileWithOutput() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tokendeck-man-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let environment = ["SOURCE_DATE_EPOCH": "0"]
        let run = try Self.tokendeck(["manual", "--output", directory + "/tokendeck.1"], environment: environment)
        #expect(run.status == 0, "stderr: \(run.stderr)")
        #expect(run.stdout.isEmpty)
        let written = String(decoding: FileManager.default.contents(atPath: directory + "/tokendeck.1") ?? Data(), as: UTF8.self)
        #expect(written == (try Self.tokendeck(["manual"], environment: environment)).stdout)
        #expect(written.hasPrefix(".Dd January 1, 1970\n"))
    }

    // MARK: - The installed layout

    /// `make install`'s layout in a scratch PREFIX: the binary (hard-linked, so it runs from
    /// PREFIX/bin as the installed one would) and the package's themes in share/tokendeck/themes.
    @Test func anInstalledBinaryFindsTheInstalledThemes() throws {
        let prefix = FileManager.default.temporaryDirectory.appendingPathComponent("tokendeck-prefix-\(UUID().uuidString)").path
        let themes = prefix + "/share/tokendeck/themes"
        try FileManager.default.createDirectory(atPath: prefix + "/bin", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: themes, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: prefix) }
        do {
            try FileManager.default.linkItem(atPath: TmuxSession.binary, toPath: prefix + "/bin/tokendeck")
        } catch {
            try FileManager.default.copyItem(atPath: TmuxSession.binary, toPath: prefix + "/bin/tokendeck")
        }
        let package = URL(fileURLWithPath: TmuxSession.binary).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let themeFiles = try FileManager.default.contentsOfDirectory(atPath: package.path + "/Themes").filter { $0.hasSuffix(".toml") }.sorted()
        #expect(themeFiles.count >= 3)
        for file in themeFiles {
            try FileManager.default.copyItem(atPath: package.path + "/Themes/" + file, toPath: themes + "/" + file)
        }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: prefix + "/bin/tokendeck")
        process.arguments = ["themes"]
        // No personal themes and no config: only the installed directory can supply files.
        process.environment = ["HOME": prefix, "XDG_DATA_HOME": prefix + "/data", "XDG_CONFIG_HOME": prefix + "/config",
                               "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "output: \(text)")
        for file in themeFiles {
            let name = String(file.dropLast(5))
            let line = text.split(separator: "\n").first { $0.dropFirst(2).hasPrefix(name + " ") }
            #expect(line?.contains(themes + "/" + file) == true, "\(name) not found in \(themes): \(text)")
        }
        #expect(!text.contains(package.path + "/Themes"))
        #expect(!text.contains("✗"))
    }
}
