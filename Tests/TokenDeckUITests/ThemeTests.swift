import Foundation
import Testing
@testable import TokenDeckUI

@Suite struct ThemeTests {
    /// The package's Themes/ directory, found from this file.
    static let themesDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Themes").standardizedFileURL.path

    func parse(_ text: String, file: String = "test.toml") throws -> Theme {
        try ThemeParser.parse(text, name: "test", file: file)
    }

    func themeError(_ text: String) -> ThemeError? {
        do {
            _ = try parse(text)
            return nil
        } catch let error as ThemeError {
            return error
        } catch {
            return nil
        }
    }

    @Test func everyColourFormParses() throws {
        let theme = try parse("""
            name = "mixed"
            [roles.header]
            fg = "bright-white"
            bg = 24
            bold = true
            [roles.error]
            fg = "#dc322f"
            underline = true
            [roles.warn]
            fg = "Yellow"
            bg = "default"
            [roles.muted]
            fg = "bright_black"
            dim = true
            [roles.chip]
            fg = "grey"
            reverse = true
            italic = true
            """)
        #expect(theme.name == "mixed")
        #expect(theme.style(for: .header) == RoleStyle(foreground: .indexed(15), background: .indexed(24), bold: true))
        #expect(theme.style(for: .error) == RoleStyle(foreground: .rgb(0xDC, 0x32, 0x2F), underline: true))
        #expect(theme.style(for: .warn) == RoleStyle(foreground: .indexed(3), background: .default))
        #expect(theme.style(for: .muted) == RoleStyle(foreground: .indexed(8), dim: true))
        #expect(theme.style(for: .chip) == RoleStyle(foreground: .indexed(8), reverse: true, italic: true))
        // A role left out looks as in the built-in default.
        #expect(theme.style(for: .selection) == Theme.builtInDefault.style(for: .selection))
    }

    @Test func badColourNamesTheFileLineAndKey() {
        let error = themeError("""
            name = "x"

            [roles.header]
            bold = true
            fg = "purpel"
            """)
        #expect(error?.kind == .invalidValue)
        #expect(error?.line == 5)
        #expect(error?.key == "roles.header.fg")
        #expect(error?.description.hasPrefix("test.toml:5:1: roles.header.fg: \"purpel\" is not a colour") == true)
    }

    @Test func outOfRangeIndexAndWrongTypesAreNamed() {
        #expect(themeError("[roles.text]\nbg = 256")?.description == "test.toml:2:1: roles.text.bg: 256 is out of range; palette indices are 0–255")
        #expect(themeError("[roles.text]\nbold = \"yes\"")?.key == "roles.text.bold")
        #expect(themeError("[roles.text]\nfg = \"#12345\"")?.line == 2)
        #expect(themeError("roles.text.fg = \"nope\"")?.line == 1)
        #expect(themeError("[roles]\ntext = { fg = \"nope\" }")?.line == 2)
    }

    @Test func unknownRolesAndKeysAreErrorsNotSilence() {
        let role = themeError("[roles.selction]\nfg = 1")
        #expect(role?.key == "roles.selction")
        #expect(role?.line == 1)
        #expect(role?.message.contains("unknown role") == true)
        let key = themeError("[roles.text]\ncolour = 1")
        #expect(key?.key == "roles.text.colour")
        #expect(key?.line == 2)
        #expect(themeError("colors = 1")?.key == "colors")
    }

    @Test func syntaxErrorsCarryTOMLKitsLineAndColumn() {
        let error = themeError("[roles.text]\nfg = \"red\"\nbg = = 3\n")
        #expect(error?.kind == .syntax)
        #expect(error?.line == 3)
        #expect(error?.column != nil)
        #expect(error?.description.hasPrefix("test.toml:3:") == true)
    }

    @Test func coloursDegradeFromRGBTo256To16To8() {
        let orange = TerminalColor.rgb(0xFF, 0x87, 0x00)
        #expect(orange.degraded(toColors: 1 << 24) == .indexed(208))
        #expect(orange.degraded(toColors: 256) == .indexed(208))
        let sixteen = orange.degraded(toColors: 16)
        let eight = orange.degraded(toColors: 8)
        #expect(sixteen == .indexed(11) || sixteen == .indexed(9) || sixteen == .indexed(3))
        guard case .indexed(let basic) = eight else { Issue.record("not indexed"); return }
        #expect(basic < 8)
        #expect(TerminalColor.indexed(196).degraded(toColors: 16) == .indexed(9))
        #expect(TerminalColor.indexed(196).degraded(toColors: 8) == .indexed(1))
        #expect(TerminalColor.indexed(12).degraded(toColors: 8) == .indexed(4))
        #expect(TerminalColor.default.degraded(toColors: 8) == .default)
        let theme = Theme(name: "t", styles: [.header: RoleStyle(foreground: .rgb(0, 0, 0xEE), background: .indexed(196))])
        #expect(theme.degraded(toColors: 8).style(for: .header) == RoleStyle(foreground: .indexed(4), background: .indexed(1)))
    }

