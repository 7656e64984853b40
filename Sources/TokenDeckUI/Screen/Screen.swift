import TokenDeckCore

public struct Size: Hashable, Sendable {
    public var width: Int
    public var height: Int
    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }
}

public struct Rect: Hashable, Sendable {
    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int
    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = max(0, width)
        self.height = max(0, height)
    }
    public var maxX: Int { x + width }
    public var maxY: Int { y + height }
    /// The rect shrunk by `n` on every side (inside a border).
    public func inset(by n: Int) -> Rect { Rect(x: x + n, y: y + n, width: width - 2 * n, height: height - 2 * n) }
}

/// Semantic colour roles; a theme maps each to colours and attributes.
public enum ColorRole: String, CaseIterable, Sendable, Hashable, Codable {
    case text, header, border, borderFocused = "border_focused", title, selection, rowAlt = "row_alt", muted
    case ok, warn, error, trashed, chip, demo, keyHint = "key_hint", formLabel = "form_label"
    case formError = "form_error", formInput = "form_input", overlay
}

/// How a cell is drawn: a theme role plus attributes that must survive without colour (mono, NO_COLOR).
public struct TextStyle: Hashable, Sendable {
    public var role: ColorRole
    public var bold: Bool
    public var dim: Bool
    public var underline: Bool
    public var reverse: Bool
    public var italic: Bool

    public init(_ role: ColorRole = .text, bold: Bool = false, dim: Bool = false, underline: Bool = false, reverse: Bool = false, italic: Bool = false) {
        self.role = role
        self.bold = bold
        self.dim = dim
        self.underline = underline
        self.reverse = reverse
        self.italic = italic
    }

    public static let plain = TextStyle()
}

/// One terminal cell: a grapheme (already sanitised) and its style. A wide grapheme occupies
/// its cell and the next, which holds no text as a continuation.
///
/// The grapheme's UTF-8 is held in the cell itself (up to `capacity` bytes, whole scalars), so a
/// cell is a plain value: building, copying and comparing a 120×40 frame moves bytes, with no
/// string to retain, release or hash. More than ncurses keeps per cell (five wide characters)
/// rarely fits in fifteen bytes anyway; a longer grapheme keeps the scalars that fit.
public struct Cell: Hashable, Sendable {
    /// UTF-8 bytes 0–7 (byte i in bits 8i…8i+7).
    private var head: UInt64
    /// UTF-8 bytes 8–14 in the low seven bytes; the byte count in the top byte.
    private var tail: UInt64
    public var style: TextStyle

    /// The most UTF-8 bytes a cell's grapheme keeps.
    public static let capacity = 15

    public init(_ text: String = " ", style: TextStyle = .plain) {
        head = 0
        tail = 0
        self.style = style
        for scalar in text.unicodeScalars where !append(scalar) { break }
    }

    /// A cell holding one ASCII byte.
    init(ascii byte: UInt8, style: TextStyle) {
        head = UInt64(byte)
        tail = 1 << 56
        self.style = style
    }

    public static let blank = Cell()

    /// How many UTF-8 bytes the grapheme has (none for a continuation).
    public var byteCount: Int { Int(tail >> 56) }

    public var isContinuation: Bool { tail >> 56 == 0 }

    /// The grapheme as a string.
    public var text: String {
        withUTF8 { String(decoding: $0, as: UTF8.self) }
    }

    /// The byte of a cell that holds one printable ASCII character, else nil.
    public var printableASCII: UInt8? {
        guard tail >> 56 == 1 else { return nil }
        let byte = UInt8(truncatingIfNeeded: head)
        return byte >= 0x20 && byte < 0x7F ? byte : nil
    }

    /// Calls `body` with the grapheme's UTF-8.
    public func withUTF8<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        // Little-endian words lay the bytes out in order, on any host.
        let words = (head.littleEndian, tail.littleEndian)
        let count = byteCount
        return withUnsafeBytes(of: words) { raw in
            body(UnsafeBufferPointer(rebasing: raw.bindMemory(to: UInt8.self)[0..<count]))
        }
    }

    /// Calls `body` with the grapheme as a NUL-terminated C string.
    public func withCString<Result>(_ body: (UnsafePointer<CChar>) -> Result) -> Result {
        // The count byte is the sixteenth: clearing it terminates the fifteen text bytes' worth.
        var words = (head.littleEndian, (tail & 0x00FF_FFFF_FFFF_FFFF).littleEndian)
        return withUnsafeMutableBytes(of: &words) { raw in
            raw[byteCount] = 0
            guard let chars = raw.bindMemory(to: CChar.self).baseAddress else { return "".withCString(body) }
            return body(chars)
        }
    }

    /// Adds a scalar (a combining mark) to the grapheme if its bytes fit; returns whether they did.
    @discardableResult
    mutating func append(_ scalar: Unicode.Scalar) -> Bool {
        var count = byteCount
        guard count + UTF8.width(scalar) <= Self.capacity, let encoded = UTF8.encode(scalar) else { return false }
        for byte in encoded {
            if count < 8 {
                head |= UInt64(byte) << UInt64(8 * count)
            } else {
                tail |= UInt64(byte) << UInt64(8 * (count - 8))
            }
            count += 1
        }
        tail = tail & 0x00FF_FFFF_FFFF_FFFF | UInt64(count) << 56
        return true
    }

    /// Adds a character's scalars (a combining mark) while they fit.
    mutating func append(_ character: Character) {
        for scalar in character.unicodeScalars where !append(scalar) { return }
    }
}

