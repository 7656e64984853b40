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
            if focused == .account {
                chooseAccount(with: key)
            } else {
                edit(focused, with: key)
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

    /// The request failed: a 422's field errors go onto their fields (focus on the first), anything
    /// else becomes the form's message. What was typed stays as it was.
    public mutating func submissionFailed(_ error: VendorError) {
        isSubmitting = false
        serverFieldErrors = [:]
        var unplaced: [String] = []
        for (key, messages) in error.fieldErrors.sorted(by: { $0.key < $1.key }) {
            let message = messages.joined(separator: " ")
            if let field = Self.field(named: key) {
                serverFieldErrors[field] = message
            } else {
                unplaced.append("\(key): \(message)")
            }
        }
        serverError = ([error.description] + unplaced).joined(separator: "; ")
        if let first = Field.allCases.first(where: { serverFieldErrors[$0] != nil }) { focused = first }
    }

    /// The form field a server's error key names (`expires_at` → expires).
    static func field(named key: String) -> Field? {
        switch key {
        case "name": .name
        case "description": .description
        case "expires_at", "expires": .expires
        case "service", "service_id": .service
        default: nil
        }
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
        let fields = Field.allCases
        guard let index = fields.firstIndex(of: focused) else { return }
        focused = fields[(index + step + fields.count) % fields.count]
    }

    /// Left/Right or Space cycle the accounts; the service follows unless the person changed it.
    private mutating func chooseAccount(with key: Key) {
        guard !accounts.isEmpty else { return }
        let step: Int
        switch key {
        case .right, .char(" "): step = 1
        case .left: step = -1
        default: return
        }
        let current = accounts.firstIndex(of: draft.account) ?? -step
        let next = accounts[(current + step + accounts.count) % accounts.count]
        guard next != draft.account else { return }
        if draft.service == (services[draft.account] ?? "") {
            draft.service = services[next] ?? ""
            cursors[.service] = draft.service.count
        }
        draft.account = next
        editedFields.insert(.account)
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
