import Foundation
import Testing
import TestSupport
import TokenDeckCore
@testable import TokenDeckSync

/// `list --export` and the dashboard's `:export`: `list --format`'s columns plus the hygiene flags,
/// written whole or not at all.
@Suite("export with hygiene flags")
struct ExportTests {
    /// The output fixtures (expiring; no expiry) and one token with four flags at once.
    static let tokens = OutputFixtures.tokens + [
        Token.fixture(id: "wstok_old", title: "Old", createdAt: TestClock.days(-400), lastUsedAt: nil, expiresAt: nil),
    ]

    static func scratch() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("tokendeck-export-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func entries(_ directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
    }

    @Test func csvHasTheListColumnsPlusHygieneAndOneRowAToken() {
        let text = TokenExport.csv(Self.tokens, now: OutputFixtures.now)
        let expected = """
            vendor,account,id,kind,title,status,trashed,created_at,last_used_at,expires_at,owner,scopes,usage_count,hygiene
            provisionr,acme-prod,wstok_01,svc_access,"Vendor ""X"", (Prod)",expiring,false,2024-03-15T10:30:00Z,2024-04-29T00:00:00Z,2024-05-20T00:00:00Z,,read;write,,expiring
            metokens,me,42,personal,tab␉here ☃␛[31m␇,trashed,true,,,,bob\\ops,,7,no expiry
            provisionr,acme-prod,wstok_old,svc_access,Old,active,false,2023-03-28T00:00:00Z,,,,,,never used;stale 90d;no expiry;older 365d

            """
        #expect(text == expected)
        #expect(TokenExport.fields == TokenOutput.fields + ["hygiene"])
        #expect(TokenExport.csv([], now: OutputFixtures.now) == TokenExport.fields.joined(separator: ",") + "\n")
    }

    @Test func jsonIsTheListObjectsPlusAHygieneArray() throws {
        let text = TokenExport.json(Self.tokens, now: OutputFixtures.now)
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
        #expect(parsed.count == 3)
        #expect(parsed.map { $0["id"] as? String } == ["wstok_01", "42", "wstok_old"])
        #expect(parsed.map { $0["hygiene"] as? [String] } == [["expiring"], ["no expiry"], ["never used", "stale 90d", "no expiry", "older 365d"]])
        #expect(parsed[0]["status"] as? String == "expiring")
        #expect(parsed[1]["trashed"] as? Bool == true)
        #expect(parsed[1]["usage_count"] as? Int == 7)
        #expect(parsed[2]["expires_at"] is NSNull)
        // Key order: list --format json's, then hygiene.
        let firstLine = try #require(text.split(separator: "\n").dropFirst().first)
        #expect(firstLine.hasPrefix(#"{"vendor":"provisionr","account":"acme-prod","id":"wstok_01""#))
        #expect(firstLine.hasSuffix(#""usage_count":null,"hygiene":["expiring"]},"#))
        #expect(TokenExport.json([], now: OutputFixtures.now) == "[]\n")
    }

    @Test func theExtensionChoosesTheFormatInAnyCase() {
        #expect(TokenExport.Format(path: "out.csv") == .csv)
        #expect(TokenExport.Format(path: "/tmp/a.b/Tokens.JSON") == .json)
        #expect(TokenExport.Format(path: "out.txt") == nil)
        #expect(TokenExport.Format(path: "csv") == nil)
        #expect(TokenExport.Format(path: ".csv") == nil)
        #expect(TokenExport.Format(path: "dir.csv/") == nil)
    }

    @Test func writeReplacesTheFileWholeWithMode0644AndLeavesNoTemporaryFile() throws {
        let directory = try Self.scratch()
        let path = directory + "/tokens.csv"
        _ = FileManager.default.createFile(atPath: path, contents: Data("old contents\n".utf8), attributes: [.posixPermissions: 0o600])
        let count = try TokenExport.write(Self.tokens, format: .csv, to: path, now: OutputFixtures.now)
        #expect(count == 3)
        let written = String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self)
        #expect(written == TokenExport.csv(Self.tokens, now: OutputFixtures.now))
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o644)
        #expect(Self.entries(directory) == ["tokens.csv"])
    }

    @Test func aMissingDirectoryIsAnErrorNamingTheFileAndWritesNothing() throws {
        let directory = try Self.scratch()
        let path = directory + "/missing/tokens.json"
        #expect(throws: ExportError.self) { try TokenExport.write(Self.tokens, format: .json, to: path, now: OutputFixtures.now) }
        do throws(ExportError) {
            try TokenExport.write(Self.tokens, format: .json, to: path, now: OutputFixtures.now)
        } catch {
            #expect(error.path == path)
            #expect(error.description == "cannot export to \(path): No such file or directory")
        }
        #expect(Self.entries(directory).isEmpty)
    }

    @Test func aFailedRenameLeavesTheTargetAsItWasAndNoTemporaryFile() throws {
        // The target is a non-empty directory: rename(2) fails after the bytes were written.
        let directory = try Self.scratch()
        let target = directory + "/tokens.csv"
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: false)
        _ = FileManager.default.createFile(atPath: target + "/keep", contents: Data("kept".utf8))
        #expect(throws: ExportError.self) { try TokenExport.write(Self.tokens, format: .csv, to: target, now: OutputFixtures.now) }
        #expect(Self.entries(directory) == ["tokens.csv"])
        #expect(Self.entries(target) == ["keep"])
        #expect(!Self.entries(directory).contains { $0.hasPrefix(ExportFile.temporaryPrefix) })
    }
}
