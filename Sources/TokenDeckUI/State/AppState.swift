import Foundation
import TokenDeckCore

/// Which panel the keys go to.
public enum Focus: Sendable, Hashable {
    case sidebar, table, details
}

/// Everything the dashboard shows and remembers. A value: `App.update` changes it, `App.render` reads it.
public struct AppState: Sendable {
    public private(set) var accounts: [AccountInfo]
    /// Tokens per page of the table (the page indicator and `n`/`p` count in these).
    public var pageSize: Int {
        didSet { if pageSize < 1 { pageSize = 1 } }
    }
    public var demo: Bool
    public var readOnly: Bool
    /// What turned read-only mode on (`read_only = true in PATH`, `--read-only`), said when an action is refused.
    public var readOnlyCause: String?
    /// The clock as last told by `.tick`; relative dates and freshness are measured from it.
    public internal(set) var now: Date
    /// The terminal size as last told by `.resize`; scrolling keeps the selection visible in it.
    public internal(set) var size: Size
    public internal(set) var shouldQuit = false

    /// The filters, search text and sort in effect (`page` and `pageSize` there are unused).
    public internal(set) var query = TokenQuery()
    /// The account the table shows; nil for All.
    public internal(set) var selectedAccount: String?
    public internal(set) var focus: Focus = .table
    /// When the shown tokens were fetched (may be older than now when they came from the cache).
    public internal(set) var fetchedAt: Date?

    /// The tokens of the current load and their index: what every filter and count reads.
    var catalog = TokenIndex()
    var view = TokenView()
    var selectedAccountOrdinal: Int?
    var loaded = false
    /// Whole sets of tokens (or one account's) that replaced the ones shown: `Subscriptions` tells
    /// the runtime, which hands the freed memory back after the frame.
    var replacedSets = 0

    /// Index of the selected token in `view.rows`, and its key so a reload or filter can find it again.
    var selection = 0
    var selectedKey: TokenKey?
    var seenRevision = -1
    /// First row of the table's viewport, as an index in `view.rows`.
    var tableTop = 0
    /// Cursor in the sidebar: 0 is All, then the accounts in order.
    var sidebarCursor = 0

    var overlay: Overlay?
    var searching = false
    var detailsOpen = true
    var detailsScroll = 0
    var message: StatusMessage?
    var sync = SyncProgress()
    /// `c`: the create form, while it is open (it stays open, as typed, until it succeeds or is cancelled).
    var createForm: CreateFormState?
    /// The token just created, with its secret, until the person closes it.
    var createdNotice: CreatedTokenNotice?
    /// A token to select as soon as the view shows it (the one just created).
    var pendingSelectionKey: TokenKey?
    /// While only the cache's newest tokens are shown: how many it holds in all.
    var loadingTotal: Int?
    /// `:` — the command prompt, while it is open.
    var commandPrompt: CommandPrompt?
    /// Themes `:theme` can switch to (the runtime fills this from the theme search paths).
    public var themeNames: [String] = []
    /// Vendor JSON read on demand for tokens loaded without it (empty `rawJSON`), by token key;
    /// a few at a time, cleared on every load.
    var rawJSONByKey: [String: String] = [:]
    /// The last JSON the details pane's keys printed (`prettyJSONKept`).
    private var detailsJSON: (raw: String, lines: [String])?
    /// Keys whose JSON has been asked for and not yet answered.
    var rawJSONRequested: Set<String> = []
    /// Marks, the action menu, the confirmation and the requests in flight (`ActionKeys`).
    var actions = ActionsState()
    /// The audit policy the risk view and the risk filter apply (`tokendeck audit`'s, loaded the same way).
    public var policy: AuditPolicy = .builtIn
    /// Per account name: its last sync, failure, back-off and rate limit (`.accountFreshness`).
    var freshness: [String: AccountFreshness] = [:]
    /// `C`: the Changes view, while it is open.
    var changesPanel: ChangesPanel?
    /// Keys (`Token.key`) of the tokens that appeared since the dashboard was last opened, marked `+`.
    var newSinceLastOpened: Set<String> = []
    /// `R`: the risk view, while it is open.
    var riskPanel: RiskPanel?

