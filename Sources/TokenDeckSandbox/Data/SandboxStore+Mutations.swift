import Foundation

/// What churn has done so far.
public struct ChurnStats: Sendable, Equatable {
    public var created = 0
    public var deleted = 0
    public var trashed = 0
    public var revoked = 0

    public init(created: Int = 0, deleted: Int = 0, trashed: Int = 0, revoked: Int = 0) {
        self.created = created
        self.deleted = deleted
        self.trashed = trashed
        self.revoked = revoked
    }

    /// Every event that changed the data.
    public var total: Int { created + deleted + trashed + revoked }

    static func + (a: ChurnStats, b: ChurnStats) -> ChurnStats {
        ChurnStats(created: a.created + b.created, deleted: a.deleted + b.deleted,
                   trashed: a.trashed + b.trashed, revoked: a.revoked + b.revoked)
    }
}

/// Changes under the client: every mutation drops the vendor's cached index lists (the
/// next page request recomputes them) and returns the token id as the listing shows it.
/// "Default listing" is what a list request without filters or sorting shows: Provisionr's
/// non-trashed tokens in storage order, Prefactor's first account by id ascending,
/// metokens and TrueFoundry newest first.
extension SandboxStore {
    // MARK: Create

    /// A new token where the vendor itself would list it: Provisionr appends (oldest
    /// first), metokens and TrueFoundry put it first (newest first), Prefactor's goes to the
    /// first account, inserted now, wherever `sorting[...]` places it.
    @discardableResult
    public func create(vendor: SandboxVendor) -> String {
        makeToken(vendor, atHead: false)
    }

    /// A new token at position 0 of the vendor's default listing: first in Provisionr's
    /// storage; in Prefactor's first account with an id below every other; for metokens and
    /// TrueFoundry the same as `create`.
    @discardableResult
    public func insertAtHead(vendor: SandboxVendor) -> String {
        makeToken(vendor, atHead: true)
    }

    private func makeToken(_ vendor: SandboxVendor, atHead: Bool) -> String {
        let now = clock.now
        let seconds = Int64(now.timeIntervalSince1970)
        let milliseconds = Int64(now.timeIntervalSince1970 * 1000)
        switch vendor {
        case .provisionr:
            var id: String
            repeat { id = "wstok_" + factory.ulid(milliseconds: milliseconds, randomCharacters: 16) } while !claim(.provisionr, id)
            let token = factory.provisionr(id: id, now: seconds)
            if atHead { provisionr.insert(token, at: 0) } else { provisionr.append(token) }
            provisionrCache.removeAll()
            return id
        case .prefactor:
            let idMilliseconds = atHead ? headPrefactorMilliseconds() : milliseconds
            var id: String
            repeat { id = factory.ulid(milliseconds: idMilliseconds, randomCharacters: 22) } while !claim(.prefactor, id)
            prefactor.append(factory.prefactor(id: id, accountID: prefactorAccountIDs[0], now: seconds))
            prefactorCache.removeAll()
            return id
        case .metokens:
            let id = nextMetokensID
            nextMetokensID += 1
            metokens.append(factory.metokens(id: id, now: seconds))
            return String(id)
        case .truefoundry:
            var id: String
            repeat { id = factory.trueFoundryID() } while !claim(.truefoundry, id)
            let token = factory.trueFoundry(id: id, number: nextTrueFoundryNumber, now: seconds)
            nextTrueFoundryNumber += 1
            trueFoundry.append(token)
            trueFoundrySearchNames.append(token.name.lowercased())
            trueFoundryCache.removeAll()
            return id
        }
    }

    /// Records `id` as issued; false when the vendor has ever had it (ids are never reused).
    private func claim(_ vendor: SandboxVendor, _ id: String) -> Bool {
        if issuedIDs[vendor] == nil { issuedIDs[vendor] = allIDs(vendor) }
        return issuedIDs[vendor]?.insert(id).inserted ?? true
    }

