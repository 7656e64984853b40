import Foundation
import TokenDeckCore

/// The fetch/cache core the dashboard and the command line share: answers from the cache at once,
/// fetches single pages or whole accounts from the vendors, and publishes a sync's progress.
public actor TokenService {
    public nonisolated let accounts: [ConfiguredAccount]
    private let cache: TokenCache
    private let transport: any HTTPTransport
    private let retry: RetryPolicy
    private let limiter: RequestLimiter
    private let maxConcurrentRequests: Int
    private let syncPageSize: Int
    private let now: @Sendable () -> Date
    /// Where every action sent is recorded; nil: nowhere (tests, the demo).
    private let actionLog: ActionLog?
    /// Resolved credentials, kept for the life of the service so a `token_command` runs once, not per
    /// page; forgotten when the vendor answers 401. Never written anywhere.
    private var credentials: [String: String] = [:]

    /// - Parameters:
    ///   - maxConcurrentRequests: requests in flight at once, across every account and page.
    ///   - syncPageSize: page size asked for by `sync` (adapters clamp it to what each vendor accepts).
    public init(
        accounts: [ConfiguredAccount], cache: TokenCache, transport: any HTTPTransport, retry: RetryPolicy = .init(),
        maxConcurrentRequests: Int = 8, now: @escaping @Sendable () -> Date = Date.init, syncPageSize: Int = 500,
        actionLog: ActionLog? = nil
    ) {
        self.actionLog = actionLog
        self.accounts = accounts
        self.cache = cache
        self.transport = transport
        self.retry = retry
        self.maxConcurrentRequests = max(1, maxConcurrentRequests)
        limiter = RequestLimiter(limit: maxConcurrentRequests)
        self.syncPageSize = max(1, syncPageSize)
        self.now = now
    }

    // MARK: - From the cache

    /// What the last syncs stored, for one configured account or all of them; never touches the network.
    /// An unreadable cache answers empty: use `cachedTokensOrError` to tell the two apart.
    /// `withRawJSON: false` leaves each token's `rawJSON` empty (see `cachedRawJSON`).
    public func cachedTokens(account: String? = nil, withRawJSON: Bool = true) async -> [Token] {
        (try? await cachedTokensOrError(account: account, withRawJSON: withRawJSON)) ?? []
    }

    /// As `cachedTokens`, but a cache that cannot be read throws `CacheError`.
    public func cachedTokensOrError(account: String? = nil, withRawJSON: Bool = true) async throws -> [Token] {
        if let account { return try await cache.tokens(account: account, withRawJSON: withRawJSON) }
        let configured = Set(accounts.map(\.account.name))
        var tokens = try await cache.tokens(account: nil, withRawJSON: withRawJSON)
        // In place: a filtered copy would hold every token twice for a moment.
        tokens.removeAll { !configured.contains($0.account) }
        return tokens
    }

    /// The vendor's JSON of one cached token (what a table left out); nil when it is not cached.
    public func cachedRawJSON(account: String, id: String) async -> String? {
        try? await cache.rawJSON(account: account, id: id)
    }

    /// The newest `limit` cached tokens of the configured accounts, and how many they have in all.
    public func cachedPreview(limit: Int) async -> (tokens: [Token], total: Int) {
        let configured = Set(accounts.map(\.account.name))
        let tokens = ((try? await cache.newestTokens(limit: limit)) ?? []).filter { configured.contains($0.account) }
        var total = 0
        for name in configured { total += (try? await cache.count(account: name)) ?? 0 }
        return (tokens, total)
    }

    public func lastFetched(account: String) async -> Date? {
        try? await cache.lastFetched(account: account)
    }

    // MARK: - One page

    /// One server page of `query` (`query.page`, `query.pageSize`): what the vendor filters is sent to it,
    /// the rest is applied here with `TokenFilter`, so the page may hold fewer than `pageSize` tokens.
    /// `page` is the vendor's page as served (its total, page count and next cursor).
    public func fetchPage(account name: String, query: TokenQuery) async throws(VendorError) -> (tokens: [Token], page: TokenPage) {
        let configured = try configuredAccount(named: name)
        let account = configured.account
        let adapter = Adapters.adapter(for: account.vendor)
        return try await mappingCancellation(vendor: account.vendor) {
            let credential = try await self.credential(for: configured)
            let serverQuery = adapter.serverQuery(for: query)
            let cursor = Self.cursor(page: query.page, first: adapter.firstPage(size: query.pageSize))
            let trashedOnly = account.vendor.filtersTypeAndTrashOnServer && serverQuery.trashed == .only
            let request = adapter.listRequest(account: account, query: serverQuery, cursor: cursor, credential: credential)
            let page = try await self.forgettingRefusedCredential(of: name) {
                try await self.client(for: adapter, account: name).send(request) { (response) throws(VendorError) -> TokenPage in
                    try adapter.decodeList(response, account: account, cursor: cursor, trashed: trashedOnly)
                }
            }
            var tokens = page.tokens
            if account.vendor.filtersTypeAndTrashOnServer, serverQuery.trashed == .with {
                // A `with` answer does not say which rows are trashed: only the last trashed-only listing does.
                let trashed = (try? await self.cache.trashedIDs(account: name)) ?? []
                for index in tokens.indices where trashed.contains(tokens[index].id) { tokens[index].trashed = true }
            }
            return (TokenFilter.apply(tokens, query: query, now: self.now()), page)
        }
    }

    /// The cursor of 1-based `page`, in the paging style of the adapter's first cursor.
    static func cursor(page: Int, first: PageCursor) -> PageCursor {
        let page = max(1, page)
        switch first {
        case .pageNumber(_, let size): return .pageNumber(page, size: size)
        case .offset(let start, let size): return .offset(start + (page - 1) * size, size: size)
        }
    }

    // MARK: - Whole accounts

    /// Fetches every page of the given accounts (all configured when nil), several accounts at once, and
    /// replaces each account's cached tokens in one transaction when its last page is in. The cache always
    /// holds each account's whole set: for Provisionr the default listing and the `filter[trashed]=only`
    /// listing, marking trashed exactly what the latter returned; other vendors have no trash and are
    /// walked once. A view's filters never narrow what is synced.
    ///
    /// Each listing is walked so that it is exact while the vendor's data changes (`ListingWalk`). When a
    /// walk could not confirm its listing, the account's previous tokens that the walk did not see are
    /// kept beside the new ones and `.accountUnconfirmed` says how many: never a silent loss.
    /// Cancelling the consuming task (or dropping the stream) stops the sync; accounts not finished
    /// keep their previous cache.
    public func sync(accounts names: [String]? = nil) -> AsyncStream<SyncEvent> {
        let (stream, continuation) = AsyncStream<SyncEvent>.makeStream()
        var selected: [ConfiguredAccount] = []
        for name in names ?? accounts.map(\.account.name) {
            do throws(VendorError) {
                selected.append(try configuredAccount(named: name))
            } catch {
                continuation.yield(.accountFailed(account: name, error: error))
            }
        }
        let parallelAccounts = maxConcurrentRequests
        let task = Task {
            // Never write into a damaged file: the one whole-file read of this process happens here,
            // behind the network (the first pages are fetched meanwhile; every staging waits for it).
            let verified = Task { [cache] in
                if let notice = await cache.verify() { continuation.yield(.cacheReplaced(notice: notice)) }
            }
            await withTaskGroup(of: Void.self) { group in
                var pending = selected[...]
                while let next = pending.popFirst() {
                    if group.addTaskUnlessCancelled(operation: { await self.syncAccount(next, verified: verified, events: continuation) }) == false { break }
                    if selected.count - pending.count >= parallelAccounts { await group.next() }
                }
            }
            continuation.yield(.finished)
            continuation.finish()
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    private nonisolated func syncAccount(_ configured: ConfiguredAccount, verified: Task<Void, Never>,
                                         events: AsyncStream<SyncEvent>.Continuation) async {
        let name = configured.account.name
        let adapter = Adapters.adapter(for: configured.account.vendor)
        do {
            let credential = try await credential(for: configured)
            let client = await client(for: adapter, account: name)
            var walks: [ListingWalk] = []
            for (query, markTrashed) in Self.listings(vendor: adapter.vendor) {
                walks.append(ListingWalk(client: client, account: configured.account, credential: credential, query: query,
                                         markTrashed: markTrashed, pageSize: syncPageSize, window: maxConcurrentRequests))
            }
            // Each page goes to the cache's staging as it comes, never the whole account into memory;
            // the cached set is swapped for it in one transaction once every listing is in.
            let staging = DeferredStaging(cache: cache, account: name, verified: verified)
            do {
                var pagesBefore = 0
                var knownBefore = 0
                var confirmed = true
                for walk in walks {
                    var pagesOfWalk = 0
                    var knownOfWalk: Int?
                    let outcome = try await forgettingRefusedCredential(of: name) {
                        try await walk.run(onTokens: { tokens in
                            do {
                                try await staging.stage(tokens)
                            } catch {
                                throw Self.storeFailure(error, vendor: adapter.vendor)
                            }
                        }, onPage: { done, known in
                            pagesOfWalk = done
                            knownOfWalk = known
                            events.yield(.progress(account: name, pagesDone: pagesBefore + done,
                                                   pagesKnown: known.map { knownBefore + $0 }))
                        })
                    }
                    pagesBefore += pagesOfWalk
                    knownBefore += knownOfWalk ?? pagesOfWalk
                    if !outcome.confirmed {
                        confirmed = false
                        SyncLog.logger.warning("account \(name): the \(walk.describedListing) changed during the walk and could not be confirmed after \(outcome.bridges) bridge page(s) and \(outcome.walks) walk(s)", metadata: ["vendor": "\(adapter.vendor.rawValue)"])
                    }
                }
                try Task.checkCancellation()
                let fetchedAt = now()
                let result: TokenCache.CommitResult
                do {
                    result = try await cache.commit(try await staging.staging(), fetchedAt: fetchedAt, queryKey: "sync",
                                                    keepingUnseen: !confirmed)
                } catch {
                    throw Self.storeFailure(error, vendor: adapter.vendor)
                }
                if !confirmed { events.yield(.accountUnconfirmed(account: name, unconfirmed: result.kept)) }
                events.yield(.accountFinished(account: name, count: result.count, at: fetchedAt))
            } catch {
                // Failed or cancelled: the cached set was never touched; what was staged goes (in a
                // task of its own: this one may be cancelled, and GRDB refuses a cancelled task's writes).
                Task.detached { await staging.discard() }
                throw error
            }
        } catch let error as VendorError {
            events.yield(.accountFailed(account: name, error: error))
        } catch {
            // Cancelled: the account's cache stays as it was, and nobody is listening any more.
        }
    }

    /// A cache that would not take what was fetched: the account fails with the reason (the cached set is as it was).
    private static func storeFailure(_ error: any Error, vendor: Vendor) -> any Error {
        if error is CancellationError { return error }
        return VendorError(kind: .transport, vendor: vendor, code: "cache", message: "could not store the fetched tokens: \(error)")
    }

    /// The listings a sync walks, with whether each one marks its tokens trashed: the account's whole
    /// set. Prefactor lets the client choose the order: by creation, oldest first, so new tokens join
    /// the end and a walk's pages shift only when a token goes.
    static func listings(vendor: Vendor) -> [(ServerQuery, markTrashed: Bool)] {
        switch vendor {
        case .provisionr: [(ServerQuery(trashed: .none), false), (ServerQuery(trashed: .only), true)]
        case .prefactor: [(ServerQuery(sortField: "timestamp", sortAscending: true), false)]
        case .metokens, .truefoundry: [(ServerQuery(), false)]
        }
    }

    // MARK: - Create

    /// Mints one token at account `name`, whose vendor must be the request's. Sent once, never retried
    /// (a retry could mint a second token). On success the token, never its secret, is added to the
    /// cache; either way one `create` line goes to actions.log, without the secret.
    public func createToken(account name: String, request: CreateTokenRequest) async throws(VendorError) -> CreatedToken {
        let configured = try configuredAccount(named: name)
        let account = configured.account
        guard account.vendor == request.vendor else {
            let what = account.vendor.documentsTokenCreation
                ? "takes \(account.vendor.createdTokenNoun)s, not \(request.vendor.rawValue) \(request.vendor.createdTokenNoun)s"
                : "documents no way to create tokens"
            throw VendorError(vendor: account.vendor, code: "unsupported",
                              message: "account \(name) is at \(account.vendor.rawValue), which \(what)")
        }
        let adapter = TokenCreation.adapter(for: request)
        let outcome: Result<CreatedToken, VendorError>
        do throws(VendorError) {
            outcome = .success(try await mappingCancellation(vendor: account.vendor) {
                let credential = try await self.credential(for: configured)
                let spec = TokenCreation.request(request, account: account, credential: credential)
                return try await self.forgettingRefusedCredential(of: name) {
                    try await self.client(for: adapter, account: name).send(spec) { (response) throws(VendorError) -> CreatedToken in
                        try TokenCreation.decode(response, for: request, account: account)
                    }
                }
            })
        } catch {
            outcome = .failure(error)
        }
        actionLog?.recordCreate(account: name, vendor: account.vendor, outcome: outcome, at: now())
        var created = try outcome.get()
        if let secret = created.secret, !secret.isEmpty, created.token.rawJSON.contains(secret) {
            created.token.rawJSON = "{}"
        }
        // It was made just now, whether or not the answer says when.
        if created.token.createdAt == nil { created.token.createdAt = now() }
        if !created.token.id.isEmpty { try? await cache.upsert([created.token]) }
        return created
    }

    // MARK: - Actions

    /// One token's answer to an action.
    public struct ActionResult: Sendable, Hashable {
        public var id: String
        /// The vendor's answer, or why there is none. A transport failure after the request may have
        /// reached the vendor: the token's state is then unknown until the next sync.
        public var outcome: Result<TokenActionOutcome, VendorError>
    }

    /// Sends `action` for each of `ids` of account `name`, one request a token, in order, never
    /// retried (an action repeated is not the same action); what the vendor answered lands in the
    /// cache at once. A vendor that does not document the action gets no request.
    public func perform(_ action: TokenAction, account name: String, ids: [String]) async -> [ActionResult] {
        let configured: ConfiguredAccount
        do {
            configured = try configuredAccount(named: name)
        } catch {
            return ids.map { ActionResult(id: $0, outcome: .failure(error)) }
        }
        let account = configured.account
        guard account.vendor.supportedActions.contains(action),
              let adapter = Adapters.adapter(for: account.vendor) as? any TokenActionAdapter else {
            let refusal = VendorError(vendor: account.vendor, code: "unsupported",
                                      message: "\(account.vendor.rawValue) documents no \(action.rawValue) for tokens (account \(name))")
            return ids.map { ActionResult(id: $0, outcome: .failure(refusal)) }
        }
        var results: [ActionResult] = []
        for id in ids {
            let outcome: Result<TokenActionOutcome, VendorError>
            do throws(VendorError) {
                outcome = .success(try await mappingCancellation(vendor: account.vendor) {
                    let credential = try await self.credential(for: configured)
                    guard let request = adapter.actionRequest(action, id: id, account: account, credential: credential) else {
                        throw VendorError(vendor: account.vendor, code: "unsupported", message: "no \(action.rawValue) request")
                    }
                    return try await self.forgettingRefusedCredential(of: name) {
                        try await self.client(for: adapter, account: name).send(request) { (response) throws(VendorError) -> TokenActionOutcome in
                            try adapter.decodeAction(action, response)
                        }
                    }
                })
            } catch {
                outcome = .failure(error)
            }
            if case .success(let done) = outcome { try? await cache.apply(done, account: name, id: id) }
            actionLog?.record(action, account: name, vendor: account.vendor, id: id, outcome: outcome, at: now())
            results.append(ActionResult(id: id, outcome: outcome))
        }
        return results
    }

    // MARK: - Helpers

    /// The rate limit each account's vendor last reported (`X-RateLimit-Remaining`/`-Reset`), for the
    /// dashboard and `accounts`.
    public nonisolated let rateLimits = RateLimitBook()

    private func client(for adapter: any VendorAdapter, account: String) -> VendorClient {
        // Every consumer of these errors names the account itself: filed under it, not written twice.
        VendorClient(adapter: adapter, transport: transport, retry: retry, limiter: limiter,
                     accountName: account, rateLimits: rateLimits, namesAccountInMessages: false)
    }

    private func configuredAccount(named name: String) throws(VendorError) -> ConfiguredAccount {
        if let configured = accounts.first(where: { $0.account.name == name }) { return configured }
        let known = accounts.map(\.account.name).joined(separator: ", ")
        throw VendorError(vendor: accounts.first?.account.vendor ?? .provisionr, code: "unknown_account",
                          message: "no account named '\(name)' is configured (configured: \(known.isEmpty ? "none" : known))")
    }

    private func credential(for configured: ConfiguredAccount) async throws(VendorError) -> String {
        let name = configured.account.name
        if let known = credentials[name] { return known }
        do {
            let value = try await CredentialResolver.resolve(configured.credential)
            credentials[name] = value
            return value
        } catch {
            throw VendorError(vendor: configured.account.vendor, code: "credential",
                              message: "account \(name): \(error.description)")
        }
    }

    private func forgetCredential(of name: String) {
        credentials[name] = nil
    }

    /// Runs `body`; a 401 makes the next request resolve the credential again (it may have been rotated).
    private func forgettingRefusedCredential<T>(
        of name: String, isolation: isolated (any Actor)? = #isolation, _ body: () async throws -> T
    ) async throws -> T {
        do {
            return try await body()
        } catch let error as VendorError where error.status == 401 {
            await forgetCredential(of: name)
            throw error
        }
    }

    /// Typed-throws boundary: a cancelled request becomes a `VendorError` saying so.
    private func mappingCancellation<T>(
        vendor: Vendor, isolation: isolated (any Actor)? = #isolation, _ body: () async throws -> T
    ) async throws(VendorError) -> T {
        do {
            return try await body()
        } catch let error as VendorError {
            throw error
        } catch {
            throw VendorError(kind: .transport, vendor: vendor, code: "cancelled", message: "cancelled")
        }
    }
}
