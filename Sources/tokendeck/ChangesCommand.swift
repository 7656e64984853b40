import ArgumentParser
import Foundation
import TokenDeckCore
import TokenDeckSync

/// `tokendeck changes`: what the syncs found changed, from the cache.
struct ChangesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "changes",
        abstract: "Print what changed between syncs: tokens appeared, disappeared, trashed, changed status or expiry, first used.",
        discussion: """
            Reads the cache only (a sync — list --all, audit, the dashboard — records the changes it finds, \
            kept 90 days); a first sync of an account records none. --since takes 24h, 7d, 2w, a date \
            (2026-12-01) or date-time, or last: each account's latest sync (the default). Newest first. \
            Exit status: 0 ok, 2 bad usage or config.
            """)

    @Option(help: "24h, 7d, 2w, a date or date-time, or last (each account's latest sync).")
    var since: String = "last"

    @Option(help: "Only this configured account.")
    var account: String?

    @Option(help: "Output format: table, json, ndjson or csv.", completion: .list(AuditOutput.Format.allCases.map(\.rawValue)))
    var format: String = AuditOutput.Format.table.rawValue

    @OptionGroup var common: CommonOptions

    enum Since: Equatable {
        case latestSync
        case date(Date)
    }

    /// `text` as a moment in the past, or nil when it is not one of the forms taken.
    static func parseSince(_ text: String, now: Date) -> Since? {
        let input = text.trimmingCharacters(in: .whitespaces).lowercased()
        if input == "last" { return .latestSync }
        if let unit = input.last, let amount = Double(input.dropLast()), amount > 0, amount <= 100_000 {
            let seconds: Double? = switch unit {
            case "h": 3_600
            case "d": 86_400
            case "w": 604_800
            default: nil
            }
            if let seconds { return .date(now.addingTimeInterval(-amount * seconds)) }
        }
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return .date(date) }
        formatter.formatOptions = [.withFullDate]
        if text.count == 10, let date = formatter.date(from: text) { return .date(date) }
        return nil
    }

    func validate() throws {
        if Self.parseSince(since, now: Date()) == nil {
            throw ValidationError("--since: '\(since)' is not 24h, 7d, 2w, a date (2026-12-01), a date-time or last")
        }
        if AuditOutput.Format(rawValue: format) == nil {
            throw ValidationError("--format: '\(format)' is not one of table, json, ndjson, csv")
        }
    }

    func run() async throws {
        let configuration = try CommandSetup.loadConfiguration(common)
        let selected = try CommandSetup.selectAccounts(configuration, account: account, vendor: nil)
        let cache = try CommandSetup.openCache(common)
        let names = Set(selected.map(\.account.name))
        var changes: [TokenChange]
        do {
            switch Self.parseSince(since, now: Date()) ?? .latestSync {
            case .date(let date):
                changes = try await cache.changes(since: date).filter { names.contains($0.account) }
            case .latestSync:
                changes = []
                for name in selected.map(\.account.name) {
                    guard let last = try await cache.lastFetched(account: name) else { continue }
                    changes += try await cache.changes(since: last, account: name).filter { $0.at == last }
                }
                changes.sort { $0.at > $1.at }
            }
        } catch {
            printError("cannot read the cache: \(error)")
            throw ExitStatus.usage
        }
        let chosen = AuditOutput.Format(rawValue: format) ?? .table
        Output.write(ChangeOutput.render(changes, format: chosen, width: TerminalWidth.current()))
        if chosen == .table, changes.isEmpty { Output.note("no changes recorded \(since == "last" ? "by the latest syncs" : "since \(since)")") }
    }
}
