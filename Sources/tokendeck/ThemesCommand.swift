import ArgumentParser
import Foundation
import TokenDeckSync
import TokenDeckUI

/// `tokendeck themes`: every theme `--theme` accepts, where it comes from, and which one is active.
struct ThemesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "themes",
        abstract: "List the available themes, marking the active one.",
        discussion: """
            Themes are TOML files named NAME.toml in these directories, first match winning:
            $XDG_DATA_HOME/tokendeck/themes (~/.local/share/tokendeck/themes), <prefix>/share/tokendeck/themes
            next to the binary, the package's Themes/ directory, /usr/local/share/tokendeck/themes.
            'default' and 'mono' are built in. NO_COLOR (set, not empty) always selects mono.
            """)

    @OptionGroup var common: CommonOptions

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let executable = Bundle.main.executablePath ?? CommandLine.arguments.first ?? "tokendeck"
        let searchPaths = ThemeLoader.defaultSearchPaths(executablePath: executable, environment: environment)

        var requested = common.theme
        var reason = requested.map { _ in "--theme" } ?? "no --theme and no theme in the config"
        if requested == nil {
            do {
                if let config = try Configuration.load(path: common.config), let theme = config.theme {
                    requested = theme
                    reason = "theme in \(config.path ?? "the config")"
                }
            } catch {
                printError("\(error) (listing themes without it)")
            }
        }
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty {
            requested = "mono"
            reason = "NO_COLOR is set"
        }
        let activeName = requested.map { ThemeLoader.isThemePath($0) ? URL(fileURLWithPath: $0).deletingPathExtension().lastPathComponent : $0 } ?? "default"

        let files = Dictionary(ThemeLoader.themeFiles(searchPaths: searchPaths).map { ($0.name, $0.path) }, uniquingKeysWith: { first, _ in first })
        var rows: [(name: String, source: String, path: String?)] = ThemeLoader.available(searchPaths: searchPaths).map { name in
            let builtIn = ThemeLoader.builtInNames.contains(name)
            switch (builtIn, files[name]) {
            case (_, let path?): return (name, builtIn ? "\(path) (also built in)" : path, path)
            case (_, nil): return (name, "built-in", nil)
            }
        }
        if let requested, ThemeLoader.isThemePath(requested) {
            rows.append((activeName, requested, requested))
        }
        let nameWidth = max(12, rows.map(\.name.count).max() ?? 0)
        var output = ""
        for row in rows {
            let isActive = row.name == activeName && (requested.map { !ThemeLoader.isThemePath($0) || row.path == $0 } ?? true)
            let marker = isActive ? "*" : " "
            var line = "\(marker) \(row.name.padding(toLength: nameWidth, withPad: " ", startingAt: 0))  \(row.source)"
            if let path = row.path {
                do { _ = try ThemeLoader.loadFile(atPath: path) } catch { line += "\n    ✗ \(error)" }
            }
            output += line + "\n"
        }
        output += "\nactive: \(activeName) (\(reason))\n"
        FileHandle.standardOutput.write(Data(output.utf8))
        if let requested, !(ThemeLoader.available(searchPaths: searchPaths).contains(requested) || ThemeLoader.isThemePath(requested)) {
            printError("theme '\(requested)' not found; available: \(ThemeLoader.available(searchPaths: searchPaths).joined(separator: ", "))")
            throw ExitStatus.usage
        }
    }
}
