import Foundation
import Testing

/// `tokendeck audit` as cron or CI runs it: the built binary against the sandbox, judged by its
/// exit status (0 none, 1 vendor error, 2 bad policy, 4 violations) and what it prints.
@Suite(.serialized) struct AuditCommandTests {
    typealias Run = CreateCommandTests.Run

    static func tokendeck(_ arguments: [String], _ sandbox: SandboxProcess) throws -> Run {
        try CreateCommandTests.tokendeck(arguments + ["--config", sandbox.config,
                                                      "--cache", sandbox.directory.appendingPathComponent("cache.sqlite").path],
                                         // A config home of its own: no user's policy.toml is read.
                                         environment: sandbox.environment.merging(["XDG_CONFIG_HOME": sandbox.directory.path]) { $1 })
    }

    static func write(_ text: String, _ name: String, in sandbox: SandboxProcess) throws -> String {
        let path = sandbox.directory.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func objects(_ ndjson: String) -> [[String: String]] {
        ndjson.split(separator: "\n").compactMap { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: String] }
    }

    @Test func theBuiltInPolicyFindsViolationsExitFourAndTheirRulesAreTheTokensOwn() throws {
        let sandbox = try SandboxProcess()
        defer { sandbox.stop() }
        let run = try Self.tokendeck(["audit", "--format", "ndjson"], sandbox)
        #expect(run.status == 4, "\(run.stderr)")
        let found = Self.objects(run.stdout)
        #expect(!found.isEmpty)
        #expect(found.allSatisfy { Set($0.keys) == ["account", "vendor", "id", "title", "rule", "detail"] })
        #expect(Set(found.compactMap { $0["rule"] }).isSubset(of: ["expires_soon", "no_expiry", "max_lifetime", "max_unused", "max_stale", "exception_expired"]))
        #expect(run.stderr.contains("violation"))
        #expect(run.stderr.contains("(the built-in policy)"))
        // Every never-expiring token the cache holds, and only those, is a no_expiry violation.
        let listed = try ActionCommandTests.tokendeck(["list", "--offline", "--all", "--format", "ndjson"], sandbox).stdout
        let tokens = listed.split(separator: "\n").compactMap { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any] }
        let neverExpiring = Set(tokens.filter { ($0["expires_at"] == nil || $0["expires_at"] is NSNull) && $0["status"] as? String != "revoked" }
            .compactMap { token in (token["account"] as? String).flatMap { account in (token["id"] as? String).map { account + "/" + $0 } } })
        let flagged = Set(found.filter { $0["rule"] == "no_expiry" }.compactMap { v in v["account"].flatMap { a in v["id"].map { a + "/" + $0 } } })
        #expect(!flagged.isEmpty)
        #expect(flagged == neverExpiring)
    }

    @Test func theSummaryCountsWhatTheListingLists() throws {
        let sandbox = try SandboxProcess()
        defer { sandbox.stop() }
        let listing = Self.objects(try Self.tokendeck(["audit", "--format", "ndjson"], sandbox).stdout)
        let run = try Self.tokendeck(["audit", "--offline", "--summary", "--format", "ndjson"], sandbox)
        #expect(run.status == 4)
        let rows = run.stdout.split(separator: "\n").compactMap { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any] }
        for row in rows where row["rule"] as? String != "tokens" {
            let rule = row["rule"] as? String
            #expect(row["total"] as? Int == listing.filter { $0["rule"] == rule }.count, "\(row)")
            for (account, count) in row["accounts"] as? [String: Int] ?? [:] {
                #expect(count == listing.filter { $0["rule"] == rule && $0["account"] == account }.count)
            }
        }
        let tokens = rows.first { $0["rule"] as? String == "tokens" }
        let keys: [String] = listing.map { ($0["account"] ?? "") + "/" + ($0["id"] ?? "") }
        let distinct = Set(keys).count
        #expect(tokens?["total"] as? Int == distinct)
        let totals = rows.compactMap { $0["total"] as? Int }.dropLast()
        #expect(Array(totals) == totals.sorted(by: >))
    }

    @Test func aPolicyWithEveryRuleOffExitsZeroAndOneExceptionThatEndedIsTheOnlyViolation() throws {
        let sandbox = try SandboxProcess()
        defer { sandbox.stop() }
        let off = """
            max_lifetime_days = 0
            max_unused_days = 0
            max_stale_days = 0
            require_expiry = false
            warn_before_expiry_days = 0
            """
        let clean = try Self.tokendeck(["audit", "--policy", try Self.write(off, "off.toml", in: sandbox)], sandbox)
        #expect(clean.status == 0, "\(clean.stderr)")
        #expect(clean.stdout.isEmpty)
        #expect(clean.stderr.contains("0 violations"))

        let listed = try ActionCommandTests.listed("sandbox-prefactor", sandbox)
        let id = try #require(listed.first { $0["status"] as? String == "active" && !($0["trashed"] as? Bool ?? false) }?["id"] as? String)
        let lapsed = off + """

            [[exceptions]]
            id = "\(id)"
            account = "sandbox-prefactor"
            reason = "rotating"
            until = 2020-01-31
            """
        let run = try Self.tokendeck(["audit", "--offline", "--format", "json", "--policy", try Self.write(lapsed, "lapsed.toml", in: sandbox)], sandbox)
        #expect(run.status == 4, "\(run.stderr)")
        let found = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: String]]
        #expect(found?.count == 1)
        #expect(found?.first?["id"] == id)
        #expect(found?.first?["rule"] == "exception_expired")
        #expect(found?.first?["detail"] == "exception ended 2020-01-31: rotating")
    }

    @Test func aBadPolicyIsExitTwoWithItsLineAndKeyAndNothingIsFetched() throws {
        let sandbox = try SandboxProcess()
        defer { sandbox.stop() }
        let path = try Self.write("max_lifetime_days = 90\n[vendors.prefactor]\nmax_unsued_days = 3\n", "bad.toml", in: sandbox)
        let run = try Self.tokendeck(["audit", "--policy", path], sandbox)
        #expect(run.status == 2)
        #expect(run.stdout.isEmpty)
        #expect(run.stderr.contains("\(path):3: vendors.prefactor.max_unsued_days: unknown key (did you mean max_unused_days?)"), "\(run.stderr)")
        let missing = try Self.tokendeck(["audit", "--policy", sandbox.directory.appendingPathComponent("none.toml").path], sandbox)
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("none.toml: no such file"))
        let format = try Self.tokendeck(["audit", "--format", "xml"], sandbox)
        #expect(format.status == 2)
        #expect(format.stderr.contains("--format: 'xml' is not one of table, json, ndjson, csv"))
        #expect(!FileManager.default.fileExists(atPath: sandbox.directory.appendingPathComponent("cache.sqlite").path))
    }

    @Test func aVendorThatCannotBeReachedIsExitOneAndTheOthersAreStillChecked() throws {
        let sandbox = try SandboxProcess()
        defer { sandbox.stop() }
        // A second config: the sandbox's accounts plus one on a port nothing listens on.
        let text = try String(contentsOfFile: sandbox.config, encoding: .utf8) + """

            [[accounts]]
            name = "gone"
            vendor = "metokens"
            base_url = "http://127.0.0.1:9/metokens"
            token_env = "TOKENDECK_SANDBOX_METOKENS_TOKEN"
            """
        let config = try Self.write(text, "with-gone.toml", in: sandbox)
        let run = try CreateCommandTests.tokendeck(
            ["audit", "--format", "csv", "--config", config, "--cache", sandbox.directory.appendingPathComponent("cache.sqlite").path],
            environment: sandbox.environment.merging(["XDG_CONFIG_HOME": sandbox.directory.path]) { $1 })
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stderr.contains("gone: "))
        #expect(run.stdout.hasPrefix("account,vendor,id,title,rule,detail\n"))
        #expect(run.stdout.contains("\nsandbox-prefactor,prefactor,"))
    }
}

