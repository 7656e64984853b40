/// Terminal column widths of text, as a wcwidth-style terminal draws it: wide East Asian
/// characters and emoji take two columns, combining marks none.
public enum DisplayWidth {
    /// Columns `text` takes on a terminal. Call on sanitised text.
    public static func of(_ text: String) -> Int {
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return text.utf8.count }
        var total = 0
        for character in text { total += of(character) }
        return total
    }

    /// Columns one grapheme cluster takes (0, 1 or 2).
    public static func of(_ character: Character) -> Int {
        let scalars = character.unicodeScalars
        guard let first = scalars.first else { return 0 }
        if first.value < 0x80 { return first.value < 0x20 || first.value == 0x7F ? 0 : 1 }
        // What frames are made of (box drawing, arrows, ellipsis, Latin letters), alone in their
        // cluster: one column, without the Unicode property lookups below.
        if Self.isCommonNarrow(first.value), scalars.index(after: scalars.startIndex) == scalars.endIndex { return 1 }
        // An emoji presentation selector or an emoji-presented base makes the cluster wide.
        if scalars.contains(where: { $0.value == 0xFE0F }) && first.properties.isEmoji { return 2 }
        if first.properties.isEmojiPresentation { return 2 }
        if isZeroWidth(first) { return scalars.count > 1 ? 1 : 0 }
        return isWide(first.value) ? 2 : 1
    }

    /// `text` cut to at most `width` columns, ending in `…` when anything was cut.
    public static func truncate(_ text: String, to width: Int, ellipsis: Character = "…") -> String {
        guard width > 0 else { return "" }
        if of(text) <= width { return text }
        var result = ""
        var used = 0
        let budget = width - 1  // room for the ellipsis
        for character in text {
            let w = of(character)
            if used + w > budget { break }
            result.append(character)
            used += w
        }
        result.append(ellipsis)
        return result
    }

    /// `text` truncated and then padded with spaces to exactly `width` columns.
    public static func fit(_ text: String, to width: Int, alignRight: Bool = false) -> String {
        let cut = truncate(text, to: width)
        let pad = max(0, width - of(cut))
        let spaces = String(repeating: " ", count: pad)
        return alignRight ? spaces + cut : cut + spaces
    }

    /// Scalars that are one column wide on their own: neither zero-width nor wide nor emoji-presented.
    private static func isCommonNarrow(_ v: UInt32) -> Bool {
        switch v {
        case 0xA0...0xAC, 0xAE...0x2FF,  // Latin-1 and Latin Extended; not the soft hyphen (a format character), nor the combining marks from 0x300
             0x2010...0x2027,   // dashes, quotes, bullets, ellipsis
             0x2190...0x21FF,   // arrows (none emoji-presented alone)
             0x2200...0x22FF,   // mathematical operators (∅ ∞)
             0x2500...0x25FC:   // box drawing, blocks, geometric shapes (▸ ◔) before the emoji ◽◾
            true
        default:
            false
        }
    }

    private static func isZeroWidth(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return true
        default: return scalar.value == 0x200B
        }
    }

    private static func isWide(_ v: UInt32) -> Bool {
        switch v {
        case 0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x2E80...0x303E, 0x3041...0x33FF,
             0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F, 0xAC00...0xD7A3,
             0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
             0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x1F680...0x1F6FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }
}
