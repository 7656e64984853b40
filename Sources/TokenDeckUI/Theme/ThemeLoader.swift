import Foundation

/// Finds and reads themes: `--theme NAME|PATH`, the config's `theme`, `NO_COLOR`, and the theme
/// directories, falling back to the built-in default when there are no files at all.
public enum ThemeLoader {
    /// Names that work with no theme file.
    public static let builtInNames = ["default", "mono"]

    /// The theme to draw with. `NO_COLOR` (set and not empty) gives `mono` whatever was asked;
    /// nil gives `default` (from a file if one is found, else built in). A value containing `/` or
    /// ending in `.toml` is a path. An unknown name is an error listing the available ones.
    public static func load(_ nameOrPath: String?, searchPaths: [String], environment: [String: String]) throws -> Theme {
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return .mono }
        let requested = nameOrPath?.trimmingCharacters(in: .whitespaces) ?? ""
        let name = requested.isEmpty ? "default" : requested
        if isThemePath(name) { return try loadFile(atPath: name) }
        if let path = locate(name, searchPaths: searchPaths) { return try loadFile(atPath: path) }
        switch name {
        case "default": return .builtInDefault
        case "mono": return .mono
        default:
            throw ThemeError(kind: .unknownName, file: name, message:
                "no such theme; available: \(available(searchPaths: searchPaths).joined(separator: ", ")) (or a path to a .toml file)")
        }
    }

    /// Every theme name that `load` accepts, built-in and from files, sorted.
    public static func available(searchPaths: [String]) -> [String] {
        Array(Set(builtInNames + themeFiles(searchPaths: searchPaths).map(\.name))).sorted()
    }

    /// Each theme file found, first directory winning for a name, sorted by name.
    public static func themeFiles(searchPaths: [String]) -> [(name: String, path: String)] {
        var found: [String: String] = [:]
        for directory in searchPaths {
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            for entry in entries.sorted() where entry.hasSuffix(".toml") && !entry.hasPrefix(".") {
                let name = String(entry.dropLast(5))
                if found[name] == nil { found[name] = directory + "/" + entry }
            }
        }
        return found.keys.sorted().compactMap { name in found[name].map { (name, $0) } }
    }

    /// The file a theme name resolves to, if any.
    public static func locate(_ name: String, searchPaths: [String]) -> String? {
        guard !name.isEmpty, !isThemePath(name) else { return nil }
        for directory in searchPaths {
            let path = directory + "/" + name + ".toml"
            if FileManager.default.isReadableFile(atPath: path) { return path }
        }
        return nil
    }

    /// Where themes are looked for, first match winning: the user's own, an installed copy, the
    /// package's `Themes/` next to a build (`.build/debug/tokendeck` → `../../Themes`), the system's.
    public static func defaultSearchPaths(executablePath: String) -> [String] {
        defaultSearchPaths(executablePath: executablePath, environment: ProcessInfo.processInfo.environment)
    }

    public static func defaultSearchPaths(executablePath: String, environment: [String: String]) -> [String] {
        var paths: [String] = []
        if let data = environment["XDG_DATA_HOME"], data.hasPrefix("/") {
            paths.append(data + "/tokendeck/themes")
        } else if let home = environment["HOME"], !home.isEmpty {
            paths.append(home + "/.local/share/tokendeck/themes")
        }
        let executable = URL(fileURLWithPath: executablePath).standardizedFileURL
        // Both the path as invoked (.build/debug is a symlink) and the resolved one.
        for binary in [executable, executable.resolvingSymlinksInPath()] {
            let directory = binary.deletingLastPathComponent()
            paths.append(directory.appendingPathComponent("../share/tokendeck/themes").standardizedFileURL.path)
            paths.append(directory.appendingPathComponent("../../Themes").standardizedFileURL.path)
            paths.append(directory.appendingPathComponent("../../../Themes").standardizedFileURL.path)
        }
        paths.append("/usr/local/share/tokendeck/themes")
        var seen = Set<String>()
        return paths.filter { seen.insert($0).inserted }
    }

    public static func loadFile(atPath path: String) throws -> Theme {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ThemeError(kind: .unreadable, file: path, message: "cannot be read (does it exist?)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ThemeError(kind: .unreadable, file: path, message: "is not UTF-8 text")
        }
        let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        return try ThemeParser.parse(text, name: name, file: path)
    }

    /// Whether `--theme` was given a file rather than a name.
    public static func isThemePath(_ value: String) -> Bool {
        value.contains("/") || value.hasSuffix(".toml")
    }
}
