import Foundation

/// Which Provisionr tokens a list request asks for (the `filter[...]` parameters).
struct ProvisionrFilter: Hashable, Sendable {
    enum Trashed: Hashable, Sendable { case without, with, only }

    var trashed: Trashed = .without
    var types: Set<String>?
    var ids: Set<String>?
    var refreshTokenIDs: Set<String>?
    var workspaceDeviceIDs: Set<String>?
    var createdBefore: Int64?
    var createdAfter: Int64?
    var updatedBefore: Int64?
    var updatedAfter: Int64?
    var deletedBefore: Int64?
    var deletedAfter: Int64?

    func matches(_ token: ProvisionrToken) -> Bool {
        switch trashed {
        case .without where token.isTrashed, .only where !token.isTrashed: return false
        default: break
        }
        if let types, !types.contains(token.type) { return false }
        if let ids, !ids.contains(token.id) { return false }
        if let refreshTokenIDs, !refreshTokenIDs.contains(token.refreshTokenID ?? "") { return false }
        if let workspaceDeviceIDs, !workspaceDeviceIDs.contains(token.workspaceDeviceID ?? "") { return false }
        if let createdBefore, token.createdAt >= createdBefore { return false }
        if let createdAfter, token.createdAt <= createdAfter { return false }
        if let updatedBefore, token.updatedAt >= updatedBefore { return false }
        if let updatedAfter, token.updatedAt <= updatedAfter { return false }
        if deletedBefore != nil || deletedAfter != nil {
            guard let deletedAt = token.deletedAt else { return false }
            if let deletedBefore, deletedAt >= deletedBefore { return false }
            if let deletedAfter, deletedAt <= deletedAfter { return false }
        }
        return true
    }
}

/// Prefactor's sort orders that apply to API tokens.
struct PrefactorOrder: Hashable, Sendable {
    /// The spec's sort fields that mean something for a token list.
    static let supportedFields = ["id", "last_seen", "status", "timestamp"]

    var accountID: String
    var field: String
    var ascending: Bool
}

