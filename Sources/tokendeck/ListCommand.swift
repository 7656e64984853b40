import ArgumentParser
import Foundation
import TokenDeckCore
import TokenDeckSync

/// `tokendeck list`: tokens of the configured accounts, filtered, in a table or a machine format.
struct ListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "Print tokens of the configured accounts.",
        discussion: """
            Without --all, one server page (--page, --page-size) of each selected account is fetched.
            With --all, every page is fetched and the cache refreshed. With --offline, the cache answers
            and the network is never used (every cached match, or one page of it when --page or
            --page-size is given). Exit status: 0 ok, 1 a vendor or network error (tokens of the other
            accounts are still printed), 2 bad usage or config.
            """)

    enum Format: String, CaseIterable, ExpressibleByArgument {
        case table, json, ndjson, csv
    }

    @Option(help: "Only this configured account.")
    var account: String?

    @Option(help: "Only accounts at this vendor (\(Vendor.allCases.map(\.rawValue).joined(separator: ", "))).",
            completion: .list(Vendor.allCases.map(\.rawValue)))
    var vendor: String?

    @Option(name: .customLong("type"), help: "Only tokens of this vendor type (e.g. svc_access, account).")
    var kind: String?

    @Option(help: "Trashed tokens: none, with or only.", completion: .list(TrashFilter.allCases.map(\.rawValue)))
    var trashed: String = TrashFilter.none.rawValue

    @Option(help: "Only tokens with this status (\(TokenStatus.allCases.map(\.rawValue).joined(separator: ", "))).",
            completion: .list(TokenStatus.allCases.map(\.rawValue)))
    var status: String?

    @Option(help: "Case-insensitive text in title, id, type or owner.")
    var search: String?

    @Option(parsing: .unconditional, help: "Page to fetch, from 1 (ignored with --all).")
    var page: Int?

    @Option(name: .customLong("page-size"), parsing: .unconditional, help: "Tokens per page, 1…1000 (default: page_size from the config).")
    var pageSize: Int?

    @Flag(help: "Fetch every page of every selected account (and refresh the cache).")
    var all = false

    @Flag(help: "Answer from the cache only; never touch the network.")
    var offline = false

    @Option(help: "Output format: table, json, ndjson or csv.", completion: .list(Format.allCases.map(\.rawValue)))
    var format: String = Format.table.rawValue

    @Option(help: ArgumentHelp(
        "Write the listed tokens, with hygiene flags, to this .csv or .json file instead of printing them.",
        valueName: "path"), completion: .file(extensions: ["csv", "json"]))
    var export: String?

    @OptionGroup var common: CommonOptions

    func validate() throws {
        if let vendor, Vendor(rawValue: vendor) == nil {
            throw ValidationError("--vendor: '\(vendor)' is not one of \(Vendor.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if TrashFilter(rawValue: trashed) == nil {
            throw ValidationError("--trashed: '\(trashed)' is not one of none, with, only")
        }
        if let status, TokenStatus(rawValue: status) == nil {
            throw ValidationError("--status: '\(status)' is not one of \(TokenStatus.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if Format(rawValue: format) == nil {
            throw ValidationError("--format: '\(format)' is not one of table, json, ndjson, csv")
        }
        if let export { _ = try Self.exportFormat(export) }
        if let page, page < 1 { throw ValidationError("--page: must be 1 or more, not \(page)") }
        if let pageSize, !Configuration.pageSizeRange.contains(pageSize) {
            throw ValidationError("--page-size: must be between 1 and 1000, not \(pageSize)")
        }
    }

    func run() async throws {
        let configuration = try CommandSetup.loadConfiguration(common)
        let selected = try selectAccounts(configuration)
        let query = TokenQuery(
            kind: kind.flatMap { $0.isEmpty ? nil : $0 }, trashed: TrashFilter(rawValue: trashed) ?? .none,
            status: status.flatMap(TokenStatus.init(rawValue:)), text: search ?? "",
            page: page ?? 1, pageSize: pageSize ?? configuration.pageSize)
        let cache = try CommandSetup.openCache(common)
        let transport = AsyncHTTPClientTransport()
        let service = TokenService(accounts: configuration.accounts, cache: cache, transport: transport)
        let now = Date()

        let chosen = Format(rawValue: format) ?? .table
        // JSON, NDJSON and CSV of the cache are written an account at a time, in config order, a chunk
        // at a time as they are read (`OrderedListing`): 100,000 tokens never sit in memory at once.
        // With --all each account goes out as soon as its sync ends; one that ends before its turn
        // waits as text.
        let streams = export == nil && chosen != .table && (all || (offline && page == nil && pageSize == nil))
        var listing = OrderedListing(order: selected.map(\.account.name), service: service, query: query,
                                     format: ListingWriter.Format(rawValue: chosen.rawValue) ?? .ndjson, now: now,
                                     sink: { Output.write(bytes: $0) })
        var outcome: ListOutcome
        if offline {
            outcome = await cachedListing(service: service, accounts: selected, query: query, now: now, reading: !streams)
        } else if all {
            outcome = await Self.syncedListing(service: service, accounts: selected, query: query, now: now, reading: !streams,
                                               onAccountDone: { account, inCache in
                guard streams else { return }
                if inCache { await listing.finished(account) } else { await listing.failed(account) }
            })
        } else {
            outcome = await pagedListing(service: service, accounts: selected, query: query)
        }
        await transport.shutdown()

        if streams {
            for configured in selected where outcome.readyAccounts.contains(configured.account.name) {
                await listing.finished(configured.account.name)
            }
            await listing.finish()
            for (name, error) in listing.failures {
                outcome.failures.append((name, Self.cacheFailure(error, account: selected.first { $0.account.name == name })))
            }
            for (account, error) in outcome.failures(in: selected) {
                Output.note("\(account): \(Sanitizer.sanitize(error.description))")
            }
            if !outcome.failures.isEmpty { throw ExitStatus.vendorError }
            return
        }

        let tokens = outcome.tokens(in: selected)
        if let export {
            try self.export(tokens, to: export, now: now)
        } else {
            switch chosen {
            case .json: Output.write(TokenOutput.json(tokens, now: now))
            case .ndjson: Output.write(TokenOutput.ndjson(tokens, now: now))
            case .csv: Output.write(TokenOutput.csv(tokens, now: now))
            case .table:
                Output.write(ListingTable.table(tokens, width: TerminalWidth.current(), now: now))
                for note in outcome.notes(in: selected) { Output.note(note) }
            }
        }
        for (account, error) in outcome.failures(in: selected) {
            Output.note("\(account): \(Sanitizer.sanitize(error.description))")
        }
        if !outcome.failures.isEmpty { throw ExitStatus.vendorError }
    }

    /// The accounts `--account` and `--vendor` leave, in config order.
    private func selectAccounts(_ configuration: Configuration) throws -> [ConfiguredAccount] {
        try CommandSetup.selectAccounts(configuration, account: account, vendor: vendor)
    }

    // MARK: - The three ways to list

    /// One server page per account, fetched in parallel.
    private func pagedListing(service: TokenService, accounts: [ConfiguredAccount], query: TokenQuery) async -> ListOutcome {
        await withTaskGroup(of: (String, Result<(tokens: [Token], page: TokenPage), VendorError>).self) { group in
            for configured in accounts {
                let name = configured.account.name
                group.addTask {
                    do throws(VendorError) {
                        return (name, .success(try await service.fetchPage(account: name, query: query)))
                    } catch {
                        return (name, .failure(error))
                    }
                }
            }
            var outcome = ListOutcome()
            for await (name, result) in group {
                switch result {
                case .success(let (tokens, page)):
                    outcome.tokensByAccount[name] = tokens
                    if page.next != nil {
                        let of = page.pageCount.map { " of \($0)" } ?? ""
                        outcome.notesByAccount[name, default: []].append("page \(query.page)\(of); --page \(query.page + 1) for the next, --all for every page")
                    }
                case .failure(let error):
                    outcome.failures.append((name, error))
                }
            }
            return outcome
        }
    }

    /// Every page of every account through a sync (which refreshes the cache), then the cache filtered.
    /// `reading: false` leaves the cache unread and names the accounts ready to be (`readyAccounts`).
    /// (Also `audit`'s sync: the same events, warnings and failures.)
    /// `onAccountDone(account, inCache)` is called as each account's sync ends: its new set in the cache, or failed.
    static func syncedListing(service: TokenService, accounts: [ConfiguredAccount], query: TokenQuery, now: Date,
                               reading: Bool, onAccountDone: (String, Bool) async -> Void = { _, _ in }) async -> ListOutcome {
        var outcome = ListOutcome()
        var finished: [String] = []
        guard !accounts.isEmpty else { return outcome }
        // A sync always fetches each account's whole set (trash marks included), whatever this run filters.
        for await event in await service.sync(accounts: accounts.map(\.account.name)) {
            switch event {
            case .accountFinished(let account, _, _):
                finished.append(account)
                await onAccountDone(account, true)
            case .accountUnconfirmed(let account, let count):
                // Never a silent loss: the data is printed (with what the walk could not confirm kept), and said.
                Output.note("warning: \(account): changed during sync — "
                    + (count == 0 ? "the listing could not be confirmed" : "\(count) token\(count == 1 ? "" : "s") unconfirmed (kept from the previous sync)")
                    + "; run again to confirm")
            case .accountFailed(let account, let error):
                outcome.failures.append((account, error))
                await onAccountDone(account, false)
            case .cacheReplaced(let notice): Output.note(notice)
            case .progress, .finished: break
            }
        }
        guard reading else {
            outcome.readyAccounts = Set(finished)
            return outcome
        }
        for name in finished {
            do {
                let cached = try await service.cachedTokensOrError(account: name, withRawJSON: false)
                outcome.tokensByAccount[name] = TokenFilter.apply(cached, query: query, now: now)
            } catch {
                outcome.failures.append((name, Self.cacheFailure(error, account: accounts.first { $0.account.name == name })))
            }
        }
        return outcome
    }

    /// The cache only: every match, or one page of it when a page was asked for.
    private func cachedListing(service: TokenService, accounts: [ConfiguredAccount], query: TokenQuery, now: Date,
                               reading: Bool) async -> ListOutcome {
        var outcome = ListOutcome()
        let paged = !all && (page != nil || pageSize != nil)
        for configured in accounts {
            let name = configured.account.name
            guard reading else {
                // (Notes such as "nothing cached yet" are for the table; machine formats print data only.)
                outcome.readyAccounts.insert(name)
                continue
            }
            do {
                let matches = TokenFilter.apply(try await service.cachedTokensOrError(account: name, withRawJSON: false), query: query, now: now)
                if paged {
                    let start = min(matches.count, (query.page - 1) * query.pageSize)
                    outcome.tokensByAccount[name] = Array(matches[start..<min(matches.count, start + query.pageSize)])
                } else {
                    outcome.tokensByAccount[name] = matches
                }
                if await service.lastFetched(account: name) == nil {
                    outcome.notesByAccount[name, default: []].append("nothing cached yet; run without --offline first")
                }
            } catch {
                outcome.failures.append((name, Self.cacheFailure(error, account: configured)))
            }
        }
        return outcome
    }

    static func cacheFailure(_ error: any Error, account: ConfiguredAccount?) -> VendorError {
        VendorError(kind: .transport, vendor: account?.account.vendor ?? .provisionr, code: "cache", message: "could not read the cache: \(error)")
    }
}

/// What a listing gathered: tokens per account, accounts that failed, and notes for people.
struct ListOutcome {
    var tokensByAccount: [String: [Token]] = [:]
    var failures: [(account: String, error: VendorError)] = []
    var notesByAccount: [String: [String]] = [:]
    /// Accounts whose tokens are in the cache, to be read as they are written out.
    var readyAccounts: Set<String> = []

    /// The tokens in config order of their accounts, each account's own order kept.
    func tokens(in accounts: [ConfiguredAccount]) -> [Token] {
        accounts.flatMap { tokensByAccount[$0.account.name] ?? [] }
    }

    /// Failures in config order (they arrive in completion order), so runs read alike.
    func failures(in accounts: [ConfiguredAccount]) -> [(account: String, error: VendorError)] {
        let order = Dictionary(accounts.enumerated().map { ($1.account.name, $0) }, uniquingKeysWith: { first, _ in first })
        return failures.sorted { (order[$0.account] ?? .max) < (order[$1.account] ?? .max) }
    }

    /// "account: note" lines in config order.
    func notes(in accounts: [ConfiguredAccount]) -> [String] {
        accounts.flatMap { configured in
            (notesByAccount[configured.account.name] ?? []).map { "\(configured.account.name): \($0)" }
        }
    }
}

/// Loading the config and opening the cache, the same way for every command that needs them.
enum CommandSetup {
    /// The accounts `--account` and `--vendor` select (every one when neither is given).
    static func selectAccounts(_ configuration: Configuration, account: String?, vendor: String?) throws -> [ConfiguredAccount] {
        var accounts = configuration.accounts
        if let account {
            guard configuration.account(named: account) != nil else {
                let known = configuration.accounts.map(\.account.name).joined(separator: ", ")
                throw ValidationError("--account: no account named '\(account)' in \(configuration.path ?? "the config") (configured: \(known.isEmpty ? "none" : known))")
            }
            accounts = accounts.filter { $0.account.name == account }
        }
        if let vendor = vendor.flatMap(Vendor.init(rawValue:)) {
            accounts = accounts.filter { $0.account.vendor == vendor }
        }
        return accounts
    }

    /// The configuration, or exit 2 with a message saying what to fix or how to create one.
    static func loadConfiguration(_ common: CommonOptions) throws -> Configuration {
        do {
            if let configuration = try Configuration.load(path: common.config) { return configuration }
        } catch {
            printError(error.description)
            throw ExitStatus.usage
        }
        printError("""
            no configuration at \(Configuration.defaultPath). Create one — for a local try-out, \
            `tokendeck sandbox --write-config \(Configuration.defaultPath)` writes a working one — or pass --config PATH.
            """)
        throw ExitStatus.usage
    }

    /// The cache at `--cache` or the default path; notices (a damaged file moved aside) go to stderr.
    static func openCache(_ common: CommonOptions) throws -> TokenCache {
        let path = common.cache ?? Configuration.defaultCachePath
        do {
            let cache = try TokenCache(path: path)
            for notice in cache.notices { Output.note(notice) }
            return cache
        } catch {
            // A cache that cannot be opened is a setting to fix, not a vendor failure.
            printError(common.cache == nil ? "cannot open the cache \(path): \(error) (choose another with --cache PATH)"
                                           : "--cache \(path): \(error)")
            throw ExitStatus.usage
        }
    }
}

