import Foundation

/// `tokendeck sandbox --write-config PATH` as a separate process (our own binary, so Foundation's
/// `Process` is fine): the origin it listens on, the config it wrote, and the `export` lines it
/// printed, as an environment to run `tokendeck` with.
final class SeededSandbox {
    let process = Process()
    let config: String
    private(set) var origin = ""
    /// `TOKENDECK_SANDBOX_<VENDOR>_TOKEN` → the vendor's bearer token.
    private(set) var tokens: [String: String] = [:]

    /// `extraArguments` go after these (a later `--seed` or `--fault-rate` wins).
    init(tokens count: Int, seed: Int = 42, config: String, extraArguments: [String] = []) throws {
        self.config = config
        process.executableURL = URL(fileURLWithPath: TmuxSession.binary)
        process.arguments = ["sandbox", "--port", "0", "--tokens", "\(count)", "--seed", "\(seed)", "--write-config", config]
            + extraArguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Everything up to "Press Ctrl-C to stop." (the sandbox writes it in one go, then serves).
        var text = ""
        let reader = output.fileHandleForReading
        while !text.contains("Press Ctrl-C to stop.") {
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        guard let range = text.range(of: #"http://[0-9.]+:[0-9]+"#, options: .regularExpression) else {
            stop()
            throw EndToEndError(description: "`tokendeck sandbox` did not say where it listens: \(text)")
        }
        origin = String(text[range])
        for line in text.split(separator: "\n") where line.hasPrefix("export ") {
            let assignment = line.dropFirst("export ".count)
            guard let equals = assignment.firstIndex(of: "=") else { continue }
            tokens[String(assignment[..<equals])] = String(assignment[assignment.index(after: equals)...])
        }
        guard tokens.count == 4 else {
            stop()
            throw EndToEndError(description: "expected four export lines from the sandbox: \(text)")
        }
    }

    deinit { stop() }

    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }
}

/// The real binary run to completion, its output kept as the raw bytes it wrote.
struct RawRun {
    var status: Int32
    var stdout: Data
    var stderr: Data

    var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    var stderrText: String { String(decoding: stderr, as: UTF8.self) }

    /// Runs `tokendeck arguments` with `environment` laid over this process's own (a nil value
    /// removes the variable).
    static func tokendeck(_ arguments: [String], environment: [String: String?] = [:]) throws -> RawRun {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TmuxSession.binary)
        process.arguments = arguments
        var merged = ProcessInfo.processInfo.environment
        for (key, value) in environment { merged[key] = value }
        process.environment = merged
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let errorData = CreateCommandTests.ErrorDrain(errors.fileHandleForReading)
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return RawRun(status: process.terminationStatus, stdout: data, stderr: errorData.wait())
    }
}

/// A scratch directory for one test, with the XDG directories inside it.
struct ScratchDirectory {
    let url: URL

    init(_ label: String) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("tokendeck-\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    var environment: [String: String] {
        ["XDG_CONFIG_HOME": path("config"), "XDG_CACHE_HOME": path("cache"), "XDG_STATE_HOME": path("state")]
    }

    /// Every byte of every regular file under `name`, with its path.
    func files(under name: String) throws -> [(path: String, data: Data)] {
        let root = url.appendingPathComponent(name)
        guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) else { return [] }
        var files: [(String, Data)] = []
        for case let file as URL in enumerator where (try? file.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
            files.append((file.path, try Data(contentsOf: file)))
        }
        return files
    }
}

extension Data {
    /// Whether `needle` occurs in these bytes.
    func contains(bytes needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, count >= needle.count else { return needle.isEmpty }
        return range(of: Data(needle)) != nil
    }

    func contains(_ text: String) -> Bool { contains(bytes: Array(text.utf8)) }
}
