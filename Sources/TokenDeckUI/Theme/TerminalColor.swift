/// A colour as a theme names it, before it is fitted to what the terminal can show.
public enum TerminalColor: Hashable, Sendable {
    /// The terminal's own default foreground/background.
    case `default`
    /// 0–255: 0–7 basic, 8–15 bright, 16–231 the 6×6×6 cube, 232–255 greys.
    case indexed(UInt8)
    case rgb(UInt8, UInt8, UInt8)

    /// The nearest colour a terminal with `colors` colours can show (8, 16, 256 or more).
    public func degraded(toColors colors: Int) -> TerminalColor {
        switch self {
        case .default:
            return .default
        case .indexed(let i):
            if colors >= 256 || Int(i) < colors { return self }
            let (r, g, b) = TerminalColor.rgbOfIndex(i)
            return TerminalColor.nearestBasic(r, g, b, colors: colors)
        case .rgb(let r, let g, let b):
            if colors >= 256 { return .indexed(TerminalColor.nearestCubeIndex(r, g, b)) }
            return TerminalColor.nearestBasic(r, g, b, colors: colors)
        }
    }

    /// The palette index to hand to the terminal, or -1 for its default.
    public func paletteIndex(colors: Int) -> Int {
        switch degraded(toColors: colors) {
        case .default: -1
        case .indexed(let i): Int(i)
        case .rgb: -1
        }
    }

    static let basicRGB: [(UInt8, UInt8, UInt8)] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
        (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
    ]

    static func rgbOfIndex(_ i: UInt8) -> (UInt8, UInt8, UInt8) {
        switch i {
        case 0..<16:
            return basicRGB[Int(i)]
        case 16..<232:
            let n = Int(i) - 16
            let levels: [UInt8] = [0, 95, 135, 175, 215, 255]
            return (levels[n / 36], levels[(n / 6) % 6], levels[n % 6])
        default:
            let grey = UInt8(8 + (Int(i) - 232) * 10)
            return (grey, grey, grey)
        }
    }

    static func nearestCubeIndex(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> UInt8 {
        var best = 16
        var bestDistance = Int.max
        for i in 16..<256 {
            let (cr, cg, cb) = rgbOfIndex(UInt8(i))
            let d = distance(r, g, b, cr, cg, cb)
            if d < bestDistance { bestDistance = d; best = i }
        }
        return UInt8(best)
    }

    static func nearestBasic(_ r: UInt8, _ g: UInt8, _ b: UInt8, colors: Int) -> TerminalColor {
        let count = colors >= 16 ? 16 : 8
        var best = 0
        var bestDistance = Int.max
        for i in 0..<count {
            let (cr, cg, cb) = basicRGB[i]
            let d = distance(r, g, b, cr, cg, cb)
            if d < bestDistance { bestDistance = d; best = i }
        }
        return .indexed(UInt8(best))
    }

    static func distance(_ r1: UInt8, _ g1: UInt8, _ b1: UInt8, _ r2: UInt8, _ g2: UInt8, _ b2: UInt8) -> Int {
        let dr = Int(r1) - Int(r2), dg = Int(g1) - Int(g2), db = Int(b1) - Int(b2)
        return 2 * dr * dr + 4 * dg * dg + 3 * db * db
    }
}

/// What one role looks like in a theme.
public struct RoleStyle: Hashable, Sendable {
    public var foreground: TerminalColor
    public var background: TerminalColor
    public var bold: Bool
    public var dim: Bool
    public var underline: Bool
    public var reverse: Bool
    public var italic: Bool
    public init(foreground: TerminalColor = .default, background: TerminalColor = .default, bold: Bool = false, dim: Bool = false, underline: Bool = false, reverse: Bool = false, italic: Bool = false) {
        self.foreground = foreground
        self.background = background
        self.bold = bold
        self.dim = dim
        self.underline = underline
        self.reverse = reverse
        self.italic = italic
    }
}
