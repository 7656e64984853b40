import Foundation
import Testing
@testable import TokenDeckSync

@Suite("Credentials and command splitting")
struct ConfigCredentialTests {
    @Test func environmentVariableGivesItsValue() async throws {
        let token = try await CredentialResolver.resolve(.environment("MY_TOKEN"), environment: ["MY_TOKEN": "abc123\n"])
        #expect(token == "abc123")
    }

    @Test func missingEnvironmentVariableNamesTheVariable() async {
        await #expect(throws: CredentialError(kind: .environmentVariableMissing, subject: "MY_TOKEN")) {
            try await CredentialResolver.resolve(.environment("MY_TOKEN"), environment: [:])
        }
        #expect(CredentialError(kind: .environmentVariableMissing, subject: "MY_TOKEN").description == "credential missing: MY_TOKEN not set")
    }

    @Test func emptyEnvironmentVariableIsMissingToo() async {
        await #expect(throws: CredentialError(kind: .environmentVariableEmpty, subject: "MY_TOKEN")) {
            try await CredentialResolver.resolve(.environment("MY_TOKEN"), environment: ["MY_TOKEN": "  "])
        }
    }

    @Test func commandOutputIsTheTokenWithoutTrailingNewline() async throws {
        let argv = try ShellWords.split(#"printf '%s\n' "tok en""#)
        let token = try await CredentialResolver.resolve(.command(argv), environment: ["PATH": "/usr/bin:/bin"])
        #expect(token == "tok en")
    }

    @Test func commandRunsWithoutAShellSoNothingIsExpanded() async throws {
        let token = try await CredentialResolver.resolve(
            .command(try ShellWords.split("echo '$HOME' *")), environment: ["PATH": "/usr/bin:/bin", "HOME": "/root"])
        #expect(token == "$HOME *")
    }

    @Test func failingCommandNamesTheProgramNotItsOutput() async {
        do {
            _ = try await CredentialResolver.resolve(.command(["sh", "-c", "echo secret-output; exit 3"]), environment: ["PATH": "/usr/bin:/bin"])
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .programFailed)
            #expect(error.exitStatus == 3)
            #expect(error.description == "token_command: sh exited with status 3")
        }
    }

    @Test func commandPrintingNothingIsAnError() async {
        await #expect(throws: CredentialError(kind: .programPrintedNothing, subject: "true")) {
            try await CredentialResolver.resolve(.command(["true"]), environment: ["PATH": "/usr/bin:/bin"])
        }
    }

    @Test func unknownProgramIsNamed() async {
        await #expect(throws: CredentialError(kind: .programNotFound, subject: "no-such-program-xyz")) {
            try await CredentialResolver.resolve(.command(["no-such-program-xyz"]), environment: ["PATH": "/usr/bin:/bin"])
        }
    }

    @Test func slowCommandTimesOut() async {
        // A program that never answers: without the timeout this test would never end.
        await #expect(throws: CredentialError(kind: .programTimedOut, subject: "sleep")) {
            try await CredentialResolver.resolve(.command(["sleep", "infinity"]), environment: ["PATH": "/usr/bin:/bin"], timeout: .milliseconds(200))
        }
    }

    @Test func largeOutputDoesNotDeadlock() async throws {
        let token = try await CredentialResolver.resolve(
            .command(["head", "-c", "200000", "/dev/zero"]), environment: ["PATH": "/usr/bin:/bin"])
        #expect(token.utf8.count == 200_000)
    }

    @Test func shellWordsFollowPOSIXQuoting() throws {
        #expect(try ShellWords.split("pass show acme/provisionr") == ["pass", "show", "acme/provisionr"])
        #expect(try ShellWords.split(#"op read "op://a b/c" 'x "y"' z\ w"#) == ["op", "read", "op://a b/c", #"x "y""#, "z w"])
        #expect(try ShellWords.split(#"a "" '' b"#) == ["a", "", "", "b"])
        #expect(try ShellWords.split(#"echo "a\"b\\c\d""#) == ["echo", #"a"b\c\d"#])
        #expect(try ShellWords.split("  spaced\tout  ") == ["spaced", "out"])
        #expect(throws: ShellWords.SplitError.unterminatedQuote("\"")) { try ShellWords.split(#"echo "open"#) }
        #expect(throws: ShellWords.SplitError.trailingBackslash) { try ShellWords.split(#"echo \"#) }
    }
}