    @Test func noColorGivesMonoWhateverWasAsked() throws {
        let paths = [Self.themesDirectory]
        #expect(try ThemeLoader.load("light", searchPaths: paths, environment: ["NO_COLOR": "1"]) == .mono)
        #expect(try ThemeLoader.load(nil, searchPaths: [], environment: ["NO_COLOR": "yes"]) == .mono)
        // Empty NO_COLOR does not count (no-color.org).
        #expect(try ThemeLoader.load(nil, searchPaths: [], environment: ["NO_COLOR": ""]) == .builtInDefault)
        // Mono still distinguishes selection, errors and focus by attributes alone.
        #expect(Theme.mono.style(for: .selection).reverse)
        #expect(Theme.mono.style(for: .error).bold)
        #expect(Theme.mono.style(for: .borderFocused).bold)
        #expect(ColorRole.allCases.allSatisfy { Theme.mono.style(for: $0).foreground == .default && Theme.mono.style(for: $0).background == .default })
    }

    @Test func builtInDefaultWorksWithNoThemeFiles() throws {
        #expect(try ThemeLoader.load(nil, searchPaths: ["/nonexistent"], environment: [:]) == .builtInDefault)
        #expect(try ThemeLoader.load("mono", searchPaths: [], environment: [:]) == .mono)
        #expect(ThemeLoader.available(searchPaths: []) == ["default", "mono"])
    }

    @Test func unknownNameListsTheAvailableThemes() {
        do {
            _ = try ThemeLoader.load("neon", searchPaths: [Self.themesDirectory], environment: [:])
            Issue.record("no error")
        } catch let error as ThemeError {
            #expect(error.kind == .unknownName)
            #expect(error.description.contains("available: default, high-contrast, light, mono, solarized-dark"))
        } catch {
            Issue.record("\(error)")
        }
    }

    @Test func shippedThemesParseAndCoverEveryRole() throws {
        let files = ThemeLoader.themeFiles(searchPaths: [Self.themesDirectory])
        #expect(Set(files.map(\.name)).isSuperset(of: ["default", "light", "high-contrast", "mono"]))
        for file in files {
            let text = try String(contentsOfFile: file.path, encoding: .utf8)
            for role in ColorRole.allCases {
                #expect(text.contains("[roles.\(role.rawValue)]"), "\(file.name) lacks \(role.rawValue)")
            }
            _ = try ThemeLoader.loadFile(atPath: file.path)
        }
        // The files and the built-in themes say the same, so no theme file is needed to look right.
        let defaultFile = try ThemeLoader.load("default", searchPaths: [Self.themesDirectory], environment: [:])
        let monoFile = try ThemeLoader.load("mono", searchPaths: [Self.themesDirectory], environment: [:])
        for role in ColorRole.allCases {
            #expect(defaultFile.style(for: role) == Theme.builtInDefault.style(for: role), "default.toml differs on \(role.rawValue)")
            #expect(monoFile.style(for: role) == Theme.mono.style(for: role), "mono.toml differs on \(role.rawValue)")
        }
    }

    @Test func aPathLoadsThatFile() throws {
        let path = Self.themesDirectory + "/light.toml"
        let theme = try ThemeLoader.load(path, searchPaths: [], environment: [:])
        #expect(theme.name == "light")
        #expect(theme.style(for: .selection).foreground == .indexed(25))
    }

    @Test func searchPathsStartWithTheUsersAndFindThePackageThemesFromABuild() {
        let paths = ThemeLoader.defaultSearchPaths(executablePath: "/src/tokendeck/.build/debug/tokendeck",
                                                   environment: ["XDG_DATA_HOME": "/home/u/.data", "HOME": "/home/u"])
        #expect(paths.first == "/home/u/.data/tokendeck/themes")
        #expect(paths.contains("/src/tokendeck/Themes"))
        #expect(paths.contains("/src/tokendeck/.build/share/tokendeck/themes"))
        #expect(paths.last == "/usr/local/share/tokendeck/themes")
        let home = ThemeLoader.defaultSearchPaths(executablePath: "/usr/bin/tokendeck", environment: ["HOME": "/home/u"])
        #expect(home.first == "/home/u/.local/share/tokendeck/themes")
        #expect(home.contains("/usr/share/tokendeck/themes"))
    }
}

/// toml++ aborts on some malformed headers; a theme file with one is an error, not a crash.
@Test func aThemeWithABrokenTableHeaderIsAnErrorNotACrash() throws {
    for text in ["[!]\nfg = \"red\"\n", "[text]\nfg = \"red\"\n[ é]\n", "["] {
        do {
            _ = try ThemeParser.parse(text, name: "broken", file: "broken.toml")
            Issue.record("\(text.debugDescription) parsed")
        } catch let error as ThemeError {
            #expect(error.kind == .syntax)
            #expect(error.description.hasPrefix("broken.toml:"), "\(error)")
        }
    }
}
