import Foundation
import TokenDeckCore

/// The "create a service access token" form as pure state: what is typed, where the cursor is,
/// what the server said. Keys go in through `handle(_:now:)`; what the app must do comes out
/// as a `CreateFormOutcome`. Validation is `ServiceTokenDraft`'s, the same rules as the API.
public struct CreateFormState: Sendable, Hashable {
    public typealias Field = ServiceTokenDraft.Field

    /// Accounts that can create service access tokens, in the order the chooser cycles.
    public let accounts: [String]
    /// Each account's configured default service id.
    public let services: [String: String]
    public internal(set) var draft: ServiceTokenDraft
    public internal(set) var focused: Field
    /// Cursor per text field, as a Character index into that field's text.
    public internal(set) var cursors: [Field: Int]
    /// A request is in flight: Enter and every other key are inert until it answers.
    public internal(set) var isSubmitting = false
    /// A failure that belongs to no one field (500, network, unknown 422 keys), as the vendor said it.
    public internal(set) var serverError: String?
    /// A 422's messages, by the field they name; a field's message goes once that field is edited.
    public internal(set) var serverFieldErrors: [Field: String] = [:]
    /// Esc on an edited form asks "Discard this token? y/n".
    public internal(set) var confirmingDiscard = false
    /// Fields changed since the form opened: their problems are shown as they are typed.
    public internal(set) var editedFields: Set<Field> = []
    /// After a submit attempt every field's problem is shown, edited or not.
    public internal(set) var submitAttempted = false

    private let initialDraft: ServiceTokenDraft

    /// - Parameters:
    ///   - accounts: only accounts whose vendor can create service access tokens.
    ///   - selectedAccount: the account the view shows, preselected when it is among `accounts`.
    ///   - services: account name → the `service` configured for it.
    ///   - now: the clock the form opened at (kept for symmetry with `handle`; validation reads `now` per key).
    public init(accounts: [String], selectedAccount: String?, services: [String: String], now: Date) {
        self.accounts = accounts
        self.services = services
        let account = selectedAccount.flatMap { accounts.contains($0) ? $0 : nil } ?? accounts.first ?? ""
        let draft = ServiceTokenDraft(account: account, service: services[account] ?? "")
        self.draft = draft
        initialDraft = draft
        cursors = Dictionary(uniqueKeysWithValues: Field.allCases.map { ($0, draft[$0].count) })
        // Open where typing starts: the account and service are usually known already.
        focused = [Field.account, .service, .name].first { draft[$0].isEmpty } ?? .name
    }

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
    case submit(account: String, request: ServiceAccessTokenRequest)
    /// Close the form, discarding it.
    case cancel
}
