#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// How many columns a table printed to standard output may use.
enum TerminalWidth {
    static let fallback = 120

    /// `$COLUMNS` when set, else the terminal's width when stdout is one, else 120.
    static func current(environment: [String: String] = ProcessInfo.processInfo.environment) -> Int {
        if let text = environment["COLUMNS"], let columns = Int(text), columns > 0 { return columns }
        guard isatty(STDOUT_FILENO) == 1 else { return fallback }
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return fallback }
        return Int(size.ws_col)
    }
}

/// Writes text to standard output or error without going through `print`'s per-call locking,
/// which matters at 100k lines.
enum Output {
    static func write(_ text: String) {
        guard !text.isEmpty else { return }
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// Bytes as they are, with write(2) until all are out (no copy into a `Data`).
    static func write(bytes: [UInt8]) {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                #if canImport(Glibc)
                let count = Glibc.write(STDOUT_FILENO, raw.baseAddress.map { $0 + offset }, raw.count - offset)
                #else
                let count = Darwin.write(STDOUT_FILENO, raw.baseAddress.map { $0 + offset }, raw.count - offset)
                #endif
                if count > 0 {
                    offset += count
                } else if count < 0, errno == EINTR {
                    continue
                } else {
                    return // a closed pipe (`| head`): nothing more can be written
                }
            }
        }
    }

    static func note(_ text: String) {
        FileHandle.standardError.write(Data("tokendeck: \(text)\n".utf8))
    }
}
