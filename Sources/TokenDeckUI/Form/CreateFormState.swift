import Foundation
import TokenDeckCore

/// An account the create form may offer, with what its config fills in.
public struct CreatableAccount: Sendable, Hashable {
    public var name: String
    public var vendor: Vendor
    /// Provisionr: the `service` the form starts with.
    public var service: String?
    /// Prefactor: the `account_id` the form starts with.
    public var accountID: String?

    public init(name: String, vendor: Vendor, service: String? = nil, accountID: String? = nil) {
        self.name = name
        self.vendor = vendor
        self.service = service
        self.accountID = accountID
    }
}

/// The create form as pure state: what is typed, where the cursor is, what the server said.
/// The fields are the chosen account's vendor's (`TokenDraft.fields`): Provisionr's service access
/// token, Prefactor's API token, TrueFoundry's personal access token. Keys go in through
/// `handle(_:now:)`; what the app must do comes out as a `CreateFormOutcome`. Validation is
/// `TokenDraft`'s, the same rules as the API.
public struct CreateFormState: Sendable, Hashable {
    public typealias Field = TokenDraft.Field

    /// Accounts that can create tokens, in the order the chooser cycles.
    public let accounts: [String]
    /// Each account's vendor.
    public let vendors: [String: Vendor]
    /// Each account's configured default service id (Provisionr).
    public let services: [String: String]
    /// Each account's configured `account_id` (Prefactor).
    public let accountIDs: [String: String]
    public internal(set) var draft: TokenDraft
    public internal(set) var focused: Field
    /// Cursor per text field, as a Character index into that field's text.
    public internal(set) var cursors: [Field: Int]
    /// A request is in flight: Enter and every other key are inert until it answers.
    public internal(set) var isSubmitting = false
    /// A failure that belongs to no one field (500, network, unknown error keys), as the vendor said it.
    public internal(set) var serverError: String?
    /// The vendor's messages, by the field they name; a field's message goes once that field is edited.
    public internal(set) var serverFieldErrors: [Field: String] = [:]
    /// Esc on an edited form asks "Discard this token? y/n".
    public internal(set) var confirmingDiscard = false
    /// Fields changed since the form opened: their problems are shown as they are typed.
    public internal(set) var editedFields: Set<Field> = []
    /// After a submit attempt every field's problem is shown, edited or not.
    public internal(set) var submitAttempted = false

    private let initialDraft: TokenDraft

    /// - Parameters:
    ///   - accounts: only accounts whose vendor documents creating tokens.
    ///   - selectedAccount: the account the view shows, preselected when it is among `accounts`.
    ///   - now: the clock the form opened at (validation reads `now` per key).
    public init(accounts: [CreatableAccount], selectedAccount: String?, now: Date) {
        let names = accounts.map(\.name)
        self.accounts = names
        vendors = Dictionary(accounts.map { ($0.name, $0.vendor) }, uniquingKeysWith: { first, _ in first })
        services = Dictionary(accounts.compactMap { account in account.service.flatMap { $0.isEmpty ? nil : (account.name, $0) } },
                              uniquingKeysWith: { first, _ in first })
        accountIDs = Dictionary(accounts.compactMap { account in account.accountID.flatMap { $0.isEmpty ? nil : (account.name, $0) } },
                                uniquingKeysWith: { first, _ in first })
        let account = selectedAccount.flatMap { names.contains($0) ? $0 : nil } ?? names.first ?? ""
        let draft = TokenDraft(vendor: vendors[account] ?? .provisionr, account: account, service: services[account] ?? "",
                               accountID: accountIDs[account] ?? "")
        self.draft = draft
        initialDraft = draft
        cursors = Dictionary(uniqueKeysWithValues: Field.allCases.map { ($0, draft[$0].count) })
        focused = Self.firstFocus(draft)
    }

    /// Provisionr accounts only, each with its configured default service.
    public init(accounts: [String], selectedAccount: String?, services: [String: String], now: Date) {
        self.init(accounts: accounts.map { CreatableAccount(name: $0, vendor: .provisionr, service: services[$0]) },
                  selectedAccount: selectedAccount, now: now)
    }

    /// Where typing starts: Provisionr's account and service are usually known already; a
    /// Prefactor token starts at its scope, a TrueFoundry one at its name.
    static func firstFocus(_ draft: TokenDraft) -> Field {
        switch draft.vendor {
        case .provisionr: [Field.account, .service, .name].first { draft[$0].isEmpty } ?? .name
        case .prefactor: draft.account.isEmpty ? .account : .scope
        case .truefoundry: draft.account.isEmpty ? .account : .name
        case .metokens: .account
        }
    }

    /// The chosen account's vendor.
    public var vendor: Vendor { draft.vendor }
    /// The fields shown now, in order.
    public var fields: [Field] { draft.fields }

    /// Whether Esc would lose anything: the draft differs from what the form opened with.
    public var isDirty: Bool { draft != initialDraft }

    /// The cursor of `field` (Character index).
    public func cursor(in field: Field) -> Int { min(cursors[field] ?? 0, draft[field].count) }

    /// The problem to show under each field now: this form's own check once a field was edited or
    /// a submit was tried, else what the server said about it.
    public func visibleProblems(now: Date) -> [Field: String] {
        let problems = draft.problems(now: now)
        var shown = serverFieldErrors
        for (field, problem) in problems where submitAttempted || editedFields.contains(field) {
            shown[field] = problem
        }
        return shown
    }

    /// The name's length as the server counts it (trimmed, in characters), for the live counter.
    public var nameLength: Int { draft.nameLength }
}

/// What the app must do after a key.
public enum CreateFormOutcome: Sendable, Hashable {
    /// Nothing beyond redrawing.
    case none
    /// Send exactly this request for this account; the form is now submitting.
    case submit(account: String, request: CreateTokenRequest)
    /// Close the form, discarding it.
    case cancel
}
