import Foundation
import TokenDeckCore

/// `c`: the create form and, once the vendor answers, the notice with the new token. While
/// either is open it has every key; nothing typed is lost to a stray key (Esc and Ctrl-C on an
/// edited form ask first), and the secret lives only in the notice until it is closed.
enum CreateKeys {
    /// Opens the form over the current view, or says why it cannot: read-only mode, a metokens
    /// account (its vendor documents no create), no account at a vendor that documents one.
    static func open(in state: inout AppState) {
        if state.readOnly {
            state.message = StatusMessage(kind: .info, text: "read-only mode: creating tokens is disabled")
            return
        }
        if let selected = state.selectedAccount, let account = state.accounts.first(where: { $0.name == selected }),
           !account.vendor.documentsTokenCreation {
            state.message = StatusMessage(kind: .info, text: "\(account.vendor.rawValue) documents no way to create tokens; "
                + "\(Vendor.creatingVendorNames) accounts can")
            return
        }
        let creatable = state.accounts.filter(\.canCreate)
        guard !creatable.isEmpty else {
            state.message = StatusMessage(kind: .info, text: "no account here can create tokens "
                + "(\(Vendor.creatingVendorNames) accounts can; metokens documents no create)")
            return
        }
        state.createForm = CreateFormState(
            accounts: creatable.map { CreatableAccount(name: $0.name, vendor: $0.vendor, service: $0.service, accountID: $0.accountID) },
            selectedAccount: state.selectedAccount, now: state.now)
    }

    /// A key while the form is open.
    static func form(_ key: Key, in state: inout AppState) -> [Effect] {
        guard var form = state.createForm else { return [] }
        if key == .ctrl("c") {
            // Ctrl-C quits, unless that would throw away what was typed: then it asks first,
            // and a second Ctrl-C (or y) is the answer.
            if form.isSubmitting || !form.isDirty || form.confirmingDiscard { return KeyHandler.quit(&state) }
            _ = form.handle(.escape, now: state.now)
            state.createForm = form
            return []
        }
        switch form.handle(key, now: state.now) {
        case .none:
            state.createForm = form
            return []
        case .cancel:
            state.createForm = nil
            return []
        case .submit(let account, let request):
            state.createForm = form
            return [.createToken(account: account, request: request)]
        }
    }

    /// A key while the created-token notice is shown.
    static func notice(_ key: Key, in state: inout AppState) -> [Effect] {
        guard var notice = state.createdNotice else { return [] }
        // Ctrl-C closes the notice rather than quitting past a secret shown only once.
        switch key == .ctrl("c") ? .close : notice.handle(key) {
        case .none:
            state.createdNotice = notice
            return []
        case .copy(let text):
            state.createdNotice = notice
            return [.copyToClipboard(text)]
        case .close:
            state.createdNotice = nil
            return []
        }
    }

    /// The vendor minted the token: the form closes, the notice opens, the token joins the list
    /// at once (the cache has it too) and is selected when the view shows it.
    static func succeeded(_ created: CreatedToken, in state: inout AppState) {
        state.createForm = nil
        state.createdNotice = CreatedTokenNotice(created)
        state.reveal(created.token)
    }

    /// The request failed: the form shows why and keeps everything typed.
    static func failed(account: String, error: VendorError, in state: inout AppState) {
        guard var form = state.createForm else {
            state.message = StatusMessage(kind: .error, text: "\(account): creating the token failed: \(error.description)")
            return
        }
        form.submissionFailed(error)
        state.createForm = form
    }
}
