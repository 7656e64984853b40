import Foundation

/// The lifecycle the vendors document beyond listing (`shared/specs/lifecycle-endpoints.md`):
/// Prefactor's get, create, suspend, activate, revoke and delete; TrueFoundry's create and delete.
/// Provisionr and metokens document none, and have none here.
extension SandboxStore {
    /// Why a lifecycle request is refused, as the vendor's error says it.
    public enum LifecycleRefusal: Error, Equatable, Sendable {
        /// No token with that id (Prefactor `not_found`, TrueFoundry 404).
        case notFound
        /// The token's state does not allow the action (Prefactor `invalid_action`).
        case invalidAction(String)
        /// TrueFoundry: a token of that name exists already (409).
        case nameTaken
    }

    public enum PrefactorAction: String, Sendable, CaseIterable { case suspend, activate, revoke }

    func prefactorToken(id: String) -> PrefactorToken? {
        prefactor.first { $0.id == id }
    }

    /// Applies `action` to Prefactor token `id`: suspend an active token, activate a suspended one,
    /// revoke either; revoked is final.
    func apply(_ action: PrefactorAction, toPrefactor id: String) -> Result<PrefactorToken, LifecycleRefusal> {
        guard let index = prefactor.firstIndex(where: { $0.id == id }) else { return .failure(.notFound) }
        let status = prefactor[index].status
        let next: String
        switch (action, status) {
        case (_, "revoked"):
            return .failure(.invalidAction("api token \(id) is revoked: a revoked token cannot be \(action == .suspend ? "suspended" : action == .activate ? "activated" : "revoked again")"))
        case (.suspend, "active"): next = "suspended"
        case (.activate, "suspended"): next = "active"
        case (.revoke, _): next = "revoked"
        case (.suspend, _), (.activate, _):
            return .failure(.invalidAction("api token \(id) is already \(status)"))
        }
        prefactor[index].status = next
        prefactor[index].updatedAt = max(prefactor[index].updatedAt, clock.nowSeconds)
        prefactorCache.removeAll()
        return .success(prefactor[index])
    }

    /// A new Prefactor token, as `POST /api_token` makes it (active, never used); the default
    /// expiry is a year.
    func createPrefactor(scope: String, accountID: String, environmentID: String?, expiresAt: Int64?) -> (token: PrefactorToken, secret: String) {
        let now = clock.nowSeconds
        var id: String
        repeat {
            id = factory.ulid(milliseconds: Int64(clock.now.timeIntervalSince1970 * 1000), randomCharacters: 22)
        } while issuedIDs[.prefactor]?.contains(id) == true || prefactor.contains(where: { $0.id == id })
        issuedIDs[.prefactor]?.insert(id)
        let token = PrefactorToken(
            id: id, accountID: accountID, createdByAdminUserID: nil, environmentID: environmentID,
            expiresAt: expiresAt ?? now + 365 * 86_400, insertedAt: now, lastUsedAt: nil,
            status: "active", scope: scope, updatedAt: now)
        prefactor.append(token)
        prefactorCache.removeAll()
        return (token, "pfx_" + factory.ulid(milliseconds: now * 1000, randomCharacters: 32))
    }

    /// A new TrueFoundry personal access token named `name`; refused when the name is taken.
    func createTrueFoundry(name: String, expiresAt: Int64?) -> Result<(token: TrueFoundryToken, secret: String), LifecycleRefusal> {
        guard !trueFoundry.contains(where: { $0.name == name }) else { return .failure(.nameTaken) }
        let now = clock.nowSeconds
        var id: String
        repeat { id = factory.trueFoundryID() } while issuedIDs[.truefoundry]?.contains(id) == true || trueFoundry.contains(where: { $0.id == id })
        issuedIDs[.truefoundry]?.insert(id)
        let made = factory.trueFoundry(id: id, number: nextTrueFoundryNumber, now: now)
        nextTrueFoundryNumber += 1
        let token = TrueFoundryToken(id: id, name: name, expiresAt: expiresAt, permissions: made.permissions,
                                     createdBy: made.createdBy, createdAt: now, updatedAt: now)
        trueFoundry.append(token)
        trueFoundrySearchNames.append(name.lowercased())
        trueFoundryCache.removeAll()
        return .success((token, "tfy-" + factory.ulid(milliseconds: now * 1000, randomCharacters: 40)))
    }
}
