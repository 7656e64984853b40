import ArgumentParser
import Foundation
import TokenDeckCore
import TokenDeckSync

/// `tokendeck create`: mints one Provisionr service access token, with the form's validation.
struct CreateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create",
        abstract: "Create a service access token at a Provisionr account.",
        discussion: """
            Validates as the server does (name at most 55 characters, description required, expiry in \
            the future), then sends exactly one request; it is never retried, so a timeout cannot mint \
            two tokens. A secret, if the vendor returns one, is printed once and never cached. \
            In read-only mode (--read-only, or read_only = true in the config) it refuses with exit 2. \
            Exit status: 0 created, 1 a vendor or network error, 2 bad usage or config.
            """)

    enum Format: String, CaseIterable, ExpressibleByArgument {
        case table, json
    }

    @Option(help: "The configured Provisionr account to create the token in.")
    var account: String

    @Option(help: "Workspace service id (default: the account's `service` in the config).")
    var service: String?

    @Option(help: "Display name of the token, at most 55 characters.")
    var name: String

    @Option(name: .customLong("description"), help: "What the token is for.")
    var tokenDescription: String

    @Option(help: "Expiry: 2026-12-31, 2026-12-31T00:00:00Z, or 7d, 30d, 90d, 1y from now (default: never).")
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
        let now = Date()
        let draft = ServiceTokenDraft(
            account: configured.account.name, service: service ?? configured.account.service ?? "",
            name: name, description: tokenDescription, expires: expires ?? "")
        let request: ServiceAccessTokenRequest
        switch draft.request(now: now) {
        case .success(let built):
            request = built
        case .failure(let problems):
            // Named by the flag that set each field, as the person typed it.
            for field in ServiceTokenDraft.Field.allCases {
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
        let service = TokenService(accounts: configuration.accounts, cache: cache, transport: transport)
        let result: Result<CreatedToken, VendorError>
        do throws(VendorError) {
            result = .success(try await service.createServiceAccessToken(account: configured.account.name, request: request))
        } catch {
            result = .failure(error)
        }
        await transport.shutdown()

        switch result {
        case .success(let created):
            Output.write(Self.render(created, format: Format(rawValue: format) ?? .table, now: Date()))
        case .failure(let error):
            Self.report(error, account: configured.account.name)
            throw ExitStatus.vendorError
        }
    }

    /// The `--account`, which must exist and be at a vendor that can create (exit 2 otherwise).
    private func creatableAccount(in configuration: Configuration) throws -> ConfiguredAccount {
        let creatable = configuration.accounts.filter { $0.account.vendor.canCreateServiceAccessTokens }.map(\.account.name)
        let offered = creatable.isEmpty ? "none is configured" : "configured: \(creatable.joined(separator: ", "))"
        guard let configured = configuration.account(named: account) else {
            printError("--account: no account named '\(account)' in \(configuration.path ?? "the config") (Provisionr accounts: \(offered))")
            throw ExitStatus.usage
        }
        guard configured.account.vendor.canCreateServiceAccessTokens else {
            printError("--account: '\(account)' is a \(configured.account.vendor.rawValue) account; only Provisionr accounts can create service access tokens (\(offered))")
            throw ExitStatus.usage
        }
        return configured
    }

    /// The vendor's message, then a 422's errors one field a line; all of it vendor text, sanitised.
    static func report(_ error: VendorError, account: String) {
        printError("\(account): \(Sanitizer.sanitize(error.description))")
        for (field, messages) in error.fieldErrors.sorted(by: { $0.key < $1.key }) {
            for message in messages {
                FileHandle.standardError.write(Data("  \(Sanitizer.sanitize(field)): \(Sanitizer.sanitize(message))\n".utf8))
            }
        }
    }

    /// The new token for people (a table) or scripts (`list --format json`'s object, plus `secret`
    /// only when the vendor sent one).
    static func render(_ created: CreatedToken, format: Format, now: Date) -> String {
        let token = created.token
        switch format {
        case .json:
            var object = TokenOutput.ndjson([token], now: now)
            guard let secret = created.secret, object.hasSuffix("}\n") else { return object }
            object.removeLast(2)
            object += ",\"secret\":"
            TokenOutput.appendJSONString(secret, to: &object)
            return object + "}\n"
        case .table:
            let table = TextTable(columns: [
                TextTable.Column("ID", minimumWidth: 12, shrinkOrder: 3),
                TextTable.Column("TYPE", minimumWidth: 6, shrinkOrder: 2),
                TextTable.Column("DESCRIPTION", minimumWidth: 12, shrinkOrder: 0),
                TextTable.Column("EXPIRES", minimumWidth: 10, shrinkOrder: 1),
            ], rows: [[token.id, token.kind, token.title, token.expiresAt.map(UTCTimestamp.string) ?? "never"]])
            var text = table.render(width: TerminalWidth.current())
            if let secret = created.secret {
                text += "secret (shown only this once; it is not cached): \(Sanitizer.sanitize(secret))\n"
            }
            return text
        }
    }
}

extension CreateCommand {
    /// The command-line flag that sets `field`.
    static func flag(for field: ServiceTokenDraft.Field) -> String {
        switch field {
        case .account: "account"
        case .service: "service"
        case .name: "name"
        case .description: "description"
        case .expires: "expires"
        }
    }
}
