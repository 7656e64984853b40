/// The one place vendor text is made safe to draw: every control character, escape
/// sequence introducer and bidi override becomes a visible, inert symbol, so a token
/// named `\e]52;c;…\a` shows as text and never reaches the terminal as a command.
public enum Sanitizer {
    /// Returns `text` with every unsafe scalar replaced by a printable stand-in.
    public static func sanitize(_ text: String) -> String {
        if isPlainPrintableASCII(text) { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if let replacement = replacement(for: scalar) {
                out.append(replacement)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }

    /// Whether `text` would be drawn unchanged.
    public static func isSafe(_ text: String) -> Bool {
        isPlainPrintableASCII(text) || text.unicodeScalars.allSatisfy { replacement(for: $0) == nil }
    }

    private static func isPlainPrintableASCII(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
    }

    private static func replacement(for scalar: Unicode.Scalar) -> Unicode.Scalar? {
        let v = scalar.value
        switch v {
        case 0x00...0x1F:
            // U+2400 CONTROL PICTURES: ␛ for ESC, ␇ for BEL, ␍ for CR…
            return Unicode.Scalar(0x2400 + v)
        case 0x7F:
            return "\u{2421}"  // ␡
        case 0x80...0x9F:
            // C1 controls (CSI 0x9B, OSC 0x9D, DCS 0x90…) act like ESC sequences on some terminals.
            return "\u{FFFD}"
        case 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069, 0x061C:
            // Bidi marks, embeddings, overrides and isolates can reorder what follows them on screen.
            return "\u{FFFD}"
        case 0x2028, 0x2029:
            return "\u{2424}"  // line/paragraph separators: ␤
        case 0xFFF9...0xFFFB:
            return "\u{FFFD}"  // interlinear annotation controls
        default:
            return nil
        }
    }
}
