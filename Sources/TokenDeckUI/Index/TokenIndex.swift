import Foundation
import TokenDeckCore

/// The tokens of one load, indexed for what the dashboard asks on every key press at 100,000
/// tokens. Rows are positions in `tokens`; every question reads plain arrays in storage order
/// through bitsets, never the tokens themselves.
///
/// The interface:
/// - `rows(for:now:)` — the tokens a query selects in its sort order (what `TokenView` shows),
///   redoing only the stage the last change touched (ViewRows.swift);
/// - `rows(for:inAccount:now:)` — the tokens a query selects, in storage order (what a picker counts);
/// - one stage at a time, keeping the candidates' order (how `rows(for:now:)` narrows the sorted rows):
///   `rows(_:passingFiltersOf:now:)` (type, trash, status), `rows(_:containing:)` (the search
///   text, as `SearchText.needle(for:)`) and `rows(_:inAccount:)`;
/// - `kindCounts(of:)`, `accountCounts(of:accountCount:)`, `statusCounts(of:asOf:)` — what the
///   pickers and the sidebar show;
/// - `prepareNextKeystroke()` — idle work between key presses (`PreparedKeystroke`), after which
///   the next letter of a wide search is one AND per token.
///
/// Each concern has a file of its own in this folder: `TokenPositions` (one row per key, lookup
/// by key), `StatusColumns` (status per token, once a minute), `Counts` (accounts and their runs),
/// `StructuralFilter`, `SearchText` (byte masks, pair masks, SIMD, threads), `PreparedKeystroke`,
/// `ViewRows` (the view's memo);
/// `Bitset` does their word arithmetic.
struct TokenIndex: Sendable {
    private(set) var tokens: [Token] = []
    /// Bumped on every load, so cached views know they are out of date.
    private(set) var generation = 0
    private var positions = TokenPositions()
    /// Each token's account by ordinal, and the runs tokens come in.
    private(set) var accounts = AccountColumn()
    /// The distinct token types, and the index into them of each token's type.
    private(set) var kinds: [String] = []
    private(set) var kindOrdinals: [Int32] = []
    private(set) var statusColumns = StatusColumns()
    private(set) var searchText = SearchText()
    /// What the view's last queries cost (ViewRows.swift reads and writes it, nothing else).
    var viewMemo = ViewMemo()
    /// The tokens' broken policy rules, once assessed (`assessRisks`); nil until then.
    private(set) var risks: RiskColumn?

    init() {}

    /// An empty index that keeps counting loads from `generation`.
    init(generation: Int) {
        self.generation = generation
    }

    /// `loaded` indexed; of two tokens with the same key the later (newer) one is kept, in the
    /// earlier one's place.
    init(tokens loaded: [Token], accountNames: [String], generation: Int) {
        self.generation = generation
        (tokens, positions) = TokenPositions.deduplicating(loaded)
        accounts = AccountColumn(tokens, names: accountNames)
        (kinds, kindOrdinals) = Self.kinds(of: tokens)
        statusColumns = StatusColumns(tokens)
        searchText = SearchText(tokens)
    }

    private static func kinds(of tokens: [Token]) -> (kinds: [String], ordinals: [Int32]) {
        var kinds: [String] = []
        var ordinals: [Int32] = []
        ordinals.reserveCapacity(tokens.count)
        var kindIndex: [String: Int32] = [:]
        // Fields are read in place through the buffer: a `for token in` loop would copy (and
        // retain every field of) 100,000 tokens.
        tokens.withUnsafeBufferPointer { buffer in
            for index in buffer.indices {
                let kind = buffer[index].kind
                if let ordinal = kindIndex[kind] {
                    ordinals.append(ordinal)
                } else {
                    let ordinal = Int32(kinds.count)
                    kindIndex[kind] = ordinal
                    kinds.append(kind)
                    ordinals.append(ordinal)
                }
            }
        }
        return (kinds, ordinals)
    }

