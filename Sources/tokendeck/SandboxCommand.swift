import ArgumentParser
import Foundation
import TokenDeckSandbox

/// `tokendeck sandbox`: serves the local simulator of the four vendors until interrupted.
struct SandboxCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sandbox",
        abstract: "Serve a local simulator of the four vendor APIs with generated tokens.",
        discussion: """
            Prints each vendor's base URL and the bearer token it accepts, then serves until \
            interrupted (Ctrl-C or SIGTERM exits 0).
            """
    )

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    // `.unconditional`: `--port -1` is a bad port (said by validate), not a missing value.
    @Option(parsing: .unconditional, help: "Port to listen on (0 picks a free port).")
    var port = 0

    @Option(parsing: .unconditional, help: "Total tokens to generate across the four vendors.")
    var tokens = 3000

    @Option(help: "Seed for the generated tokens and the random faults.")
    var seed: UInt64 = 42

    @Option(parsing: .unconditional, help: "Milliseconds of delay added to every response.")
    var latency = 0

    @Option(name: .customLong("fault-rate"), parsing: .unconditional, help: "Fraction (0…1) of requests answered with a random fault (429, 500, 503, truncated body, slow).")
    var faultRate = 0.0

    @Option(parsing: .unconditional, help: ArgumentHelp("Changes per second to the data (create, delete, trash, revoke) across the four vendors, from the seed; 0 keeps it still.", valueName: "rate"))
    var churn = 0.0

    @Flag(help: "Answer gzip-compressed (Content-Encoding: gzip) when the request's Accept-Encoding takes gzip.")
    var gzip = false

    @Option(name: .customLong("write-config"), help: "Write a config file (mode 0600) for the four sandbox accounts to this path.")
    var writeConfig: String?

    @Option(name: .customLong("request-log"), help: "Append a line (METHOD PATH STATUS) for every request answered to this file.")
    var requestLog: String?

    func validate() throws {
        guard tokens >= 0 else { throw ValidationError("--tokens must be 0 or more, got \(tokens).") }
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be between 0 and 65535, got \(port).") }
        guard latency >= 0 else { throw ValidationError("--latency must be 0 or more milliseconds, got \(latency).") }
        guard faultRate.isFinite, (0...1).contains(faultRate) else {
            throw ValidationError("--fault-rate must be between 0 and 1, got \(faultRate).")
        }
        guard churn.isFinite, churn >= 0 else {
            throw ValidationError("--churn must be a non-negative number of changes per second, got \(churn).")
        }
        guard !host.isEmpty else { throw ValidationError("--host must not be empty.") }
        if let writeConfig, writeConfig.isEmpty { throw ValidationError("--write-config needs a file path.") }
    }

    func run() async throws {
        // Ignore the default handlers first, so a signal arriving during start-up is not fatal.
        let shutdown = ShutdownSignal([SIGINT, SIGTERM])
        let sandbox: RunningSandbox
        do {
            sandbox = try await Sandbox.start(SandboxConfiguration(
                host: host, port: port, tokens: tokens, seed: seed,
                latencyMilliseconds: latency, faultRate: faultRate, churnRate: churn, gzip: gzip, requestLog: requestLog))
        } catch {
            printError("--host/--port: the sandbox could not listen on \(host):\(port): \(error)")
            throw ExitStatus.vendorError
        }

        let total = await sandbox.store.totalCount()
        var lines = ["TokenDeck sandbox listening on \(sandbox.origin) — \(total) tokens, seed \(seed)"
            + (churn > 0 ? ", churn \(churn)/s" : "") + (gzip ? ", gzip" : "")]
        for vendor in SandboxVendor.allCases {
            lines.append("\(vendor.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0)) "
                + "\(sandbox.baseURL(for: vendor).absoluteString)  Bearer \(vendor.bearerToken)")
        }
        lines.append("prefactor accounts: \(sandbox.store.prefactorAccountIDs.joined(separator: ", ")) (the first is the default)")
        if let writeConfig {
            do {
                try SandboxConfigFile.write(for: sandbox, to: writeConfig)
            } catch {
                printError("--write-config: could not write the config file \(writeConfig): \(error.localizedDescription)")
                await sandbox.stop()
                throw ExitStatus.usage
            }
            lines.append("wrote \(writeConfig); set the tokens it reads with:")
            lines += SandboxVendor.allCases.map { "export \($0.tokenEnvironmentVariable)=\($0.bearerToken)" }
        }
        lines.append("Press Ctrl-C to stop.")
        // Unbuffered, so a script reading our stdout sees the URLs before we block.
        FileHandle.standardOutput.write(Data((lines.joined(separator: "\n") + "\n").utf8))

        await shutdown.wait()
        await sandbox.stop()
    }
}

/// The config file `--write-config` writes: one account per vendor, plus the second
/// Prefactor account, with tokens read from environment variables (never written).
enum SandboxConfigFile {
    static func contents(for sandbox: RunningSandbox) -> String {
        var text = """
            # TokenDeck config for the local sandbox at \(sandbox.origin) (written by `tokendeck sandbox`).
            # The tokens come from the environment; see the export lines the sandbox printed.
            page_size = 100

            """
        func account(_ name: String, _ vendor: SandboxVendor, extra: String = "") {
            text += """

                [[accounts]]
                name = "\(name)"
                vendor = "\(vendor.rawValue)"
                base_url = "\(sandbox.baseURL(for: vendor).absoluteString)"
                token_env = "\(vendor.tokenEnvironmentVariable)"
                \(extra)
                """
        }
        account("sandbox-provisionr", .provisionr, extra: "service = \"svc_sandbox\"\n")
        account("sandbox-prefactor", .prefactor)
        account("sandbox-prefactor-ops", .prefactor, extra: "account_id = \"\(sandbox.store.prefactorAccountIDs[1])\"\n")
        account("sandbox-metokens", .metokens)
        account("sandbox-truefoundry", .truefoundry)
        return text
    }

    static func write(for sandbox: RunningSandbox, to path: String) throws {
        let url = URL(fileURLWithPath: (path as NSString).expandingTildeInPath)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        // Make the file 0600 before anything is written into it, even when it already existed.
        if !FileManager.default.fileExists(atPath: url.path) {
            guard FileManager.default.createFile(atPath: url.path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: url.path])
            }
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: url.path)
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        try handle.truncate(atOffset: 0)
        try handle.write(contentsOf: Data(contents(for: sandbox).utf8))
    }
}

/// Waits for the first of some signals, with their default handlers switched off so the
/// process can shut the server down and exit 0.
final class ShutdownSignal: Sendable {
    private let stream: AsyncStream<Int32>
    // Dispatch sources are thread-safe; they are kept only so they stay alive.
    nonisolated(unsafe) private let sources: [any DispatchSourceSignal]

    init(_ signals: [Int32]) {
        let (stream, continuation) = AsyncStream<Int32>.makeStream()
        self.stream = stream
        let queue = DispatchQueue(label: "tokendeck.sandbox.signals")
        sources = signals.map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { continuation.yield(number) }
            source.resume()
            return source
        }
    }

    func wait() async {
        var iterator = stream.makeAsyncIterator()
        _ = await iterator.next()
    }
}
