import Foundation
import TokenDeckCore

/// Decoding one list answer per vendor, as the sync does for every page it fetches.
enum DecodeBenchmarks {
    static func run(_ runner: inout BenchmarkRunner, fixtures: Fixtures, records: Int) async throws {
        guard runner.wants("decode") else { return }
        for (account, cursor, response) in try await fixtures.pageBodies(records: records) {
            let adapter = Adapters.adapter(for: account.vendor)
            let count = try adapter.decodeList(response, account: account, cursor: cursor, trashed: false).tokens.count
            let kilobytes = response.body.count / 1024
            try runner.measure("decode \(account.vendor.rawValue) page (\(count) records, \(kilobytes) KB)") {
                _ = try adapter.decodeList(response, account: account, cursor: cursor, trashed: false)
            }
        }
    }
}