    public init(accounts: [AccountInfo], pageSize: Int = 100, demo: Bool = false, readOnly: Bool = false, now: Date = Date()) {
        self.accounts = accounts
        self.pageSize = max(1, pageSize)
        self.demo = demo
        self.readOnly = readOnly
        self.now = now
        self.size = Size(width: 120, height: 40)
        refreshView(fallbackToTop: true)
    }

    // MARK: - What the runtime may read

    public var trashFilter: TrashFilter { query.trashed }
    /// Tokens that pass every filter in the selected account.
    public var visibleTokenCount: Int { view.rows.count }
    public var selectedToken: Token? { token(atRow: selection) }
    /// Whether keys currently go to a text input (printable keys are text, not commands).
    public var isEditingText: Bool { searching || createForm != nil || commandPrompt != nil || actions.confirmation?.needsTyping == true }

    /// Every token the view shows, in order (what `:export` writes).
    public var visibleTokens: [Token] { view.rows.map { catalog.tokens[$0] } }

    func token(atRow row: Int) -> Token? {
        guard row >= 0, row < view.rows.count else { return nil }
        return catalog.tokens[view.rows[row]]
    }

    // MARK: - Paging

    var page: Int { view.rows.isEmpty ? 0 : selection / pageSize }
    var pageCount: Int { max(1, (view.rows.count + pageSize - 1) / pageSize) }
    var pageRange: Range<Int> {
        let start = page * pageSize
        return start..<min(view.rows.count, start + pageSize)
    }

    // MARK: - Keeping derived state consistent

    /// Recomputes what the filters changed (only that) and puts the selection back on its token.
    /// `fallbackToTop`: when the token is gone, select the first row (a new filter) rather than
    /// the same position (a reload).
    mutating func refreshView(fallbackToTop: Bool) {
        // A load while the risk filter is on: the new tokens are assessed before they are filtered.
        if query.risk != nil, !catalog.hasRisks(under: policy) {
            catalog.assessRisks(policy: policy, now: now)
        }
        view.update(catalog: &catalog, query: query, account: selectedAccountOrdinal, accountCount: accounts.count, now: now)
        if view.revision != seenRevision {
            seenRevision = view.revision
            if let key = selectedKey, let index = catalog.index(of: key), let row = view.rows.firstIndex(of: index) {
                selection = row
            } else if fallbackToTop {
                selection = 0
                tableTop = 0
            }
        }
        select(row: selection)
    }

    /// Moves the selection to `row` (clamped) and scrolls the table so it shows.
    mutating func select(row: Int) {
        let previous = selectedKey
        selection = max(0, min(row, view.rows.count - 1))
        selectedKey = selectedToken.map(TokenKey.init)
        if selectedKey != previous { detailsScroll = 0 }
        tableTop = Self.viewportTop(current: tableTop, selection: selection, page: pageRange, visibleRows: Layout(size: size, state: self).tableRows)
    }

    /// The first row to show so that `selection` is visible, moving as little as possible, never
    /// showing rows of another page.
    static func viewportTop(current: Int, selection: Int, page: Range<Int>, visibleRows: Int) -> Int {
        guard !page.isEmpty else { return 0 }
        let rows = max(1, visibleRows)
        var top = max(page.lowerBound, min(current, page.upperBound - 1))
        if selection < top { top = selection }
        if selection >= top + rows { top = selection - rows + 1 }
        // Fill the viewport when near the end of the page.
        top = min(top, max(page.lowerBound, page.upperBound - rows))
        return max(page.lowerBound, top)
    }

    mutating func selectAccount(ordinal: Int?) {
        selectedAccountOrdinal = ordinal
        selectedAccount = ordinal.flatMap { $0 >= 0 && $0 < accounts.count ? accounts[$0].name : nil }
        sidebarCursor = (ordinal ?? -1) + 1
    }

    mutating func load(_ tokens: [Token], fetchedAt: Date?) {
        catalog.replaceTokens(with: tokens, accountNames: accounts.map(\.name))
        // The cache may hold other JSON for these tokens now.
        rawJSONByKey = [:]
        rawJSONRequested = []
        loaded = true
        if let fetchedAt { self.fetchedAt = fetchedAt }
        // On the first row the person is watching the top of the list (newest first, while a
        // sync streams in): stay there rather than follow the token down as newer ones arrive.
        if selection == 0 { selectedKey = nil }
        refreshView(fallbackToTop: selection == 0)
        selectPendingToken()
    }

