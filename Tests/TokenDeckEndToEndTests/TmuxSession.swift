#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing

struct EndToEndError: Error, CustomStringConvertible {
    var description: String
}

/// A detached tmux session running the real `tokendeck` binary, driven the way a person
/// drives it: keys in, the pane's text out. Every session lives on a private tmux server
/// socket with no user config, so a developer's own tmux is never touched.
final class TmuxSession {
    /// A private server: `tmux -L tokendeck-e2e`.
    static let socket = "tokendeck-e2e"

    /// `<package>/.build/debug/tokendeck`, found from this file's path; `TOKENDECK_BINARY`
    /// overrides it (a release build, another build path).
    static var binary: String {
        if let path = ProcessInfo.processInfo.environment["TOKENDECK_BINARY"], !path.isEmpty { return path }
        let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return package.appendingPathComponent(".build/debug/tokendeck").path
    }

    /// The dashboard's command line as a person in a UTF-8, 256-colour terminal types it.
    static func dashboardCommand(_ arguments: String = "--demo") -> String {
        "LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color \(shellQuoted(binary)) \(arguments)"
    }

    private static let startLock = NSLock()

    let name: String
    private(set) var keyPresses = 0
    private var killed = false

    /// Starts `command` in a new detached session of `width`×`height`.
    init(_ command: String, width: Int = 120, height: Int = 40, label: String = #function) throws {
        try Self.requireTmux()
        guard FileManager.default.isExecutableFile(atPath: Self.binary) else {
            throw EndToEndError(description: "no tokendeck binary at \(Self.binary); run `swift build` first")
        }
        let slug = label.filter { $0.isLetter || $0.isNumber }.prefix(24)
        name = "e2e-\(slug)-\(UUID().uuidString.prefix(8))"
        // One at a time: two suites starting the first sessions at once would race to start the server.
        try Self.startLock.withLock {
            try Self.tmux(["-f", "/dev/null", "new-session", "-d", "-s", name, "-x", "\(width)", "-y", "\(height)", command])
        }
        // Keep the pane after the program exits, so a crash leaves its last words to read.
        try Self.tmux(["set-option", "-t", name, "remain-on-exit", "on"])
    }

    deinit { kill() }

    /// Sends tmux key names (`j`, `Enter`, `Escape`, `NPage`, `C-c`); each counts as one press.
    func press(_ keys: String...) throws {
        for key in keys {
            try Self.tmux(["send-keys", "-t", name, key])
            keyPresses += 1
        }
    }

    /// Types `text` literally, one key press per character.
    func type(_ text: String) throws {
        try Self.tmux(["send-keys", "-t", name, "-l", text])
        keyPresses += text.count
    }

    /// The pane's text now, one line per row.
    func capture() throws -> String {
        try Self.tmux(["capture-pane", "-p", "-t", name])
    }

    /// A tmux format value for the pane (`#{pane_dead}`, `#{alternate_on}`, `#{cursor_flag}`).
    func paneValue(_ format: String) throws -> String {
        try Self.tmux(["display-message", "-p", "-t", name, format]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func resize(width: Int, height: Int) throws {
        try Self.tmux(["resize-window", "-t", name, "-x", "\(width)", "-y", "\(height)"])
    }

    /// Polls the pane every 50 ms until `text` appears; returns that capture.
    @discardableResult
    func waitFor(_ text: String, timeout: Double = 15) async throws -> String {
        try await waitUntil("\"\(text)\" on screen", timeout: timeout) { $0.contains(text) }
    }

    /// Polls the pane every 50 ms until `condition` holds; fails with the last screen.
    @discardableResult
    func waitUntil(_ what: String, timeout: Double = 15, _ condition: (String) -> Bool) async throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var screen = ""
        repeat {
            screen = try capture()
            if condition(screen) { return screen }
            if try paneValue("#{pane_dead}") == "1" {
                throw EndToEndError(description: "the program exited while waiting for \(what); last screen:\n\(screen)")
            }
            // Async, so a waiting test gives its thread back to the tests running beside it.
            try await Task.sleep(for: .milliseconds(50))
        } while Date() < deadline
        throw EndToEndError(description: "timed out after \(timeout)s waiting for \(what); last screen:\n\(screen)")
    }

    /// As `waitUntil`, but the screen must also be the same in two captures in a row (50 ms apart):
    /// a frame that reached tmux in several writes, or is still being written, is not taken for
    /// the finished one.
    @discardableResult
    func waitUntilSettled(_ what: String, timeout: Double = 15, _ condition: (String) -> Bool) async throws -> String {
        var previous: String?
        return try await waitUntil(what + " (settled)", timeout: timeout) { screen in
            defer { previous = screen }
            return condition(screen) && screen == previous
        }
    }

    func kill() {
        guard !killed else { return }
        killed = true
        _ = try? Self.tmux(["kill-session", "-t", name])
    }

    // MARK: - tmux

    static func requireTmux() throws {
        guard (try? run(["tmux", "-V"])) != nil else {
            throw EndToEndError(description: "tmux is not installed: the end-to-end tests drive the real binary in tmux (`apt-get install tmux`; .ci/run installs it)")
        }
    }

    @discardableResult
    static func tmux(_ arguments: [String]) throws -> String {
        try run(["tmux", "-L", socket] + arguments)
    }

    /// Runs `arguments` (found on PATH) to completion and returns its standard output.
    ///
    /// posix_spawn and waitpid, not Foundation's `Process`: on Linux `Process` learns of an exit
    /// from a socket the child inherits, and the tmux server that `new-session` forks keeps that
    /// socket open for as long as it lives, so `waitUntilExit` would never return on a machine
    /// where no tmux server was running yet (a fresh CI box).
    @discardableResult
    static func run(_ arguments: [String]) throws -> String {
        var environment = ProcessInfo.processInfo.environment
        // Inside a developer's tmux, talk to our private server, not theirs.
        environment.removeValue(forKey: "TMUX")
        // Files, not pipes: the tmux server inherits the output descriptors and would hold a
        // pipe open forever.
        let outputURL = FileManager.default.temporaryDirectory.appendingPathComponent("tokendeck-e2e-\(UUID().uuidString).out")
        let errorURL = outputURL.appendingPathExtension("err")
        defer {
            try? FileManager.default.removeItem(at: outputURL)
            try? FileManager.default.removeItem(at: errorURL)
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputURL.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errorURL.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)

        let argv = (["/usr/bin/env"] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, "/usr/bin/env", &actions, nil, argv, envp)
        guard spawned == 0 else {
            throw EndToEndError(description: "cannot start `\(arguments.joined(separator: " "))`: \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let data = (try? Data(contentsOf: outputURL)) ?? Data()
        let errorData = (try? Data(contentsOf: errorURL)) ?? Data()
        // WIFEXITED && WEXITSTATUS == 0, spelled out: the C macros do not import.
        let exitedCleanly = (status & 0x7f) == 0 && ((status >> 8) & 0xff) == 0
        guard exitedCleanly else {
            throw EndToEndError(description: "`\(arguments.joined(separator: " "))` failed (status \(status)): \(String(decoding: errorData, as: UTF8.self))")
        }
        return String(decoding: data, as: UTF8.self)
    }

    static func shellQuoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
