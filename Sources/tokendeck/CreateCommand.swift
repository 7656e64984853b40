import ArgumentParser
import Foundation
import TokenDeckCore
import TokenDeckSync

/// `tokendeck create`: mints one token at an account of a vendor that documents creation, with the
/// form's validation and the flags of that vendor's fields.
struct CreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create a token: a Provisionr service access token, a Prefactor API token or a TrueFoundry personal access token.",
        discussion: """
            The account's vendor decides the flags: Provisionr takes --service, --name, --description \
            and --expires; Prefactor --token-scope account|environment, --account-id (account scope, \
            default: the account's account_id, else the credential's own account) or --environment-id \
            (environment scope, required), and --expires; TrueFoundry --name and --expires. metokens \
            documents no create. A flag of another vendor is exit 2. Validates as the server does, then \
            sends exactly one request; it is never retried, so a timeout cannot mint two tokens. The \
            secret, when the vendor returns one, is printed once and never cached or logged; the request \
            is one `create` line of actions.log. In read-only mode (--read-only, or read_only = true in \
            the config) it refuses with exit 2. Exit status: 0 created, 1 a vendor or network error, \
            2 bad usage or config.
            """)

    enum Format: String, CaseIterable, ExpressibleByArgument {
        case table, json
    }

    @Option(help: "The configured account to create the token in (Provisionr, Prefactor or TrueFoundry).")
    var account: String

    @Option(help: "Provisionr: workspace service id (default: the account's `service` in the config).")
    var service: String?

    @Option(help: "Provisionr: display name, at most 55 characters. TrueFoundry: the token's name, unique.")
    var name: String?

    @Option(name: .customLong("description"), help: "Provisionr: what the token is for.")
    var tokenDescription: String?

    @Option(name: .customLong("token-scope"), help: "Prefactor: account or environment (default: account, or environment with --environment-id).",
            completion: .list(PrefactorTokenScope.allCases.map(\.rawValue)))
    var tokenScope: String?

    @Option(name: .customLong("account-id"), help: "Prefactor, account scope: the account id (default: the account's `account_id`).")
    var accountID: String?

    @Option(name: .customLong("environment-id"), help: "Prefactor, environment scope: the environment id.")
    var environmentID: String?

    @Option(help: "Expiry: 2026-12-31, 2026-12-31T00:00:00Z, or 7d, 30d, 90d, 1y from now (default: never; Prefactor: its own default).")
    var expires: String?

    @Option(help: "Output format: table or json.", completion: .list(Format.allCases.map(\.rawValue)))
    var format: String = Format.table.rawValue

    @OptionGroup var common: CommonOptions

    func validate() throws {
        if Format(rawValue: format) == nil {
            throw ValidationError("--format: '\(format)' is not one of table, json")
        }
    }

    func run() async throws {
        // Read-only mode refuses before anything else is checked or sent. `--read-only` alone is
        // enough, even with no config; the config is still read (quietly) so both causes are named.
        if common.readOnly {
            try ReadOnlyPolicy.refuseCreation(configuration: try? Configuration.load(path: common.config), flag: true)
        }
        let configuration = try CommandSetup.loadConfiguration(common)
        try ReadOnlyPolicy.refuseCreation(configuration: configuration, flag: common.readOnly)
        let configured = try creatableAccount(in: configuration)
        let draft = try self.draft(for: configured.account)
        let request: CreateTokenRequest
        switch draft.request(now: Date()) {
        case .success(let built):
            request = built
        case .failure(let problems):
            // Named by the flag that set each field, as the person typed it.
            for field in TokenDraft.Field.allCases {
                guard let problem = problems.problems[field] else { continue }
                printError("--\(Self.flag(for: field)): \(problem)")
            }
            if problems.problems[.service] != nil, service == nil {
                printError("pass --service, or set `service = \"…\"` for \(configured.account.name) in \(configuration.path ?? "the config")")
            }
            throw ExitStatus.usage
        }

        let cache = try CommandSetup.openCache(common)
        let transport = AsyncHTTPClientTransport()
        let service = TokenService(accounts: configuration.accounts, cache: cache, transport: transport,
                                   actionLog: ActionLog(path: Configuration.defaultActionsLogPath))
        let result: Result<CreatedToken, VendorError>
        do throws(VendorError) {
            result = .success(try await service.createToken(account: configured.account.name, request: request))
        } catch {
            result = .failure(error)
        }
        await transport.shutdown()

        let format = Format(rawValue: format) ?? .table
        switch result {
        case .success(let created):
            Output.write(Self.render(created, format: format, now: Date()))
        case .failure(let error):
            Self.report(error, account: configured.account.name)
            if format == .json { Output.write(Self.renderFailure(error, account: configured.account.name)) }
            throw ExitStatus.vendorError
        }
    }

    /// The `--account`, which must exist and be at a vendor that documents creation (exit 2 otherwise).
    private func creatableAccount(in configuration: Configuration) throws -> ConfiguredAccount {
        let creatable = configuration.accounts.filter { $0.account.vendor.documentsTokenCreation }.map(\.account.name)
        let offered = creatable.isEmpty ? "none is configured" : "configured: \(creatable.joined(separator: ", "))"
        guard let configured = configuration.account(named: account) else {
            printError("--account: no account named '\(account)' in \(configuration.path ?? "the config") (accounts that can create: \(offered))")
            throw ExitStatus.usage
        }
        let vendor = configured.account.vendor
        guard vendor.documentsTokenCreation else {
            printError("--account: '\(account)' is a \(vendor.rawValue) account, and \(vendor.rawValue) documents no way to create tokens; "
                + "\(Vendor.creatingVendorNames) accounts can (\(offered))")
            throw ExitStatus.usage
        }
        return configured
    }

    /// The flags given, as the fields they set.
    private var given: [TokenDraft.Field: String] {
        var given: [TokenDraft.Field: String] = [:]
        given[.service] = service
        given[.name] = name
        given[.description] = tokenDescription
        given[.scope] = tokenScope
        given[.accountID] = accountID
        given[.environmentID] = environmentID
        given[.expires] = expires
        return given
    }

    /// The draft the flags make for `account`'s vendor; a flag the vendor (or the scope) takes no
    /// value for is a usage error naming the flags that fit.
    private func draft(for account: Account) throws -> TokenDraft {
        let vendor = account.vendor
        let scope = tokenScope ?? (environmentID != nil ? PrefactorTokenScope.environment.rawValue : PrefactorTokenScope.account.rawValue)
        let draft = TokenDraft(vendor: vendor, account: account.name, service: service ?? account.service ?? "",
                               name: name ?? "", description: tokenDescription ?? "", scope: scope,
                               accountID: accountID ?? account.accountID ?? "", environmentID: environmentID ?? "", expires: expires ?? "")
        let taken = Self.flagFields(for: vendor)
        let foreign = TokenDraft.Field.allCases.filter { given[$0] != nil && !taken.contains($0) }
        if !foreign.isEmpty {
            let names = foreign.map { "--" + Self.flag(for: $0) }
            printError("'\(account.name)' is a \(vendor.rawValue) account: \(names.joined(separator: ", ")) "
                + (foreign.count == 1 ? "is not a \(vendor.rawValue) option" : "are not \(vendor.rawValue) options")
                + "; \(vendor.rawValue) takes " + taken.map { "--" + Self.flag(for: $0) }.joined(separator: ", "))
            throw ExitStatus.usage
        }
        if vendor == .prefactor, let chosen = draft.prefactorScope {
            // Each scope takes its own id; the other one would be dropped without a word.
            if chosen == .environment, accountID != nil {
                printError("--account-id: an environment token takes --environment-id, not --account-id")
                throw ExitStatus.usage
            }
            if chosen == .account, environmentID != nil {
                printError("--environment-id: an account token takes --account-id; pass --token-scope environment for an environment token")
                throw ExitStatus.usage
            }
        }
        return draft
    }

    /// The fields each vendor's flags set (the account aside).
    static func flagFields(for vendor: Vendor) -> [TokenDraft.Field] {
        switch vendor {
        case .provisionr: [.service, .name, .description, .expires]
        case .prefactor: [.scope, .accountID, .environmentID, .expires]
        case .truefoundry: [.name, .expires]
        case .metokens: []
        }
    }

    /// The command-line flag that sets `field`.
    static func flag(for field: TokenDraft.Field) -> String {
        switch field {
        case .account: "account"
        case .service: "service"
        case .name: "name"
        case .description: "description"
        case .scope: "token-scope"
        case .accountID: "account-id"
        case .environmentID: "environment-id"
        case .expires: "expires"
        }
    }
}