/// A full frame as a grid of styled cells: what `render` returns and the terminal draws.
public struct Screen: Hashable, Sendable {
    public let size: Size
    public private(set) var cells: [Cell]

    public init(size: Size) {
        self.size = Size(width: max(0, size.width), height: max(0, size.height))
        cells = Array(repeating: .blank, count: self.size.width * self.size.height)
    }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * size.width + x] }
        set { cells[y * size.width + x] = newValue }
    }

    /// A screen holding `lines` as plain text, for comparing small widgets in tests. Width is the
    /// widest line unless given; shorter lines are padded with blanks.
    public init(lines: [String], width: Int? = nil) {
        let measured = lines.map { DisplayWidth.of(Sanitizer.sanitize($0)) }.max() ?? 0
        self.init(size: Size(width: width ?? measured, height: lines.count))
        for (y, line) in lines.enumerated() { write(line, x: 0, y: y) }
    }

    /// Writes `text` at (x, y), clipped to `maxWidth` columns and the screen edge; sanitises it
    /// first, so no caller can put a control character on screen. Returns the columns advanced
    /// from `x` (including any left of the screen), so spans can be laid out one after another.
    @discardableResult
    public mutating func write(_ text: String, x: Int, y: Int, style: TextStyle = .plain, maxWidth: Int? = nil) -> Int {
        guard y >= 0, y < size.height, x < size.width else { return 0 }
        let limit = maxWidth.map { min(size.width, x + max(0, $0)) } ?? size.width
        if let advanced = writePrintableASCII(text, x: x, y: y, style: style, limit: limit) { return advanced }
        var column = x
        for character in Sanitizer.sanitize(text) {
            let w = DisplayWidth.of(character)
            if w == 0 {
                if column > x, column - 1 >= 0, column - 1 < size.width {
                    // Combining mark: attach to the previous cell's grapheme.
                    let target = self[column - 1, y].isContinuation && column - 2 >= 0 ? column - 2 : column - 1
                    self[target, y].append(character)
                }
                continue
            }
            if column + w > limit { break }
            if column >= 0 {
                put(Cell(String(character), style: style), x: column, y: y)
                if w == 2 { put(Cell("", style: style), x: column + 1, y: y) }
            }
            column += w
        }
        return max(0, column - x)
    }

    /// `write` for text that is all printable ASCII (most of a frame: ids, names, dates, labels): a
    /// byte is a cell of width one and the sanitiser would leave it as it is, so neither grapheme
    /// breaking nor width lookups are needed. Nil, having written nothing, for any other text.
    private mutating func writePrintableASCII(_ text: String, x: Int, y: Int, style: TextStyle, limit: Int) -> Int? {
        var text = text
        return text.withUTF8 { bytes -> Int? in
            for byte in bytes where byte < 0x20 || byte >= 0x7F { return nil }
            let end = min(limit, x + bytes.count)
            var column = max(x, 0)
            while column < end {
                put(Cell(ascii: bytes[column - x], style: style), x: column, y: y)
                column += 1
            }
            return max(0, end - x)
        }
    }

    /// Puts `glyph` — one grapheme the caller knows is a single column and safe to draw (a border
    /// or a fill character, never vendor text) — at (x, y) if that is on the screen.
    mutating func putGlyph(_ glyph: String, x: Int, y: Int, style: TextStyle) {
        guard x >= 0, x < size.width, y >= 0, y < size.height else { return }
        put(Cell(glyph, style: style), x: x, y: y)
    }

    /// Fills a rect with one styled character.
    public mutating func fill(_ rect: Rect, with text: String = " ", style: TextStyle = .plain) {
        guard rect.y < size.height, rect.x < size.width else { return }
        let cell = Cell(text, style: style)
        for y in max(0, rect.y)..<min(size.height, rect.maxY) {
            for x in max(0, rect.x)..<min(size.width, rect.maxX) {
                put(cell, x: x, y: y)
            }
        }
    }

    /// Restyles a rect without changing its text (selection bars).
    public mutating func restyle(_ rect: Rect, _ change: (inout TextStyle) -> Void) {
        guard rect.y < size.height, rect.x < size.width else { return }
        for y in max(0, rect.y)..<min(size.height, rect.maxY) {
            for x in max(0, rect.x)..<min(size.width, rect.maxX) {
                change(&self[x, y].style)
            }
        }
    }

    /// Sets one cell without leaving half of a wide character behind: overwriting either half of
    /// a wide grapheme blanks the other half, so the terminal never draws a glyph across a border.
    private mutating func put(_ cell: Cell, x: Int, y: Int) {
        let old = self[x, y]
        if old.isContinuation, !cell.isContinuation, x > 0 {
            self[x - 1, y] = Cell(" ", style: self[x - 1, y].style)
        }
        if !old.isContinuation, x + 1 < size.width, self[x + 1, y].isContinuation {
            self[x + 1, y] = Cell(" ", style: self[x + 1, y].style)
        }
        self[x, y] = cell
    }

    /// The frame as plain text, one string per row (trailing spaces kept), for tests.
    public var lines: [String] {
        (0..<size.height).map { y in
            var line = ""
            for x in 0..<size.width { line += self[x, y].text }
            return line
        }
    }

    /// The frame as text with trailing spaces trimmed, joined by newlines.
    public var text: String {
        lines.map { line in
            var l = Substring(line)
            while l.last == " " { l = l.dropLast() }
            return String(l)
        }.joined(separator: "\n")
    }
}
