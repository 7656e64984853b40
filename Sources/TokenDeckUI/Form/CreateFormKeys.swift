import Foundation
import TokenDeckCore

extension CreateFormState {
    /// Applies one key. Every path that can send returns `.submit` at most once per attempt:
    /// the form marks itself submitting first, and a submitting form ignores keys.
    public mutating func handle(_ key: Key, now: Date) -> CreateFormOutcome {
        if isSubmitting { return .none }
        if confirmingDiscard { return answerDiscard(key) }
        switch key {
        case .escape:
            if isDirty {
                confirmingDiscard = true
                return .none
            }
            return .cancel
        case .enter, .ctrl("s"):
            return submit(now: now)
        case .tab, .down:
            moveFocus(by: 1)
        case .backTab, .up:
            moveFocus(by: -1)
        case .ctrl("p"):
            cycleExpiryPreset()
        default:
            switch focused {
            case .account: chooseAccount(with: key)
            case .scope: chooseScope(with: key)
            default: edit(focused, with: key)
            }
        }
        return .none
    }

    /// The app sent the request (for callers that submit by other means than `handle`).
    public mutating func submissionStarted() {
        isSubmitting = true
        confirmingDiscard = false
        serverError = nil
        serverFieldErrors = [:]
    }

    /// The request failed: the vendor's field errors (a 422, a 400 naming its field, TrueFoundry's
    /// 409 for a name taken) go onto their fields, focus on the first; anything else becomes the
    /// form's message. What was typed stays as it was.
    public mutating func submissionFailed(_ error: VendorError) {
        isSubmitting = false
        let placement = CreateErrorPlacement(error)
        serverFieldErrors = placement.fields
        serverError = ([error.description] + placement.unplaced).joined(separator: "; ")
        if let first = fields.first(where: { serverFieldErrors[$0] != nil }) { focused = first }
    }

    // MARK: - Keys

    private mutating func answerDiscard(_ key: Key) -> CreateFormOutcome {
        switch key {
        case .char("y"), .char("Y"):
            return .cancel
        case .char("n"), .char("N"), .escape:
            confirmingDiscard = false
        default:
            break
        }
        return .none
    }

    private mutating func submit(now: Date) -> CreateFormOutcome {
        submitAttempted = true
        switch draft.request(now: now) {
        case .failure:
            if let first = draft.firstInvalidField(now: now) { focused = first }
            return .none
        case .success(let request):
            submissionStarted()
            return .submit(account: draft.account, request: request)
        }
    }

    private mutating func moveFocus(by step: Int) {
        let fields = fields
        guard let index = fields.firstIndex(of: focused) else { return }
        focused = fields[(index + step + fields.count) % fields.count]
    }

    /// Left/Right or Space cycle the accounts; the form's fields become the new account's vendor's,
    /// and the service and account id follow unless the person changed them.
    private mutating func chooseAccount(with key: Key) {
        guard !accounts.isEmpty, let step = Self.chooserStep(key) else { return }
        let current = accounts.firstIndex(of: draft.account) ?? -step
        let next = accounts[(current + step + accounts.count) % accounts.count]
        guard next != draft.account else { return }
        if draft.service == (services[draft.account] ?? "") {
            draft.service = services[next] ?? ""
            cursors[.service] = draft.service.count
        }
        if draft.accountID == (accountIDs[draft.account] ?? "") {
            draft.accountID = accountIDs[next] ?? ""
            cursors[.accountID] = draft.accountID.count
        }
        draft.account = next
        draft.vendor = vendors[next] ?? draft.vendor
        editedFields.insert(.account)
        // The vendor's answer was about the other account's fields.
        serverFieldErrors = [:]
    }

    /// Left/Right or Space: account → environment → account (Prefactor).
    private mutating func chooseScope(with key: Key) {
        guard let step = Self.chooserStep(key) else { return }
        let scopes = PrefactorTokenScope.allCases
        let current = draft.prefactorScope.flatMap { scopes.firstIndex(of: $0) } ?? -step
        setText(scopes[(current + step + scopes.count) % scopes.count].rawValue, of: .scope)
    }

    private static func chooserStep(_ key: Key) -> Int? {
        switch key {
        case .right, .char(" "): 1
        case .left: -1
        default: nil
        }
    }

    private mutating func edit(_ field: Field, with key: Key) {
        var editor = LineEditor(draft[field], cursor: cursor(in: field))
        let result = editor.apply(key)
        guard result.handled else { return }
        cursors[field] = editor.cursor
        if result.textChanged { setText(editor.text, of: field) }
    }

    /// Ctrl-P: 7d → 30d → 90d → 1y → 7d, from any field.
    private mutating func cycleExpiryPreset() {
        let presets = ExpiryParser.presets
        let current = draft.expires.trimmingCharacters(in: .whitespaces).lowercased()
        let next = presets.firstIndex(of: current).map { presets[($0 + 1) % presets.count] } ?? presets.first ?? ""
        setText(next, of: .expires)
        cursors[.expires] = next.count
    }

    private mutating func setText(_ text: String, of field: Field) {
        draft[field] = text
        editedFields.insert(field)
        serverFieldErrors[field] = nil
    }
}