    /// A millisecond below every Prefactor id so far, so the id sorts before all of them.
    private func headPrefactorMilliseconds() -> Int64 {
        let lowest = lowestPrefactorMilliseconds
            ?? prefactor.lazy.compactMap { TokenGenerator.ulidMilliseconds($0.id) }.min()
            ?? Int64(clock.now.timeIntervalSince1970 * 1000)
        let head = max(0, lowest - 1)
        lowestPrefactorMilliseconds = head
        return head
    }

    // MARK: Delete

    /// Removes for good the token at `position` (0-based) of the vendor's default listing;
    /// nil when there is none.
    @discardableResult
    public func delete(vendor: SandboxVendor, position: Int) -> String? {
        guard let index = storageIndex(vendor, defaultListingPosition: position) else { return nil }
        return remove(vendor, at: index)
    }

    /// Removes for good the vendor's token `id` (metokens: the number as text); nil when unknown.
    @discardableResult
    public func delete(vendor: SandboxVendor, id: String) -> String? {
        guard let index = storageIndex(vendor, id: id) else { return nil }
        return remove(vendor, at: index)
    }

    private func remove(_ vendor: SandboxVendor, at index: Int) -> String {
        switch vendor {
        case .provisionr:
            provisionrCache.removeAll()
            return provisionr.remove(at: index).id
        case .prefactor:
            prefactorCache.removeAll()
            return prefactor.remove(at: index).id
        case .metokens:
            return String(metokens.remove(at: index).id)
        case .truefoundry:
            trueFoundryCache.removeAll()
            trueFoundrySearchNames.remove(at: index)
            return trueFoundry.remove(at: index).id
        }
    }

    // MARK: Trash and revoke

    /// Provisionr: moves token `id` to the trash (`deleted_at` now), out of the default
    /// listing and into `filter[trashed]=only`; nil when unknown or already trashed.
    @discardableResult
    public func trash(id: String) -> String? {
        guard let index = storageIndex(.provisionr, id: id), !provisionr[index].isTrashed else { return nil }
        let now = clock.nowSeconds
        provisionr[index].deletedAt = now
        provisionr[index].updatedAt = max(provisionr[index].updatedAt, now)
        provisionrCache.removeAll()
        return id
    }

    /// Prefactor and metokens: token `id`'s status becomes "revoked"; nil when unknown,
    /// already revoked, or the vendor has no revocation (Provisionr, TrueFoundry).
    @discardableResult
    public func revoke(vendor: SandboxVendor, id: String) -> String? {
        guard vendor == .prefactor || vendor == .metokens, let index = storageIndex(vendor, id: id) else { return nil }
        let now = clock.nowSeconds
        if vendor == .prefactor {
            guard prefactor[index].status != "revoked" else { return nil }
            prefactor[index].status = "revoked"
            prefactor[index].updatedAt = max(prefactor[index].updatedAt, now)
            prefactorCache.removeAll()
        } else {
            guard metokens[index].revokedAt == nil else { return nil }
            metokens[index].revokedAt = now
        }
        return id
    }

    // MARK: Reading ids

    /// Every id the vendor holds now: Provisionr's trashed ones included; Prefactor's of
    /// `prefactorAccountID` (default: the first account).
    public func ids(vendor: SandboxVendor, prefactorAccountID: String? = nil) -> Set<String> {
        if vendor == .prefactor {
            let account = prefactorAccountID ?? prefactorAccountIDs[0]
            return Set(prefactor.lazy.filter { $0.accountID == account }.map(\.id))
        }
        return allIDs(vendor)
    }

    /// Provisionr's trashed token ids.
    public func trashedIDs() -> Set<String> {
        Set(provisionr.lazy.filter(\.isTrashed).map(\.id))
    }