    /// One account's tokens replace that account's and leave the rest shown as they were: the
    /// account's tokens go last, where a reload from the cache (in storage order) would put them.
    mutating func replaceTokens(ofAccount account: String, with tokens: [Token], fetchedAt: Date?) {
        var merged = catalog.takeTokens()
        merged.removeAll { $0.account == account }
        merged.append(contentsOf: tokens)
        loadingTotal = nil
        load(merged, fetchedAt: fetchedAt)
    }

    // MARK: - The vendor's JSON, read on demand

    /// `Format.prettyJSON(raw)`, kept by the text it was made from: the details pane's keys count
    /// its lines on every press, and the JSON is printed once per token, not once per key.
    mutating func prettyJSONKept(_ raw: String) -> [String] {
        if let detailsJSON, detailsJSON.raw == raw { return detailsJSON.lines }
        let lines = Format.prettyJSON(raw)
        detailsJSON = (raw, lines)
        return lines
    }

    /// `token`'s vendor JSON: its own, or the one read for it; nil while it is being read.
    func rawJSON(of token: Token) -> String? {
        token.rawJSON.isEmpty ? rawJSONByKey[token.key] : token.rawJSON
    }

    /// The effect that reads the selected token's vendor JSON, when the load left it out and it has
    /// not been asked for yet.
    mutating func rawJSONRequest() -> Effect? {
        guard let token = selectedToken, token.rawJSON.isEmpty else { return nil }
        let key = token.key
        guard rawJSONByKey[key] == nil, !rawJSONRequested.contains(key) else { return nil }
        rawJSONRequested.insert(key)
        return .loadRawJSON(account: token.account, id: token.id)
    }

    mutating func rawJSONArrived(key: String, json: String?) {
        // Only an answer to a question of this load: one from before a reload may be out of date.
        guard rawJSONRequested.remove(key) != nil else { return }
        if rawJSONByKey.count >= 64 { rawJSONByKey.removeAll(keepingCapacity: true) }
        rawJSONByKey[key] = json ?? "{}"
    }

    /// Adds `token` to what is shown (unless a load brought it already) and selects it once the
    /// view shows it; says so when the current filters hide it.
    mutating func reveal(_ token: Token) {
        if catalog.index(of: TokenKey(token)) == nil {
            catalog = TokenIndex(tokens: catalog.tokens + [token], accountNames: accounts.map(\.name), generation: catalog.generation &+ 1)
            loaded = true
        }
        pendingSelectionKey = TokenKey(token)
        refreshView(fallbackToTop: false)
        selectPendingToken()
        if pendingSelectionKey != nil {
            message = StatusMessage(kind: .info, text: "created \(DisplayWidth.truncate(token.id, to: 40)) in \(token.account); the current filters hide it")
        }
    }

    /// Selects the pending token if the view shows it.
    mutating func selectPendingToken() {
        guard let key = pendingSelectionKey, let index = catalog.index(of: key),
              let row = view.rows.firstIndex(of: index) else { return }
        pendingSelectionKey = nil
        select(row: row)
    }
}

enum Overlay: Sendable, Hashable {
    case help(scroll: Int)
    case picker(Picker)
}

struct StatusMessage: Sendable, Hashable {
    enum Kind: Sendable, Hashable { case info, error }
    var kind: Kind
    var text: String
}

/// What the sync service has said since it last started.
struct SyncProgress: Sendable, Hashable {
    struct Pages: Sendable, Hashable {
        var done: Int
        var known: Int?
    }
    var running = false
    var pages: [String: Pages] = [:]
    var failures: [String] = []
    /// Accounts whose last sync could not confirm its walk, with the tokens kept unconfirmed.
    var unconfirmed: [String: Int] = [:]

    static func unconfirmedText(account: String, count: Int) -> String {
        "\(account): changed during sync — " + (count == 0 ? "not confirmed" : "\(count) token\(count == 1 ? "" : "s") unconfirmed")
    }

    var pagesDone: Int { pages.values.reduce(0) { $0 + $1.done } }
    /// Total pages when every account has said how many it has.
    var pagesKnown: Int? {
        var total = 0
        for entry in pages.values {
            guard let known = entry.known else { return nil }
            total += known
        }
        return pages.isEmpty ? nil : total
    }
}
