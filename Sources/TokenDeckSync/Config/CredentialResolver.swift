import Foundation

/// Why an account's credential could not be had. Names the variable or the program, never a value
/// or a program's output (which might be the token, or half of it).
public struct CredentialError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        case environmentVariableMissing, environmentVariableEmpty
        case programNotFound, programFailed, programPrintedNothing, programTimedOut
    }

    public var kind: Kind
    /// The environment variable or the program.
    public var subject: String
    /// Exit status, for `programFailed`.
    public var exitStatus: Int32?

    public init(kind: Kind, subject: String, exitStatus: Int32? = nil) {
        self.kind = kind
        self.subject = subject
        self.exitStatus = exitStatus
    }

    public var description: String {
        switch kind {
        case .environmentVariableMissing: "credential missing: \(subject) not set"
        case .environmentVariableEmpty: "credential missing: \(subject) is empty"
        case .programNotFound: "token_command: program \(subject) not found"
        case .programFailed: "token_command: \(subject) exited with status \(exitStatus.map(String.init) ?? "?")"
        case .programPrintedNothing: "token_command: \(subject) printed nothing"
        case .programTimedOut: "token_command: \(subject) did not finish in time"
        }
    }
}

/// Turns a `CredentialSource` into the bearer token, at the moment it is needed; nothing is kept
/// but its registration with the log's redactor, so the value can never reach the log file.
public enum CredentialResolver {
    public static let defaultTimeout: Duration = .seconds(10)

    public static func resolve(
        _ source: CredentialSource,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        timeout: Duration = defaultTimeout
    ) async throws(CredentialError) -> String {
        let secret = try await resolveValue(source, environment: environment, timeout: timeout)
        SecretRedactor.shared.register(secret)
        return secret
    }

    private static func resolveValue(
        _ source: CredentialSource, environment: [String: String], timeout: Duration
    ) async throws(CredentialError) -> String {
        switch source {
        case .literal(let value):
            return value
        case .environment(let name):
            guard let value = environment[name] else { throw CredentialError(kind: .environmentVariableMissing, subject: name) }
            let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty else { throw CredentialError(kind: .environmentVariableEmpty, subject: name) }
            return trimmed
        case .command(let argv):
            return try await runCommand(argv, environment: environment, timeout: timeout)
        }
    }

    /// Runs `argv` directly (no shell), returns its standard output without the trailing newline.
    static func runCommand(_ argv: [String], environment: [String: String], timeout: Duration) async throws(CredentialError) -> String {
        guard let program = argv.first, !program.isEmpty else {
            throw CredentialError(kind: .programNotFound, subject: "(empty command)")
        }
        guard let executable = executableURL(for: program, searchPath: environment["PATH"]) else {
            throw CredentialError(kind: .programNotFound, subject: program)
        }
        let run = CommandRun(executable: executable, arguments: Array(argv.dropFirst()), environment: environment)
        let outcome = await run.start(timeout: timeout)
        switch outcome {
        case .launchFailed:
            throw CredentialError(kind: .programNotFound, subject: program)
        case .timedOut:
            throw CredentialError(kind: .programTimedOut, subject: program)
        case .exited(let status, let output):
            guard status == 0 else { throw CredentialError(kind: .programFailed, subject: program, exitStatus: status) }
            var text = String(decoding: output, as: UTF8.self)
            while text.hasSuffix("\n") || text.hasSuffix("\r") || text.hasSuffix("\r\n") { text.removeLast() }
            guard !text.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw CredentialError(kind: .programPrintedNothing, subject: program)
            }
            return text
        }
    }

    /// `program` itself when it has a slash, else the first executable of that name on `PATH`.
    static func executableURL(for program: String, searchPath: String?) -> URL? {
        let fileManager = FileManager.default
        if program.contains("/") {
            return fileManager.isExecutableFile(atPath: program) ? URL(fileURLWithPath: program) : nil
        }
        let directories = (searchPath ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":").map(String.init)
        for directory in directories where !directory.isEmpty {
            let candidate = directory + "/" + program
            var isDirectory: ObjCBool = false
            if fileManager.fileExists(atPath: candidate, isDirectory: &isDirectory), !isDirectory.boolValue,
               fileManager.isExecutableFile(atPath: candidate) {
                return URL(fileURLWithPath: candidate)
            }
        }
        return nil
    }
}

/// One run of a credential program, with a deadline. The process and its pipe are touched from a
/// reader thread and a timer, so the state lives behind a lock.
private final class CommandRun: @unchecked Sendable {
    enum Outcome: Sendable {
        case exited(Int32, Data)
        case timedOut
        case launchFailed
    }

    private let process = Process()
    private let output = Pipe()
    private let lock = NSLock()
    private var continuation: CheckedContinuation<Outcome, Never>?
    private var finished = false

    init(executable: URL, arguments: [String], environment: [String: String]) {
        process.executableURL = executable
        process.arguments = arguments
        process.environment = environment
        process.standardOutput = output
        // Its stderr may echo the secret or prompt; neither belongs on our screen or in our errors.
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
    }

    func start(timeout: Duration) async -> Outcome {
        await withCheckedContinuation { continuation in
            lock.withLock { self.continuation = continuation }
            do {
                try process.run()
            } catch {
                finish(.launchFailed)
                return
            }
            let reader = output.fileHandleForReading
            Thread.detachNewThread { [self] in
                let data = reader.readDataToEndOfFile()
                process.waitUntilExit()
                finish(.exited(process.terminationStatus, data))
            }
            let (seconds, attoseconds) = timeout.components
            let delay = Double(seconds) + Double(attoseconds) / 1e18
            DispatchQueue.global().asyncAfter(deadline: .now() + delay) { [self] in
                guard lock.withLock({ !finished }) else { return }
                if process.isRunning { process.terminate() }
                finish(.timedOut)
            }
        }
    }

    private func finish(_ outcome: Outcome) {
        let waiting: CheckedContinuation<Outcome, Never>? = lock.withLock {
            guard !finished else { return nil }
            finished = true
            defer { continuation = nil }
            return continuation
        }
        waiting?.resume(returning: outcome)
    }
}