    var count: Int { tokens.count }

    // MARK: - Replacing the tokens

    /// `tokens` indexed in place of the current ones, as the next generation. The old index is
    /// dropped before the new one is built, so 100,000 tokens are never held twice.
    mutating func replaceTokens(with tokens: [Token], accountNames: [String]) {
        let next = generation &+ 1
        self = TokenIndex(generation: next)
        self = TokenIndex(tokens: tokens, accountNames: accountNames, generation: next)
    }

    /// The tokens, handed over whole: the index is left empty (same generation), so the caller
    /// holds the only reference and can change them without a copy.
    mutating func takeTokens() -> [Token] {
        let taken = tokens
        self = TokenIndex(generation: generation)
        return taken
    }

    /// The row of the token with this account and id, if loaded.
    func index(account: String, id: String) -> Int? {
        positions.position(account: account, id: id)
    }

    func index(of key: TokenKey) -> Int? {
        index(account: key.account, id: key.id)
    }

    /// A token's vendor status changed (an action's answer): in place, keeping the search index of
    /// the load (status is not searched); a new generation, so views filter and sort again.
    mutating func setVendorStatus(_ status: TokenStatus, at index: Int) {
        guard tokens.indices.contains(index) else { return }
        tokens[index].vendorStatus = status
        statusColumns.setVendorStatus(status, at: index)
        risks?.reassess(tokens[index], at: index)
        viewMemo = ViewMemo()
        generation &+= 1
    }

    /// Works out every token's status for the minute of `now` and keeps it, so a status filter and
    /// the status picker read a byte per token until the minute ends (a picker about to count
    /// statuses and a view about to filter by one call it first).
    mutating func keepStatuses(asOf now: Date) {
        statusColumns.keepStatuses(asOf: now.timeIntervalSinceReferenceDate)
    }

    /// Assesses every token against `policy` as of `now` (`RiskColumn`): when the risk view opens,
    /// or a load finds the risk filter on.
    mutating func assessRisks(policy: AuditPolicy, now: Date) {
        risks = RiskColumn(tokens, accounts: accounts, policy: policy, asOf: now,
                           assessment: (risks?.assessment ?? 0) &+ 1)
    }

    /// `tokens[index].status(asOf: now)`, from the status columns (no token is touched); `now`
    /// in seconds since the reference date.
    func status(of index: Int, asOf now: Double) -> TokenStatus {
        statusColumns.status(of: index, asOf: now)
    }

    // MARK: - Rows for a query

    /// The tokens `query` selects in `account` (nil for all), in storage order: nothing is shown in
    /// this order, and every array is then read front to back (the sort order read them at random,
    /// out of the cache by the time a picker opens).
    func rows(for query: TokenQuery, inAccount account: Int?, now: Date) -> [Int] {
        var result = rows(Array(0..<count), passingFiltersOf: query, now: now)
        result = rows(result, containing: SearchText.needle(for: query.text))
        if let account { result = rows(result, inAccount: account) }
        return result
    }

    /// The subset of `candidates` (rows, in order) whose search text contains `needle`.
    func rows(_ candidates: [Int], containing needle: [UInt8]) -> [Int] {
        guard !needle.isEmpty else { return candidates }
        // The search text joins a token's fields with newlines, so a needle holding one (pasted,
        // never typed) would match across two fields: Core's rule answers it, token by token.
        if needle.contains(0x0A) {
            return candidates.filter { TokenFilter.matchesText(tokens[$0], folded: needle) }
        }
        // Tokens are visited in storage order, not in the sort order candidates come in: the
        // masks and the text are then read front to back instead of at random (between two key
        // presses they fall out of the cache, and the misses were most of a keystroke's cost).
        let among = Bitset(candidates, capacity: count)
        return searchText.tokens(among: among, containing: needle, shared: candidates.count >= SearchText.wideSearch)
            .members(among: candidates)
    }
}
