import Foundation
import TokenDeckCore
import TokenDeckSync

/// The cache and the command line's offline path: reading every cached token back, and what
/// `tokendeck list --offline --all --format ndjson` does with them.
enum CacheBenchmarks {
    static func run(_ runner: inout BenchmarkRunner, cachePath: String, tokens: [Token]) async throws {
        let cache = try TokenCache(path: cachePath)
        try await runner.measure("cache TokenCache.tokens() all \(tokens.count)") {
            _ = try await cache.tokens()
        }
        try await runner.measure("cache TokenCache.tokens(withRawJSON: false) all \(tokens.count) (the dashboard's load)") {
            _ = try await cache.tokens(withRawJSON: false)
        }
        try await runner.measure("cache open + TokenCache.tokens() (cold actor)", iterations: max(3, runner.iterations / 4)) {
            _ = try await TokenCache(path: cachePath).tokens()
        }
        let now = Fixtures.now
        runner.measure("list TokenFilter.apply \(tokens.count), no filter") {
            _ = TokenFilter.apply(tokens, query: TokenQuery(), now: now)
        }
        runner.measure("list TokenFilter.apply \(tokens.count), text \"vault\"") {
            _ = TokenFilter.apply(tokens, query: TokenQuery(text: "vault"), now: now)
        }
        runner.measure("list TokenOutput.ndjson \(tokens.count)") {
            _ = TokenOutput.ndjson(tokens, now: now)
        }
    }
}
