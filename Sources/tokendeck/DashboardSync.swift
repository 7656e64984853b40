import Foundation
import TokenDeckCore
import TokenDeckSync
import TokenDeckUI

/// The bridge from the dashboard's effects to the sync core: shows what the cache holds at
/// once, then revalidates it in the background, turning each `SyncEvent` into an `Action`.
/// One sync at a time: a refresh cancels the running one and waits for it to stop.
actor DashboardSync {
    typealias Send = @Sendable (Action) -> Void

    private let service: TokenService
    private let accountNames: [String]
    private var running: Task<Void, Never>?

    init(service: TokenService, accountNames: [String]) {
        self.service = service
        self.accountNames = accountNames
    }

    /// Stale-while-revalidate: the cached tokens first, then a sync of everything.
    func start(send: @escaping Send) async {
        await Self.sendCachedTokens(service: service, accountNames: accountNames, send: send)
        restart(trashed: .with, send: send)
    }

    func handle(_ effect: Effect, send: @escaping Send) {
        if case .refresh(let trashed) = effect {
            restart(trashed: trashed, send: send)
        }
    }

    func stop() async {
        running?.cancel()
        await running?.value
        running = nil
    }

    private func restart(trashed: TrashFilter, send: @escaping Send) {
        let previous = running
        previous?.cancel()
        running = Task { [service, accountNames] in
            // Two syncs writing the same accounts at once would race on the cache.
            await previous?.value
            guard !Task.isCancelled else { return }
            send(.syncStarted)
            for await event in await service.sync(accounts: accountNames, trashed: trashed) {
                if Task.isCancelled { return }
                switch event {
                case .progress(let account, let pagesDone, let pagesKnown):
                    send(.syncProgress(account: account, pagesDone: pagesDone, pagesKnown: pagesKnown))
                case .accountFinished:
                    await Self.sendCachedTokens(service: service, accountNames: accountNames, send: send)
                case .accountFailed(let account, let error):
                    send(.syncFailed(account: account, message: error.description))
                case .finished:
                    send(.syncFinished(Date()))
                }
            }
        }
    }

    /// Every account's cached tokens, with the age of the stalest account (nil when one
    /// has never been fetched).
    private static func sendCachedTokens(service: TokenService, accountNames: [String], send: Send) async {
        let tokens = await service.cachedTokens()
        var oldest: Date?
        var neverFetched = false
        for name in accountNames {
            if let fetched = await service.lastFetched(account: name) {
                oldest = min(oldest ?? fetched, fetched)
            } else {
                neverFetched = true
            }
        }
        send(.tokensLoaded(tokens, fetchedAt: neverFetched ? nil : oldest))
    }
}