/// `tokendeck changes` on the real binary: a first sync records nothing, and bad input is exit 2.
@Suite(.serialized) struct ChangesCommandTests {
    @Test func aFirstSyncHasNoChangesAndABadSinceIsExitTwo() throws {
        let sandbox = try SandboxProcess()
        defer { sandbox.stop() }
        let synced = try ActionCommandTests.tokendeck(["list", "--all", "--format", "ndjson"], sandbox)
        #expect(synced.status == 0)
        let last = try ActionCommandTests.tokendeck(["changes"], sandbox)
        #expect(last.status == 0)
        #expect(last.stdout.isEmpty)
        #expect(last.stderr.contains("no changes recorded by the latest syncs"))
        let week = try ActionCommandTests.tokendeck(["changes", "--since", "7d", "--format", "json"], sandbox)
        #expect(week.status == 0)
        #expect(week.stdout == "[]\n")
        let csv = try ActionCommandTests.tokendeck(["changes", "--since", "2020-01-01", "--format", "csv"], sandbox)
        #expect(csv.stdout == "at,account,vendor,id,title,change,before,after\n")
        let bad = try ActionCommandTests.tokendeck(["changes", "--since", "yesterday"], sandbox)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--since: 'yesterday' is not 24h, 7d, 2w, a date (2026-12-01), a date-time or last"))
    }
}

/// `tokendeck accounts`: the credential check, and when each account last synced (from the cache,
/// never creating one), beside the vendor's rate limit where it reports one.
@Suite(.serialized) struct AccountsFreshnessTests {
    static func row(_ name: String, in table: String) -> [String] {
        table.split(separator: "\n").map(String.init).first { $0.hasPrefix(name + " ") }?
            .components(separatedBy: "  ").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } ?? []
    }

    @Test func lastSyncIsNeverBeforeASyncAndRecentAfterIt() throws {
        let sandbox = try SandboxProcess()
        defer { sandbox.stop() }
        let cache = sandbox.directory.appendingPathComponent("cache.sqlite").path
        let before = try ActionCommandTests.tokendeck(["accounts"], sandbox)
        #expect(before.status == 0, "\(before.stderr)")
        #expect(before.stdout.hasPrefix("NAME"))
        #expect(before.stdout.split(separator: "\n").first?.hasSuffix("CREDENTIAL  LAST SYNC  RATE LIMIT") == true)
        #expect(Self.row("sandbox-prefactor", in: before.stdout).suffix(3) == ["ok", "never", "—"], "\(before.stdout)")
        #expect(!FileManager.default.fileExists(atPath: cache), "accounts created a cache")

        #expect(try ActionCommandTests.tokendeck(["list", "--all", "--account", "sandbox-prefactor", "--format", "ndjson"], sandbox).status == 0)
        let after = try ActionCommandTests.tokendeck(["accounts"], sandbox)
        let synced = Self.row("sandbox-prefactor", in: after.stdout)
        #expect(synced.suffix(3).first == "ok")
        // Seconds ago ("now"), or a minute on a slow box: RelativeTime's words either way.
        #expect(synced.suffix(2).first.map { $0 == "now" || $0 == "1m ago" } == true, "\(after.stdout)")
        #expect(Self.row("sandbox-metokens", in: after.stdout).suffix(2) == ["never", "—"])
    }
}
