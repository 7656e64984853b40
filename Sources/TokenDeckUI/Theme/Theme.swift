import Foundation

/// A named look: how each colour role is drawn. Roles a theme leaves out look as in the built-in default.
public struct Theme: Sendable, Hashable {
    public var name: String
    public var styles: [ColorRole: RoleStyle]

    public init(name: String, styles: [ColorRole: RoleStyle]) {
        self.name = name
        self.styles = styles
    }

    public func style(for role: ColorRole) -> RoleStyle {
        styles[role] ?? Theme.defaultStyles[role] ?? RoleStyle()
    }

    /// The theme with every colour fitted to a terminal with `colors` colours (8, 16, 256 or more).
    public func degraded(toColors colors: Int) -> Theme {
        var copy = self
        for (role, style) in styles {
            var fitted = style
            fitted.foreground = style.foreground.degraded(toColors: colors)
            fitted.background = style.background.degraded(toColors: colors)
            copy.styles[role] = fitted
        }
        return copy
    }

    /// For dark terminals; works with no theme file at all. `Themes/default.toml` says the same.
    public static let builtInDefault = Theme(name: "default", styles: defaultStyles)

    /// Attributes only, the terminal's own colours: what `NO_COLOR` and `--theme mono` get. Selection
    /// (reverse), focus (bold) and status (bold, underline, dim) still show.
    public static let mono = Theme(name: "mono", styles: [
        .text: RoleStyle(), .header: RoleStyle(bold: true), .border: RoleStyle(), .borderFocused: RoleStyle(bold: true),
        .title: RoleStyle(bold: true), .selection: RoleStyle(reverse: true), .rowAlt: RoleStyle(), .muted: RoleStyle(dim: true),
        .ok: RoleStyle(), .warn: RoleStyle(bold: true), .error: RoleStyle(bold: true, underline: true),
        .trashed: RoleStyle(dim: true), .chip: RoleStyle(reverse: true), .demo: RoleStyle(bold: true, reverse: true),
        .keyHint: RoleStyle(bold: true), .formLabel: RoleStyle(bold: true), .formError: RoleStyle(bold: true, underline: true),
        .formInput: RoleStyle(underline: true), .overlay: RoleStyle(),
    ])

    private static let defaultStyles: [ColorRole: RoleStyle] = [
        .text: RoleStyle(),
        .header: RoleStyle(foreground: .indexed(252), background: .indexed(236), bold: true),
        .border: RoleStyle(foreground: .indexed(240)),
        .borderFocused: RoleStyle(foreground: .indexed(39), bold: true),
        .title: RoleStyle(foreground: .indexed(75), bold: true),
        // Drawn reversed (so mono shows it too): the foreground is the bar's colour.
        .selection: RoleStyle(foreground: .indexed(31)),
        .rowAlt: RoleStyle(background: .indexed(235)),
        .muted: RoleStyle(foreground: .indexed(244)),
        .ok: RoleStyle(foreground: .indexed(71)),
        .warn: RoleStyle(foreground: .indexed(214)),
        .error: RoleStyle(foreground: .indexed(203), bold: true),
        .trashed: RoleStyle(foreground: .indexed(242), dim: true),
        .chip: RoleStyle(foreground: .indexed(255), background: .indexed(24), bold: true),
        .demo: RoleStyle(foreground: .indexed(16), background: .indexed(214), bold: true),
        .keyHint: RoleStyle(foreground: .indexed(75), bold: true),
        .formLabel: RoleStyle(foreground: .indexed(110)),
        .formError: RoleStyle(foreground: .indexed(203), bold: true),
        .formInput: RoleStyle(foreground: .indexed(255), background: .indexed(237)),
        .overlay: RoleStyle(foreground: .indexed(252), background: .indexed(235)),
    ]
}

extension TerminalColor {
    static let basicNames = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white"]

    /// A colour as a theme file writes it: a basic name (`red`, `bright-red`), `default`, or `#rrggbb`.
    /// Case and `-`/`_`/no separator after `bright` do not matter. Nil when it is none of these.
    public init?(themeName text: String) {
        var name = text.trimmingCharacters(in: .whitespaces).lowercased()
        if name == "default" || name == "none" || name == "terminal" {
            self = .default
            return
        }
        if name.hasPrefix("#") {
            let hex = name.dropFirst()
            guard hex.count == 6, let value = UInt32(hex, radix: 16) else { return nil }
            self = .rgb(UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF))
            return
        }
        if name == "grey" || name == "gray" { name = "bright-black" }
        var offset = 0
        for prefix in ["bright-", "bright_", "bright"] where name.hasPrefix(prefix) {
            name.removeFirst(prefix.count)
            offset = 8
            break
        }
        guard let index = Self.basicNames.firstIndex(of: name) else { return nil }
        self = .indexed(UInt8(index + offset))
    }

    /// A 0–255 palette index from a theme file; nil when out of range.
    public init?(themeIndex value: Int) {
        guard (0...255).contains(value) else { return nil }
        self = .indexed(UInt8(value))
    }
}
