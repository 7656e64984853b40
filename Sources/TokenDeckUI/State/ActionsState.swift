import Foundation
import TokenDeckCore

/// A token an action is aimed at, as the confirmation lists it and the runtime sends it.
public struct ActionTarget: Sendable, Hashable {
    public var vendor: Vendor
    public var account: String
    public var id: String
    public var title: String

    public init(vendor: Vendor, account: String, id: String, title: String) {
        self.vendor = vendor
        self.account = account
        self.id = id
        self.title = title
    }

    init(_ token: Token) {
        self.init(vendor: token.vendor, account: token.account, id: token.id, title: token.title)
    }

    var key: TokenKey { TokenKey(account: account, id: id) }
}

/// What the dashboard remembers of its token actions: the marks, the menu, the confirmation, and
/// the run in flight with each token's answer.
struct ActionsState: Sendable, Hashable {
    /// Space and `*`: tokens marked, by key, whatever the filters now show.
    var marks: Set<TokenKey> = []
    /// Tokens whose action got no answer that says what happened (the request may have reached the
    /// vendor): marked "unknown — refresh to see" until their account is loaded again.
    var unknown: Set<TokenKey> = []
    var menu: ActionMenu?
    var confirmation: ActionConfirmation?
    var run: ActionRun?
    /// Whether the run's progress box is shown (Esc hides it; the run goes on).
    var showsRun = false
}

/// `a`: the actions that apply to the tokens in hand, each with the tokens it would hit.
struct ActionMenu: Sendable, Hashable {
    struct Entry: Sendable, Hashable {
        var action: TokenAction
        var targets: [ActionTarget]
        /// Tokens in hand the action does not apply to (another vendor, or their state).
        var skipped: Int
    }
    /// What the menu acts on: "3 marked" or the selected token's id.
    var subject: String
    var entries: [Entry]
    var cursor = 0
}

/// The question before anything is sent. Suspend and activate take `y`; revoke and delete, which
/// cannot be undone, take the word and the count typed out (`revoke 3`). The default is No.
struct ActionConfirmation: Sendable, Hashable {
    var action: TokenAction
    var targets: [ActionTarget]
    var skipped: Int
    /// What has been typed so far (revoke and delete); kept whatever key comes.
    var typed = ""
    /// Why the last Enter was refused (what was typed did not match).
    var refusal: String?
    /// First target row shown, when they do not all fit.
    var scroll = 0

    var needsTyping: Bool { action.isDestructive }
    /// What must be typed: `revoke 3`.
    var word: String { "\(action.rawValue) \(targets.count)" }

    /// Whether the typed text is the word (spaces around it and runs of spaces do not matter).
    var typedMatches: Bool {
        typed.split(separator: " ").joined(separator: " ").lowercased() == word
    }
}

/// The requests sent for one confirmation, one a token, and what each answered.
struct ActionRun: Sendable, Hashable {
    enum Answer: Sendable, Hashable {
        case done(TokenActionOutcome)
        /// The vendor refused, or the request never left: nothing changed.
        case failed(String)
        /// No answer that says what happened: the token may or may not have changed.
        case unknown(String)
    }
    var action: TokenAction
    var targets: [ActionTarget]
    var answers: [Answer?]

    init(action: TokenAction, targets: [ActionTarget]) {
        self.action = action
        self.targets = targets
        answers = Array(repeating: nil, count: targets.count)
    }

    var answeredCount: Int { answers.lazy.filter { $0 != nil }.count }
    var isFinished: Bool { answeredCount == targets.count }

    /// "revoke: 2 succeeded, 1 failed (pf_3: not found)" — with the unknown ones said last.
    var summary: String {
        var done = 0
        var failures: [String] = []
        var unknown = 0
        for (index, answer) in answers.enumerated() {
            switch answer {
            case .done?: done += 1
            case .failed(let why)?: failures.append("\(DisplayWidth.truncate(targets[index].id, to: 24)): \(why)")
            case .unknown?: unknown += 1
            case nil: break
            }
        }
        var text = "\(action.rawValue): \(done) succeeded"
        if !failures.isEmpty {
            text += ", \(failures.count) failed (" + failures.prefix(2).joined(separator: "; ")
                + (failures.count > 2 ? "; +\(failures.count - 2) more" : "") + ")"
        }
        if unknown > 0 { text += ", \(unknown) unknown — refresh to see" }
        return text
    }

    var hasTrouble: Bool {
        answers.contains { if case .done? = $0 { false } else { true } }
    }
}

extension TokenKey {
    init(account: String, id: String) {
        self.account = account
        self.id = id
    }
}

extension AppState {
    /// The marked tokens still loaded: those the view shows in its order (what the person saw
    /// when marking), then marked ones the filters now hide.
    var markedTokens: [Token] {
        guard !actions.marks.isEmpty else { return [] }
        var shown: [Int] = []
        var seen = Set<Int>()
        for index in view.rows where actions.marks.contains(TokenKey(catalog.tokens[index])) {
            shown.append(index)
            seen.insert(index)
        }
        let hidden = actions.marks.compactMap { catalog.index(of: $0) }.filter { !seen.contains($0) }.sorted()
        return (shown + hidden).map { catalog.tokens[$0] }
    }

    /// What an action applies to: the marked tokens when there are marks, else the selected one.
    var actionSubjects: [Token] {
        let marked = markedTokens
        if !marked.isEmpty { return marked }
        return selectedToken.map { [$0] } ?? []
    }

    /// A token's new state, in the list at once (the runtime has put it in the cache): a new
    /// status, or gone.
    mutating func apply(_ outcome: TokenActionOutcome, to key: TokenKey) {
        guard let index = catalog.index(of: key) else { return }
        switch outcome {
        case .status(let status):
            catalog.setVendorStatus(status, at: index)
        case .deleted:
            var tokens = catalog.takeTokens()
            tokens.remove(at: index)
            actions.marks.remove(key)
            catalog.replaceTokens(with: tokens, accountNames: accounts.map(\.name))
        }
        refreshView(fallbackToTop: false)
    }
}
