import Foundation

/// A token of any vendor that documents creation, as a person is typing it: raw text per field,
/// checked with the vendor's own rules so the form and `tokendeck create` refuse what the API would.
/// Which fields there are depends on the vendor (and, for Prefactor, on the scope); Provisionr's
/// rules are `ServiceTokenDraft`'s.
public struct TokenDraft: Sendable, Hashable {
    public enum Field: String, Sendable, Hashable, CaseIterable {
        case account, service, name, description, scope, accountID, environmentID, expires

        public var label: String {
            switch self {
            case .account: "Account"
            case .service: "Service ID"
            case .name: "Name"
            case .description: "Description"
            case .scope: "Scope"
            case .accountID: "Account ID"
            case .environmentID: "Environment ID"
            case .expires: "Expires"
            }
        }

        /// Chosen from a list (←/→), not typed.
        public var isChooser: Bool { self == .account || self == .scope }
    }

    public var vendor: Vendor
    public var account: String
    public var service: String
    public var name: String
    public var description: String
    /// `account` or `environment` (Prefactor).
    public var scope: String
    public var accountID: String
    public var environmentID: String
    /// Empty (the vendor's default), an ISO 8601 date or date-time, or `7d`, `30d`, `2w`, `1y`.
    public var expires: String

    public init(vendor: Vendor, account: String = "", service: String = "", name: String = "", description: String = "",
                scope: String = PrefactorTokenScope.account.rawValue, accountID: String = "", environmentID: String = "",
                expires: String = "") {
        self.vendor = vendor
        self.account = account
        self.service = service
        self.name = name
        self.description = description
        self.scope = scope
        self.accountID = accountID
        self.environmentID = environmentID
        self.expires = expires
    }

    public subscript(field: Field) -> String {
        get {
            switch field {
            case .account: account
            case .service: service
            case .name: name
            case .description: description
            case .scope: scope
            case .accountID: accountID
            case .environmentID: environmentID
            case .expires: expires
            }
        }
        set {
            switch field {
            case .account: account = newValue
            case .service: service = newValue
            case .name: name = newValue
            case .description: description = newValue
            case .scope: scope = newValue
            case .accountID: accountID = newValue
            case .environmentID: environmentID = newValue
            case .expires: expires = newValue
            }
        }
    }

    /// The Prefactor scope typed, if it is one.
    public var prefactorScope: PrefactorTokenScope? { PrefactorTokenScope(rawValue: trimmed(scope).lowercased()) }

    /// The fields this vendor's create takes, in form order; a Prefactor token asks for the id its scope needs.
    public var fields: [Field] {
        switch vendor {
        case .provisionr: [.account, .service, .name, .description, .expires]
        case .prefactor: [.account, .scope, prefactorScope == .environment ? .environmentID : .accountID, .expires]
        case .truefoundry: [.account, .name, .expires]
        case .metokens: [.account]
        }
    }

    /// The most fields any vendor's form shows (the form keeps one size whichever vendor is chosen).
    public static let maxFieldCount = 5

    /// The vendor's limit on `name`, where it documents one.
    public var nameLimit: Int? { vendor == .provisionr ? ServiceTokenDraft.maxNameLength : nil }

    /// The name's length as the server counts it (Unicode code points, trimmed).
    public var nameLength: Int { trimmed(name).unicodeScalars.count }

    /// The first problem with each field that this vendor takes; empty when the draft can be sent.
    public func problems(now: Date) -> [Field: String] {
        var problems: [Field: String] = [:]
        if trimmed(account).isEmpty { problems[.account] = "Choose an account." }
        switch vendor {
        case .provisionr:
            for (field, problem) in provisionrDraft.problems(now: now) { problems[Self.field(field)] = problem }
        case .prefactor:
            switch prefactorScope {
            case nil:
                problems[.scope] = trimmed(scope).isEmpty ? "Choose a scope: account or environment."
                    : "The scope must be account or environment (not \(trimmed(scope)))."
            case .environment:
                if trimmed(environmentID).isEmpty { problems[.environmentID] = "An environment token needs the environment ID." }
            case .account:
                break  // No account id: the vendor makes it for the credential's own account.
            }
            if case .failure(let message) = ExpiryParser.parse(expires, now: now) { problems[.expires] = message }
        case .truefoundry:
            if trimmed(name).isEmpty { problems[.name] = "The name is required." }
            if case .failure(let message) = ExpiryParser.parse(expires, now: now) { problems[.expires] = message }
        case .metokens:
            problems[.account] = "metokens documents no way to create tokens."
        }
        return problems
    }

    /// The first field with a problem, in form order.
    public func firstInvalidField(now: Date) -> Field? {
        let problems = problems(now: now)
        return fields.first { problems[$0] != nil } ?? Field.allCases.first { problems[$0] != nil }
    }

    /// The request to send, or the problems that stop it.
    public func request(now: Date) -> Result<CreateTokenRequest, TokenDraftProblems> {
        let problems = problems(now: now)
        guard problems.isEmpty, case .success(let expiresAt) = ExpiryParser.parse(expires, now: now) else {
            return .failure(TokenDraftProblems(problems: problems))
        }
        switch vendor {
        case .provisionr:
            guard case .success(let request) = provisionrDraft.request(now: now) else { return .failure(TokenDraftProblems(problems: problems)) }
            return .success(.provisionr(request))
        case .prefactor:
            let scope = prefactorScope ?? .account
            let accountID = trimmed(accountID), environmentID = trimmed(environmentID)
            return .success(.prefactor(PrefactorTokenRequest(
                scope: scope,
                accountID: scope == .account && !accountID.isEmpty ? accountID : nil,
                environmentID: scope == .environment ? environmentID : nil,
                expiresAt: expiresAt)))
        case .truefoundry:
            return .success(.trueFoundry(TrueFoundryTokenRequest(name: trimmed(name), expiresAt: expiresAt)))
        case .metokens:
            return .failure(TokenDraftProblems(problems: problems))
        }
    }

    private var provisionrDraft: ServiceTokenDraft {
        ServiceTokenDraft(account: account, service: service, name: name, description: description, expires: expires)
    }

    private static func field(_ field: ServiceTokenDraft.Field) -> Field {
        switch field {
        case .account: .account
        case .service: .service
        case .name: .name
        case .description: .description
        case .expires: .expires
        }
    }

    private func trimmed(_ text: String) -> String { text.trimmingCharacters(in: .whitespacesAndNewlines) }
}

/// Why a draft cannot be sent, field by field.
public struct TokenDraftProblems: Error, Sendable, Hashable, CustomStringConvertible {
    public var problems: [TokenDraft.Field: String]
    public var description: String {
        TokenDraft.Field.allCases.compactMap { field in problems[field].map { "\(field.label.lowercased()): \($0)" } }
            .joined(separator: "; ")
    }
}
