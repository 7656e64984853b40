#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// The one log file of this process, opened on the first line written (so a quiet run creates
/// nothing), appended to under a lock so lines from different tasks never interleave.
/// The directory is made 0700 and the file 0600: a log may name accounts and hosts.
/// When the file cannot be opened the lines are dropped — logging never disturbs a command.
public final class LogFile: @unchecked Sendable {
    public let path: String

    private let lock = NSLock()
    private var descriptor: Int32 = -1
    private var unusable = false

    public init(path: String) {
        self.path = path
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    /// Appends `line` as is (the caller ends it with a newline).
    public func append(_ line: String) {
        lock.withLock {
            guard openIfNeeded() else { return }
            var bytes = Array(line.utf8)
            var offset = 0
            while offset < bytes.count {
                let written = bytes.withUnsafeMutableBytes { buffer in
                    write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                }
                if written < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += written
            }
            bytes.removeAll()
        }
    }

    /// Must be called with the lock held.
    private func openIfNeeded() -> Bool {
        if descriptor >= 0 { return true }
        if unusable { return false }
        let directory = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            unusable = true
            return false
        }
        let opened = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard opened >= 0 else {
            unusable = true
            return false
        }
        // An older file may have been created wider (by hand, or under another umask).
        _ = fchmod(opened, 0o600)
        descriptor = opened
        return true
    }
}
