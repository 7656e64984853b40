import TokenDeckCore

/// An account's staging for one sync, begun when its first page arrives rather than before the
/// first request. The once-a-process check of the cache file (`TokenCache.verify`, a read of the
/// whole file: 35–70 ms at 100,000 tokens) then runs while the first pages are on the wire, and
/// the staging waits for it, so nothing is ever written into a damaged file. A walk that finds no
/// token at all begins it at the commit.
actor DeferredStaging {
    private let cache: TokenCache
    private let account: String
    private let verified: Task<Void, Never>
    private var beginning: Task<TokenCache.Staging, any Error>?

    init(cache: TokenCache, account: String, verified: Task<Void, Never>) {
        self.cache = cache
        self.account = account
        self.verified = verified
    }

    /// Adds a page of the account's tokens (beginning the staging on the first).
    func stage(_ tokens: [Token]) async throws {
        try await cache.stage(tokens, in: try await staging())
    }

    /// The staging, begun now if no page came yet.
    func staging() async throws -> TokenCache.Staging {
        let task = beginning ?? Task { [cache, account, verified] in
            await verified.value
            return try await cache.beginStaging(account: account)
        }
        beginning = task
        return try await task.value
    }

    /// Drops what was staged, if anything was begun.
    func discard() async {
        guard let beginning, let staging = try? await beginning.value else { return }
        await cache.discard(staging)
    }
}
