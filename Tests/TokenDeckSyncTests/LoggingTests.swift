import Foundation
import Logging
import Testing
@testable import TokenDeckSync

/// The log file: where it lives, who may read it, what reaches it, and that secrets never do.
@Suite("logging to a file")
struct LoggingTests {
    /// A fresh directory under the system's temporary one.
    static func scratch() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tokendeck-log-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return try #require(attributes[.posixPermissions] as? Int)
    }

    static func contents(_ path: String) -> String {
        String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self)
    }

    /// A logger writing to `path` at `level`, with its own redactor so tests do not share secrets.
    static func logger(path: String, level: Logger.Level, redactor: SecretRedactor = SecretRedactor()) -> Logger {
        let file = LogFile(path: path)
        return Logger(label: "tokendeck.test") { label in
            FileLogHandler(label: label, file: file, level: level, redactor: redactor)
        }
    }

    // MARK: - Path

    @Test func thePathComesFromXDGStateHome() {
        #expect(TokenDeckLogging.defaultPath(environment: ["XDG_STATE_HOME": "/var/s", "HOME": "/home/u"])
                == "/var/s/tokendeck/tokendeck.log")
    }

    @Test func withoutXDGStateHomeOrWithARelativeOneItIsUnderHome() {
        #expect(TokenDeckLogging.defaultPath(environment: ["HOME": "/home/u"]) == "/home/u/.local/state/tokendeck/tokendeck.log")
        // The XDG spec: a relative value is invalid and is ignored.
        #expect(TokenDeckLogging.defaultPath(environment: ["XDG_STATE_HOME": "state", "HOME": "/home/u"])
                == "/home/u/.local/state/tokendeck/tokendeck.log")
    }

    // MARK: - Level

    @Test func theFlagWinsThenTheVariableThenWarning() throws {
        #expect(try TokenDeckLogging.level(flag: .debug, environment: ["TOKENDECK_LOG_LEVEL": "error"]) == .debug)
        #expect(try TokenDeckLogging.level(flag: nil, environment: ["TOKENDECK_LOG_LEVEL": " Info "]) == .info)
        #expect(try TokenDeckLogging.level(flag: nil, environment: [:]) == .warning)
        #expect(try TokenDeckLogging.level(flag: nil, environment: ["TOKENDECK_LOG_LEVEL": ""]) == .warning)
    }

    @Test func aBadVariableIsAnErrorNamingItAndTheLevels() {
        #expect(throws: LogLevelError.self) {
            try TokenDeckLogging.level(flag: nil, environment: ["TOKENDECK_LOG_LEVEL": "loud"])
        }
        do throws(LogLevelError) {
            _ = try TokenDeckLogging.level(flag: nil, environment: ["TOKENDECK_LOG_LEVEL": "loud"])
        } catch {
            #expect(error.description == "TOKENDECK_LOG_LEVEL: 'loud' is not one of trace, debug, info, notice, warning, error, critical")
        }
    }

    // MARK: - The file

    @Test func theFileIsCreatedOnTheFirstLineWithMode0600InA0700Directory() throws {
        let directory = try Self.scratch() + "/state/tokendeck"
        let path = directory + "/tokendeck.log"
        let file = LogFile(path: path)
        #expect(!FileManager.default.fileExists(atPath: path), "a quiet run creates nothing")
        file.append("one\n")
        file.append("two\n")
        #expect(Self.contents(path) == "one\ntwo\n")
        #expect(try Self.mode(path) == 0o600)
        #expect(try Self.mode(directory) == 0o700)
    }

    @Test func aWiderExistingFileIsNarrowedTo0600AndAppendedTo() throws {
        let path = try Self.scratch() + "/tokendeck.log"
        _ = FileManager.default.createFile(atPath: path, contents: Data("old\n".utf8), attributes: [.posixPermissions: 0o644])
        LogFile(path: path).append("new\n")
        #expect(Self.contents(path) == "old\nnew\n")
        #expect(try Self.mode(path) == 0o600)
    }

    @Test func anUnwritablePlaceDropsLinesWithoutFailing() throws {
        let blocker = try Self.scratch() + "/not-a-directory"
        _ = FileManager.default.createFile(atPath: blocker, contents: Data("x".utf8))
        let file = LogFile(path: blocker + "/tokendeck.log")
        file.append("lost\n")
        file.append("lost again\n")
        #expect(Self.contents(blocker) == "x")
    }

    @Test func linesBelowTheLevelAreNotWritten() throws {
        let path = try Self.scratch() + "/tokendeck.log"
        let logger = Self.logger(path: path, level: .warning)
        logger.debug("page request")
        logger.info("retrying")
        #expect(!FileManager.default.fileExists(atPath: path))
        logger.warning("request failed", metadata: ["vendor": "provisionr", "attempt": "3"])
        logger.error("gave up")
        let lines = Self.contents(path).split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        #expect(lines[0].hasSuffix(" warning tokendeck.test: request failed attempt=3 vendor=provisionr"))
        #expect(lines[1].hasSuffix(" error tokendeck.test: gave up"))
        // 2026-01-02T03:04:05.678Z
        #expect(lines[0].range(of: #"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z "#, options: .regularExpression) != nil)
    }

    @Test func traceWritesEveryLevel() throws {
        let path = try Self.scratch() + "/tokendeck.log"
        let logger = Self.logger(path: path, level: .trace)
        for level in Logger.Level.allCases { logger.log(level: level, "at \(level.rawValue)") }
        let lines = Self.contents(path).split(separator: "\n")
        #expect(lines.count == Logger.Level.allCases.count)
        for (line, level) in zip(lines, Logger.Level.allCases) {
            #expect(line.hasSuffix(" \(level.rawValue) tokendeck.test: at \(level.rawValue)"))
        }
    }

    // MARK: - Redaction

    @Test func aRegisteredSecretIsMaskedInTheMessageMetadataAndError() throws {
        let path = try Self.scratch() + "/tokendeck.log"
        let redactor = SecretRedactor()
        redactor.register("  s3cr3t-value-123\n")
        let logger = Self.logger(path: path, level: .info, redactor: redactor)
        struct Failure: Error, CustomStringConvertible { var description: String { "server echoed s3cr3t-value-123" } }
        logger.info("GET https://h/?key=s3cr3t-value-123", metadata: ["header": "x-token: s3cr3t-value-123"])
        logger.error("failed", error: Failure())
        let text = Self.contents(path)
        #expect(!text.contains("s3cr3t-value-123"))
        #expect(text.contains("GET https://h/?key=‹redacted› header=x-token: ‹redacted›"))
        #expect(text.contains("failed error=server echoed ‹redacted›"))
    }

    @Test func bearerCredentialsAreMaskedEvenWhenNotRegistered() {
        let redactor = SecretRedactor()
        #expect(redactor.redact("Authorization: Bearer abc.def-ghi, next") == "Authorization: Bearer ‹redacted›, next")
        #expect(redactor.redact("authorization: bearer\t\"tok\"") == "authorization: bearer\t\"‹redacted›\"")
        #expect(redactor.redact("x-forbearer: abc") == "x-forbearer: abc")
        #expect(redactor.redact("BEARER  t0k") == "BEARER  ‹redacted›")
        // Fail-safe: in prose the word after "bearer" goes too.
        #expect(redactor.redact("no bearer here") == "no bearer ‹redacted›")
        #expect(redactor.redact("bearer") == "bearer")
    }

    @Test func aSecretContainingAnotherIsMaskedWholeAndShortOnesAreIgnored() {
        let redactor = SecretRedactor()
        redactor.register("abcd")
        redactor.register("abcd-efgh-long")
        redactor.register("ab")
        #expect(redactor.redact("x abcd-efgh-long y abcd z ab") == "x ‹redacted› y ‹redacted› z ab")
    }

    @Test func aLineCannotCarryANewlineOrAnEscapeSequence() throws {
        let path = try Self.scratch() + "/tokendeck.log"
        let logger = Self.logger(path: path, level: .info)
        logger.info("name\u{1B}[2Jwith\nnewline", metadata: ["k\u{7}": "v\r"])
        let text = Self.contents(path)
        #expect(text.filter { $0 == "\n" }.count == 1)
        #expect(!text.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{7}" || $0 == "\r" })
        #expect(text.hasSuffix("\n"))
    }

    @Test func theCredentialResolverRegistersWhatItResolves() async throws {
        // Unique, so no other test can have registered it with the shared redactor (nor a part of
        // it: another suite's credential "secret" made "resolved-secret-…" half redacted).
        let secret = "resolved-\(UUID().uuidString)"
        #expect(SecretRedactor.shared.redact("x \(secret) y") == "x \(secret) y")
        let resolved = try await CredentialResolver.resolve(.environment("SOME_TOKEN"), environment: ["SOME_TOKEN": secret + "\n"])
        #expect(resolved == secret)
        #expect(SecretRedactor.shared.redact("x \(secret) y") == "x ‹redacted› y")
    }
}