    /// Every id of the vendor, all Prefactor accounts included.
    private func allIDs(_ vendor: SandboxVendor) -> Set<String> {
        switch vendor {
        case .provisionr: Set(provisionr.lazy.map(\.id))
        case .prefactor: Set(prefactor.lazy.map(\.id))
        case .metokens: Set(metokens.lazy.map { String($0.id) })
        case .truefoundry: Set(trueFoundry.lazy.map(\.id))
        }
    }

    // MARK: Churn

    /// Applies `count` random events (seeded): a vendor, then create, delete (a random
    /// position of the default listing), trash (Provisionr) or revoke (Prefactor, metokens).
    /// Returns what changed; an event with nothing to act on changes nothing.
    @discardableResult
    public func applyChurnEvents(_ count: Int) -> ChurnStats {
        var stats = ChurnStats()
        for _ in 0..<max(0, count) {
            let vendor = SandboxVendor.allCases[churnRandom.int(below: SandboxVendor.allCases.count)]
            switch churnRandom.int(below: vendor == .truefoundry ? 2 : 3) {
            case 0:
                create(vendor: vendor)
                stats.created += 1
            case 1:
                let shown = defaultListingCount(vendor)
                if shown > 0, delete(vendor: vendor, position: churnRandom.int(below: shown)) != nil { stats.deleted += 1 }
            default:
                if vendor == .provisionr {
                    let shown = provisionrDefaultIndices()
                    if !shown.isEmpty, trash(id: provisionr[shown[churnRandom.int(below: shown.count)]].id) != nil { stats.trashed += 1 }
                } else if let id = randomID(vendor), revoke(vendor: vendor, id: id) != nil {
                    stats.revoked += 1
                }
            }
        }
        return stats
    }

    /// A random token of Prefactor's first account or of metokens.
    private func randomID(_ vendor: SandboxVendor) -> String? {
        let shown = defaultListingCount(vendor)
        guard shown > 0, let index = storageIndex(vendor, defaultListingPosition: churnRandom.int(below: shown)) else { return nil }
        return vendor == .prefactor ? prefactor[index].id : String(metokens[index].id)
    }

    // MARK: Positions

    /// How many tokens the vendor's default listing shows.
    func defaultListingCount(_ vendor: SandboxVendor) -> Int {
        switch vendor {
        case .provisionr: provisionrDefaultIndices().count
        case .prefactor: prefactorDefaultIndices().count
        case .metokens: metokens.count
        case .truefoundry: trueFoundry.count
        }
    }

    private func storageIndex(_ vendor: SandboxVendor, defaultListingPosition position: Int) -> Int? {
        guard position >= 0 else { return nil }
        switch vendor {
        case .provisionr:
            let indices = provisionrDefaultIndices()
            return position < indices.count ? indices[position] : nil
        case .prefactor:
            let indices = prefactorDefaultIndices()
            return position < indices.count ? indices[position] : nil
        case .metokens:
            return position < metokens.count ? metokens.count - 1 - position : nil
        case .truefoundry:
            return position < trueFoundry.count ? trueFoundry.count - 1 - position : nil
        }
    }

    private func storageIndex(_ vendor: SandboxVendor, id: String) -> Int? {
        switch vendor {
        case .provisionr: return provisionr.firstIndex { $0.id == id }
        case .prefactor: return prefactor.firstIndex { $0.id == id }
        case .metokens:
            guard let number = Int(id) else { return nil }
            return metokens.firstIndex { $0.id == number }
        case .truefoundry: return trueFoundry.firstIndex { $0.id == id }
        }
    }

    private func provisionrDefaultIndices() -> [Int] {
        cached(&provisionrCache, ProvisionrFilter()) { filter in
            provisionr.indices.filter { filter.matches(provisionr[$0]) }
        }
    }

    private func prefactorDefaultIndices() -> [Int] {
        prefactorIndices(PrefactorOrder(accountID: prefactorAccountIDs[0], field: "id", ascending: true))
    }
}
