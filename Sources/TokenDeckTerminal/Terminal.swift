@preconcurrency import CNCursesW
import CNCursesShim
import Foundation
import TokenDeckUI

public struct TerminalError: Error, CustomStringConvertible, Sendable {
    public var description: String
}

/// The ncurses session: the only type that talks to the terminal. ncurses is not
/// thread-safe, so a `Terminal` is not `Sendable`: create, use and restore it on one thread.
///
/// Opening it guarantees the way back: `restore()` (endwin) runs on exit, on
/// SIGINT/SIGTERM/SIGHUP and on crash signals, so the shell gets a clean screen.
public final class Terminal {
    /// Escape sequences must complete within this; a lone Esc answers after it.
    public static let escapeDelayMilliseconds: Int32 = 25

    private var palette: StylePalette? {
        didSet { lastResolved = nil }
    }
    private var lastResolved: (style: TextStyle, resolved: StylePalette.Resolved)?
    private var previous: Screen?

    /// Starts curses on stdin/stdout. `resizeWakeFD` gets a byte on every SIGWINCH so a
    /// caller blocked in poll() notices a resize whichever thread the signal hit.
    public init(resizeWakeFD: Int32 = -1) throws {
        guard td_begin(Self.escapeDelayMilliseconds) == 0 else {
            let term = ProcessInfo.processInfo.environment["TERM"] ?? ""
            throw TerminalError(description: "cannot start the terminal (TERM=\(term.isEmpty ? "unset" : term)); try TERM=xterm-256color")
        }
        td_set_resize_wake_fd(resizeWakeFD)
    }

    deinit { restore() }

    public var isActive: Bool { td_is_active() != 0 }

    /// Columns × rows as ncurses sees them now.
    public var size: Size {
        var rows: Int32 = 0
        var columns: Int32 = 0
        td_getmaxyx(&rows, &columns)
        return Size(width: Int(max(0, columns)), height: Int(max(0, rows)))
    }

    /// Colours the terminal can show; 0 without colour support.
    public var colorCount: Int { td_has_colors() != 0 ? Int(td_colors()) : 0 }

    /// Draws `screen`, writing only the cells that differ from the last frame, then sends
    /// the frame in one refresh; ncurses turns that into the fewest bytes it can.
    public func draw(_ screen: Screen, theme: Theme, cursor: (x: Int, y: Int)? = nil) {
        guard isActive else { return }
        if palette == nil || palette?.theme != theme {
            palette = StylePalette(theme: theme, colors: colorCount, maxPairs: Int(td_color_pairs()))
            previous = nil
        }
        let visible = size
        let width = min(screen.size.width, visible.width)
        let height = min(screen.size.height, visible.height)
        let stride = screen.size.width
        let last = previous.flatMap { $0.size == screen.size ? $0.cells : nil }
        // Changed cells of printable ASCII in one style go to ncurses as one run (most of a frame);
        // any other grapheme is placed cell by cell, at the column the frame says.
        var run = AsciiRun()
        screen.cells.withUnsafeBufferPointer { cells in
            for y in 0..<height {
                let row = y * stride
                for x in 0..<width {
                    let cell = cells[row + x]
                    if let last, last[row + x] == cell {
                        flush(&run)
                        continue
                    }
                    // The second half of a wide grapheme: ncurses fills it when it draws the first.
                    if cell.isContinuation { continue }
                    if let byte = cell.printableASCII {
                        if run.bytes.isEmpty || run.style != cell.style || run.y != y || run.x + run.bytes.count != x {
                            flush(&run)
                            run.start(y: y, x: x, style: cell.style)
                        }
                        run.bytes.append(byte)
                        continue
                    }
                    flush(&run)
                    let style = resolve(cell.style)
                    _ = cell.withCString { td_put_cell(Int32(y), Int32(x), $0, style.attributes, style.pair) }
                }
                flush(&run)
            }
        }
        previous = screen
        if let cursor, cursor.x >= 0, cursor.y >= 0, cursor.x < width, cursor.y < height {
            td_place_cursor(Int32(cursor.y), Int32(cursor.x))
        } else {
            td_place_cursor(-1, -1)
        }
        _ = td_refresh()
    }

    private func flush(_ run: inout AsciiRun) {
        guard !run.bytes.isEmpty else { return }
        let style = resolve(run.style)
        _ = run.bytes.withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                td_put_ascii_run(Int32(run.y), Int32(run.x), chars.baseAddress, Int32(chars.count), style.attributes, style.pair)
            }
        }
        run.bytes.removeAll(keepingCapacity: true)
    }

    /// The palette's colours for `style`, remembering the last one (neighbouring cells share styles).
    private func resolve(_ style: TextStyle) -> StylePalette.Resolved {
        if let lastResolved, lastResolved.style == style { return lastResolved.resolved }
        guard let resolved = palette?.resolve(style) else { return StylePalette.Resolved(attributes: td_a_normal(), pair: 0) }
        lastResolved = (style, resolved)
        return resolved
    }

    /// After a resize the terminal may have reflowed or cleared anything: repaint it all.
    public func invalidate() {
        previous = nil
        td_clear_all()
    }

    /// Waits up to `timeout` seconds (nil: forever, 0: only what has arrived) for an event.
    /// Keys TokenDeck has no name for are skipped.
    public func readEvent(timeout: Double?) -> TerminalEvent? {
        guard isActive else { return nil }
        let milliseconds: Int32 = timeout.map { Int32(max(0, min($0 * 1000, 86_400_000))) } ?? -1
        var raw = td_event()
        while td_read_event(milliseconds, &raw) != Int32(bitPattern: TD_EV_NONE.rawValue) {
            if let event = TerminalEvent(raw) {
                if case .resize = event { invalidate() }
                return event
            }
        }
        return nil
    }

    /// The next key, or nil when `timeout` passes first; a resize is reported as nil after
    /// the screen is invalidated (use `readEvent` to see it).
    public func readKey(timeout: Double?) -> Key? {
        if case .key(let key) = readEvent(timeout: timeout) { return key }
        return nil
    }

    /// Puts `text` on the clipboard of the terminal the person sits at (OSC 52). Base64
    /// keeps the payload inert whatever the text holds.
    public func copyToClipboard(_ text: String) {
        guard isActive else { return }
        let sequence = "\u{1B}]52;c;\(Data(text.utf8).base64EncodedString())\u{07}"
        _ = sequence.withCString { td_write_raw($0, strlen($0)) }
    }

    /// Ends curses and leaves the alternate screen; idempotent.
    public func restore() {
        td_end()
        previous = nil
    }
}

/// Consecutive changed cells of printable ASCII in one style, waiting to be drawn together.
private struct AsciiRun {
    var y = 0
    var x = 0
    var style = TextStyle.plain
    var bytes: [UInt8] = []

    mutating func start(y: Int, x: Int, style: TextStyle) {
        self.y = y
        self.x = x
        self.style = style
    }
}
