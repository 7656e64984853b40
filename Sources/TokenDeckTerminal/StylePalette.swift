import CNCursesShim
import TokenDeckUI

/// Turns a cell's `TextStyle` into ncurses attributes and a colour pair under a theme.
/// Pairs are allocated lazily, one per distinct (foreground, background) after the theme's
/// colours are degraded to what the terminal has; without colours only attributes remain.
struct StylePalette {
    struct Resolved {
        var attributes: td_attr_t
        var pair: Int32
    }

    private struct PairKey: Hashable {
        var foreground: Int
        var background: Int
    }

    let theme: Theme
    /// How many colours the terminal has; 0 when colour is off.
    let colors: Int
    private let maxPairs: Int
    private var pairs: [PairKey: Int32] = [:]
    private var nextPair: Int32 = 1
    private var resolved: [TextStyle: Resolved] = [:]

    init(theme: Theme, colors: Int, maxPairs: Int) {
        self.theme = theme
        self.colors = colors
        self.maxPairs = maxPairs
    }

    mutating func resolve(_ style: TextStyle) -> Resolved {
        if let known = resolved[style] { return known }
        let role = theme.style(for: style.role)
        var attributes = td_a_normal()
        if style.bold || role.bold { attributes |= td_a_bold() }
        if style.dim || role.dim { attributes |= td_a_dim() }
        if style.underline || role.underline { attributes |= td_a_underline() }
        if style.reverse || role.reverse { attributes |= td_a_reverse() }
        if style.italic || role.italic { attributes |= td_a_italic() }
        let result = Resolved(attributes: attributes, pair: pair(foreground: role.foreground, background: role.background))
        resolved[style] = result
        return result
    }

    private mutating func pair(foreground: TerminalColor, background: TerminalColor) -> Int32 {
        guard colors > 0 else { return 0 }
        // Direct-colour terminals still take palette indices for the first 256 entries.
        let palette = min(colors, 256)
        let key = PairKey(foreground: foreground.paletteIndex(colors: palette), background: background.paletteIndex(colors: palette))
        if key.foreground < 0, key.background < 0 { return 0 }
        if let known = pairs[key] { return known }
        let number = nextPair
        // Out of pairs: the terminal's defaults are better than a wrong colour.
        guard Int(number) < maxPairs, td_init_pair(number, Int32(key.foreground), Int32(key.background)) == 0 else {
            pairs[key] = 0
            return 0
        }
        nextPair += 1
        pairs[key] = number
        return number
    }
}