/// Every vendor's tokens, generated at start and served by slicing; mutations (tests,
/// churn) change them in place. Filtered and sorted index lists are computed on first use
/// and cached until a mutation of that vendor, so a page at 100,000 tokens costs a slice
/// and its serialisation.
public actor SandboxStore {
    /// The time the generated dates are relative to (seconds since 1970).
    let referenceNow: Int64
    /// Prefactor account ids; the first is the one a request without `account_id` lists.
    public nonisolated let prefactorAccountIDs: [String] = TokenGenerator.prefactorAccountIDs

    // Storage order is creation order, oldest first, except for tokens put at the head.
    var provisionr: [ProvisionrToken]
    var prefactor: [PrefactorToken]
    var metokens: [MetokensToken]
    var trueFoundry: [TrueFoundryToken]
    /// `trueFoundry`'s names, lowercased, index for index.
    var trueFoundrySearchNames: [String]

    var provisionrCache: [ProvisionrFilter: [Int]] = [:]
    var prefactorCache: [PrefactorOrder: [Int]] = [:]
    var trueFoundryCache: [String: [Int]] = [:]
    private var idRandom: SplitMix64
    private static let cacheLimit = 64

    /// "Now" for mutations: the configured instant, else the real time.
    let clock: SandboxClock
    var factory: TokenFactory
    /// Picks churn events; apart from `factory` so a test's mutations do not change churn's choices.
    var churnRandom: SplitMix64
    /// metokens ids are never reused: the next one is past every id ever issued.
    var nextMetokensID: Int
    /// The running number in new TrueFoundry slugs.
    var nextTrueFoundryNumber: Int
    /// Every id issued so far per vendor (deleted ones included), built on the first mutation.
    var issuedIDs: [SandboxVendor: Set<String>] = [:]
    /// The earliest millisecond in any Prefactor id so far; a head insert goes below it.
    var lowestPrefactorMilliseconds: Int64?

    public init(configuration: SandboxConfiguration) {
        let now = Int64((configuration.now ?? Date()).timeIntervalSince1970)
        let generator = TokenGenerator(seed: configuration.seed, now: now)
        let shares = TokenGenerator.split(max(0, configuration.tokens))
        referenceNow = now
        provisionr = generator.provisionrTokens(shares[.provisionr] ?? 0)
        prefactor = generator.prefactorTokens(shares[.prefactor] ?? 0)
        metokens = generator.metokensTokens(shares[.metokens] ?? 0)
        trueFoundry = generator.trueFoundryTokens(shares[.truefoundry] ?? 0)
        trueFoundrySearchNames = trueFoundry.map { $0.name.lowercased() }
        idRandom = SplitMix64(seed: configuration.seed, stream: 5)
        clock = SandboxClock(fixedNow: configuration.now)
        factory = TokenFactory(seed: configuration.seed)
        churnRandom = SplitMix64(seed: configuration.seed, stream: 8)
        nextMetokensID = (metokens.map(\.id).max() ?? 0) + 1
        nextTrueFoundryNumber = trueFoundry.count + 1
    }

    // MARK: Counts for tests and the command line

    /// How many tokens the vendor holds; `includeTrashed` matters only for Provisionr.
    public func count(vendor: SandboxVendor, includeTrashed: Bool = true) -> Int {
        switch vendor {
        case .provisionr: includeTrashed ? provisionr.count : provisionr.count { !$0.isTrashed }
        case .prefactor: prefactor.count
        case .metokens: metokens.count
        case .truefoundry: trueFoundry.count
        }
    }

    /// Provisionr tokens in the trash.
    public func trashedCount() -> Int {
        provisionr.count { $0.isTrashed }
    }

    /// Every token across the four vendors, trashed ones included.
    public func totalCount() -> Int {
        provisionr.count + prefactor.count + metokens.count + trueFoundry.count
    }

    // MARK: Provisionr

    func provisionrSlice(_ filter: ProvisionrFilter, offset: Int, limit: Int) -> (total: Int, tokens: [ProvisionrToken]) {
        let indices = cached(&provisionrCache, filter) { filter in
            provisionr.indices.filter { filter.matches(provisionr[$0]) }
        }
        return (indices.count, Self.clampedRange(count: indices.count, offset: offset, limit: limit).map { provisionr[indices[$0]] })
    }

    func provisionrTokens() -> [ProvisionrToken] { provisionr }

    /// Adds a service access token as the create endpoint does and returns it.
    func createServiceAccessToken(service: String, name: String, description: String, expiresAt: Int64?, now: Date) -> ProvisionrToken {
        let nowSeconds = Int64(now.timeIntervalSince1970)
        let milliseconds = Int64(now.timeIntervalSince1970 * 1000)
        let token = ProvisionrToken(
            id: "wstok_" + TokenGenerator.ulid(milliseconds: milliseconds, randomCharacters: 16, rng: &idRandom),
            type: "svc_access", description: description, displayName: name,
            abilities: ["service:\(service):access", "secrets:read"],
            createdAt: nowSeconds, updatedAt: nowSeconds, lastUsedAt: nil, expiresAt: expiresAt,
            deletedAt: nil, refreshTokenID: nil, workspaceDeviceID: nil
        )
        provisionr.append(token)
        issuedIDs[.provisionr]?.insert(token.id)
        provisionrCache.removeAll()
        return token
    }

    // MARK: Prefactor

    func prefactorSlice(_ order: PrefactorOrder, offset: Int, limit: Int) -> (total: Int, tokens: [PrefactorToken]) {
        let indices = prefactorIndices(order)
        return (indices.count, Self.clampedRange(count: indices.count, offset: offset, limit: limit).map { prefactor[indices[$0]] })
    }

    /// Storage indices of the account's tokens in `order`.
    func prefactorIndices(_ order: PrefactorOrder) -> [Int] {
        cached(&prefactorCache, order) { order in
            let ascending = prefactor.indices
                .filter { prefactor[$0].accountID == order.accountID }
                .sorted { Self.prefactorPrecedes(prefactor[$0], prefactor[$1], field: order.field) }
            return order.ascending ? ascending : ascending.reversed()
        }
    }

    /// Ascending order with the id as tie-break, so paging never repeats or skips a
    /// token; a null last_seen sorts last ascending (and first descending), as Postgres does.
    private static func prefactorPrecedes(_ a: PrefactorToken, _ b: PrefactorToken, field: String) -> Bool {
        switch field {
        case "last_seen":
            switch (a.lastUsedAt, b.lastUsedAt) {
            case let (x?, y?) where x != y: return x < y
            case (nil, _?): return false
            case (_?, nil): return true
            default: break
            }
        case "status" where a.status != b.status: return a.status < b.status
        case "timestamp" where a.insertedAt != b.insertedAt: return a.insertedAt < b.insertedAt
        default: break
        }
        return a.id < b.id
    }

    // MARK: metokens

    /// Newest first, as a Laravel `latest()` query lists them.
    func metokensSlice(offset: Int, limit: Int) -> (total: Int, tokens: [MetokensToken]) {
        let count = metokens.count
        return (count, Self.clampedRange(count: count, offset: offset, limit: limit).map { metokens[count - 1 - $0] })
    }

    // MARK: TrueFoundry

    /// Newest first; `search` is a case-insensitive substring of the name.
    func trueFoundrySlice(search: String?, offset: Int, limit: Int) -> (total: Int, tokens: [TrueFoundryToken]) {
        let count = trueFoundry.count
        guard let search, !search.isEmpty else {
            return (count, Self.clampedRange(count: count, offset: offset, limit: limit).map { trueFoundry[count - 1 - $0] })
        }
        let indices = cached(&trueFoundryCache, search.lowercased()) { needle in
            (0..<count).reversed().filter { trueFoundrySearchNames[$0].contains(needle) }
        }
        return (indices.count, Self.clampedRange(count: indices.count, offset: offset, limit: limit).map { trueFoundry[indices[$0]] })
    }

    // MARK: Helpers

    func cached<Key: Hashable>(_ cache: inout [Key: [Int]], _ key: Key, compute: (Key) -> [Int]) -> [Int] {
        if let hit = cache[key] { return hit }
        let value = compute(key)
        if cache.count >= Self.cacheLimit { cache.removeAll() }
        cache[key] = value
        return value
    }

    /// Positions `offset..<offset+limit` within `count` items, empty past the end.
    static func clampedRange(count: Int, offset: Int, limit: Int) -> Range<Int> {
        let start = min(max(0, offset), count)
        let end = max(0, limit) >= count - start ? count : start + max(0, limit)
        return start..<end
    }
}
