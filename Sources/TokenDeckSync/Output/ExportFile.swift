#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// `write(2)`, named apart from `ExportFile.write`.
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}

/// Why an export could not be written, naming the file and what the system said.
public struct ExportError: Error, Sendable, Hashable, CustomStringConvertible {
    public var path: String
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "cannot export to \(path): \(reason)" }
}

/// Writes a whole file or nothing: the bytes go to a temporary file beside the target, are
/// synced to disk, then renamed over it. A reader (or a crash) sees the old file or the new
/// one, never half of one, and no temporary file is left behind on failure.
public enum ExportFile {
    /// Readable by everyone, like any file a person exports to share.
    public static let mode: mode_t = 0o644
    /// Prefix of the temporary file, so a stray one (after a power cut) says whose it is.
    public static let temporaryPrefix = ".tokendeck-export-"

    public static func write(_ data: Data, to path: String) throws(ExportError) {
        let directory = (path as NSString).deletingLastPathComponent
        let folder = directory.isEmpty ? "." : directory
        var template = Array((folder + "/" + temporaryPrefix + "XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw failure(path, errno) }
        let temporary = String(cString: template)
        var closed = false
        do throws(ExportError) {
            guard fchmod(descriptor, mode) == 0 else { throw failure(path, errno) }
            try writeAll(data, to: descriptor, path: path)
            guard fsync(descriptor) == 0 else { throw failure(path, errno) }
            closed = true
            guard close(descriptor) == 0 else { throw failure(path, errno) }
            guard rename(temporary, path) == 0 else { throw failure(path, errno) }
        } catch {
            if !closed { close(descriptor) }
            unlink(temporary)
            throw error
        }
        syncDirectory(folder)
    }

    private static func writeAll(_ data: Data, to descriptor: Int32, path: String) throws(ExportError) {
        var offset = 0
        while offset < data.count {
            let written = data.withUnsafeBytes { buffer in
                systemWrite(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw failure(path, errno)
            }
            offset += written
        }
    }

    /// The rename itself is durable only once the directory is synced; best effort.
    private static func syncDirectory(_ directory: String) {
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        close(descriptor)
    }

    private static func failure(_ path: String, _ code: Int32) -> ExportError {
        ExportError(path: path, reason: String(cString: strerror(code)))
    }
}
