import Foundation
import TokenDeckCore
import TokenDeckSync
import TokenDeckUI

/// The dashboard's services over the sync core (what `EffectRunner` hands the slow effects to):
/// shows what the cache holds at once, then revalidates it in the background, turning each
/// `SyncEvent` into an `Action`.
/// One sync at a time: a refresh cancels the running one and waits for it to stop.
actor DashboardSync: DashboardServices {

    /// Enough newest tokens for a first screenful on any terminal.
    static let previewSize = 300
    /// A sync a key asks for (`r`, `:refresh`) starts after this pause, and a newer request in the
    /// pause replaces it: `r` pressed three times starts one sync, not three cancelled ones, and the
    /// key's frame is drawn before the sync's requests and decoding compete with it for the CPU.
    /// (Filters, the trash included, never sync: the cache holds every account's whole set.)
    static let keyedSyncPause: Duration = .milliseconds(200)
    private let service: TokenService
    private let accountNames: [String]
    /// The cache's change table: the Changes view and the new-token marks read it.
    private let cache: TokenCache
    /// Where the last opening is kept, and under which cache path; nil for the demo (its cache
    /// vanishes with it: tokens appearing while it runs are new).
    private let lastOpened: (store: LastOpened, cachePath: String)?
    /// Tokens that appeared after this are marked new: the last opening, or this one's start.
    private var newSince = Date()
    /// Accounts whose rate limit changed since the sidebar was last told (`rateLimitChanged`).
    private var rateLimitPending: Set<String> = []
    static let rateLimitPause: Duration = .milliseconds(250)
    private var running: Task<Void, Never>?
    /// What the sidebar shows of each account, kept here and sent whole on each change.
    private var freshness: [String: AccountFreshness] = [:]
    private var send: Send?

    init(service: TokenService, accountNames: [String], cache: TokenCache, lastOpened: (store: LastOpened, cachePath: String)?) {
        self.service = service
        self.accountNames = accountNames
        self.cache = cache
        self.lastOpened = lastOpened
    }

    /// Stale-while-revalidate: the cached tokens first, then a sync of everything.
    func start(send: @escaping Send) async {
        self.send = send
        let opened = Date()
        var previousOpening: Date?
        if let lastOpened {
            previousOpening = lastOpened.store.read(cache: lastOpened.cachePath)
            lastOpened.store.write(opened, cache: lastOpened.cachePath)
        }
        // Never opened before: nothing is new yet (a first sync records no "appeared" either).
        newSince = previousOpening ?? opened
        // A big cache takes a while to read whole: the newest few first, for a frame at once.
        let preview = await service.cachedPreview(limit: Self.previewSize)
        if preview.total > preview.tokens.count {
            send(.cachePreview(preview.tokens, total: preview.total))
        }
        // The sidebar's freshness after the first frame's tokens, not before them.
        await service.rateLimits.observe { [weak self] account in
            Task { await self?.rateLimitChanged(account: account) }
        }
        for name in accountNames {
            await updateFreshness(of: name) { $0.lastSynced = await self.service.lastFetched(account: name) }
        }
        await Self.sendCachedTokens(service: service, accountNames: accountNames, send: send)
        await sendNewTokens()
        restart(send: send)
    }

    /// `r`, `:refresh`: a new sync after a pause that a newer refresh cuts short.
    func refresh(send: @escaping Send) {
        restart(after: Self.keyedSyncPause, send: send)
    }

    /// The vendor JSON of a token loaded without it, read from the cache beside anything running.
    func loadRawJSON(account: String, id: String, send: @escaping Send) {
        Task { [service] in
            send(.rawJSONLoaded(account: account, id: id, json: await service.cachedRawJSON(account: account, id: id)))
        }
    }

    /// `C`, `:changes`: the cache's change events, newest first.
    func loadChanges(send: @escaping Send) {
        Task { [cache] in
            do {
                let changes = try await cache.changes(since: nil, limit: ChangesPanel.limit)
                send(.changesLoaded(changes.map(Self.event), error: nil))
            } catch {
                send(.changesLoaded(nil, error: "cannot read the cache's changes: \(error)"))
            }
        }
    }

    /// `:export csv|json FILE`: the view's tokens with hygiene flags, written whole or not at all.
    func export(_ tokens: [Token], format: String, to path: String, send: @escaping Send) {
        Task.detached {
            guard let kind = TokenExport.Format(rawValue: format) else {
                send(.statusMessage("export: '\(format)' is not csv or json", isError: true))
                return
            }
            let expanded = (path as NSString).expandingTildeInPath
            do throws(ExportError) {
                let count = try TokenExport.write(tokens, format: kind, to: expanded, now: Date())
                send(.statusMessage("exported \(count) token\(count == 1 ? "" : "s") to \(expanded)", isError: false))
            } catch {
                send(.statusMessage(error.description, isError: true))
            }
        }
    }

    /// Sends the create request once (TokenService never retries a create), beside any running
    /// sync; the service puts the new token (never its secret) in the cache.
    func createToken(account: String, request: CreateTokenRequest, send: @escaping Send) {
        Task { [service, accountNames] in
            do throws(VendorError) {
                let created = try await service.createToken(account: account, request: request)
                send(.createSucceeded(created))
                await Self.sendCachedTokens(of: account, service: service, accountNames: accountNames, send: send)
            } catch {
                send(.createFailed(account: account, error: error))
            }
        }
    }

    /// One request a token, in order, each sent once (the service never retries an action) and
    /// answered as it comes; the service puts each new state in the cache and, outside the demo,
    /// a line in actions.log.
    func perform(_ action: TokenAction, on targets: [ActionTarget], send: @escaping Send) {
        Task { [service] in
            for target in targets {
                for result in await service.perform(action, account: target.account, ids: [target.id]) {
                    send(.actionAnswered(account: target.account, id: result.id, outcome: result.outcome))
                }
            }
        }
    }

    /// The tokens that appeared since the last opening (the cache's `appeared` events after it).
    private func sendNewTokens() async {
        guard let appeared = try? await cache.appearedTokens(since: newSince) else { return }
        let keys = Set(appeared.map { Token.key(account: $0.account, id: $0.id) })
        send?(.newSinceLastOpened(keys: keys))
    }

    /// A change as the Changes view lists it, in the words of `tokendeck changes`.
    static func event(_ change: TokenChange) -> ChangeEvent {
        ChangeEvent(at: change.at, account: change.account, tokenID: change.tokenID, title: change.title,
                    kind: change.kind.rawValue, detail: ChangeOutput.detail(change))
    }

    /// Changes what is known of `account` and sends it whole.
    private func updateFreshness(of account: String, _ change: (inout AccountFreshness) async -> Void) async {
        var entry = freshness[account] ?? AccountFreshness()
        await change(&entry)
        entry.rateLimit = await service.rateLimits.status(account: account)
        entry.backingOffUntil = await service.rateLimits.backoff(account: account)
        guard entry != freshness[account] else { return }
        freshness[account] = entry
        send?(.accountFreshness(account: account, entry))
    }

    /// The vendor's answer said a new rate limit, or a 429's wait began or ended.
    private func rateLimitChanged(account: String) async {
        // Every answer carries a new "remaining": the sidebar takes them at most four times a second,
        // not once a page (1,300 actions and frames in a sync of 100,000 tokens).
        guard rateLimitPending.insert(account).inserted, rateLimitPending.count == 1 else { return }
        try? await Task.sleep(for: Self.rateLimitPause)
        let accounts = rateLimitPending
        rateLimitPending = []
        for name in accounts.sorted() { await updateFreshness(of: name) { _ in } }
    }

    func stop() async {
        running?.cancel()
        await running?.value
        running = nil
    }

    private func restart(after pause: Duration = .zero, send: @escaping Send) {
        let previous = running
        previous?.cancel()
        running = Task { [service, accountNames] in
            // Two syncs writing the same accounts at once would race on the cache.
            await previous?.value
            // Cancelled in the pause (a newer refresh came): sleep throws, and the check below returns.
            if pause > .zero { try? await Task.sleep(for: pause) }
            guard !Task.isCancelled else { return }
            send(.syncStarted)
            for await event in await service.sync(accounts: accountNames) {
                if Task.isCancelled { return }
                switch event {
                case .progress(let account, let pagesDone, let pagesKnown):
                    send(.syncProgress(account: account, pagesDone: pagesDone, pagesKnown: pagesKnown))
                case .accountFinished(let account, _, let at):
                    await self.updateFreshness(of: account) { $0.lastSynced = at; $0.failed = false; $0.failedStatus = nil }
                    await Self.sendCachedTokens(of: account, service: service, accountNames: accountNames, send: send)
                case .accountUnconfirmed(let account, let count):
                    send(.syncUnconfirmed(account: account, count: count))
                case .accountFailed(let account, let error):
                    await self.updateFreshness(of: account) { $0.failed = true; $0.failedStatus = error.status }
                    send(.syncFailed(account: account, message: error.description))
                case .cacheReplaced(let notice):
                    send(.statusMessage(notice, isError: true))
                case .finished:
                    // The new-token marks once the whole sync is in, not between accounts' loads.
                    await self.sendNewTokens()
                    send(.syncFinished(Date()))
                }
            }
        }
    }

    /// Every account's cached tokens (or only `account`'s, to replace what is shown of it), without
    /// their vendor JSON (read per token when shown), with the age of the stalest account (nil when
    /// one has never been fetched).
    private static func sendCachedTokens(of account: String? = nil, service: TokenService, accountNames: [String], send: Send) async {
        let tokens = await service.cachedTokens(account: account, withRawJSON: false)
        let fetchedAt = await stalestFetch(service: service, accountNames: accountNames)
        if let account {
            send(.accountTokensLoaded(account: account, tokens: tokens, fetchedAt: fetchedAt))
        } else {
            send(.tokensLoaded(tokens, fetchedAt: fetchedAt))
        }
    }

    private static func stalestFetch(service: TokenService, accountNames: [String]) async -> Date? {
        var oldest: Date?
        var neverFetched = false
        for name in accountNames {
            if let fetched = await service.lastFetched(account: name) {
                oldest = min(oldest ?? fetched, fetched)
            } else {
                neverFetched = true
            }
        }
        return neverFetched ? nil : oldest
    }
}
