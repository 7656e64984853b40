import Foundation
import TokenDeckCore
import TokenDeckSandbox
import TokenDeckSync

/// The data every benchmark reads, made once per run from an in-process sandbox: one vendor
/// page body per vendor, and a cache file filled by a real sync of every account.
struct Fixtures {
    /// The sandbox's clock, fixed so every run generates the same tokens.
    static let now = Date(timeIntervalSince1970: 1_760_000_000)

    let sandbox: RunningSandbox
    let accounts: [ConfiguredAccount]
    let directory: URL

    static func start(tokens: Int) async throws -> Fixtures {
        let sandbox = try await Sandbox.start(SandboxConfiguration(tokens: tokens, seed: 42, now: now))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tokendeck-bench-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return Fixtures(sandbox: sandbox, accounts: sandboxAccounts(sandbox), directory: directory)
    }

    /// The accounts `tokendeck sandbox --write-config` writes: one per vendor, two for Prefactor.
    static func sandboxAccounts(_ sandbox: RunningSandbox) -> [ConfiguredAccount] {
        func account(_ name: String, _ vendor: SandboxVendor, accountID: String? = nil) -> ConfiguredAccount {
            ConfiguredAccount(
                account: Account(name: name, vendor: Vendor(rawValue: vendor.rawValue) ?? .provisionr,
                                 baseURL: sandbox.baseURL(for: vendor), accountID: accountID),
                credential: .literal(vendor.bearerToken))
        }
        return [
            account("sandbox-provisionr", .provisionr),
            account("sandbox-prefactor", .prefactor),
            account("sandbox-prefactor-ops", .prefactor, accountID: sandbox.store.prefactorAccountIDs[1]),
            account("sandbox-metokens", .metokens),
            account("sandbox-truefoundry", .truefoundry),
        ]
    }

    func stop() async {
        await sandbox.stop()
        try? FileManager.default.removeItem(at: directory)
    }

    // MARK: - Page bodies

    /// One list answer per vendor holding `records` records: the vendor's own pages as served,
    /// spliced into one body where the vendor serves fewer per page (metokens serves 20).
    func pageBodies(records: Int) async throws -> [(account: Account, cursor: PageCursor, response: HTTPResponseData)] {
        let transport = AsyncHTTPClientTransport()
        defer { Task { await transport.shutdown() } }
        var bodies: [(Account, PageCursor, HTTPResponseData)] = []
        for vendor in Vendor.allCases {
            guard let configured = accounts.first(where: { $0.account.vendor == vendor }),
                  case .literal(let credential) = configured.credential else { continue }
            let adapter = Adapters.adapter(for: vendor)
            let query = adapter.serverQuery(for: TokenQuery(trashed: .with))
            var cursor: PageCursor? = adapter.firstPage(size: records)
            let first = cursor!
            var pages: [[UInt8]] = []
            var collected = 0
            while let current = cursor, collected < records {
                let request = adapter.listRequest(account: configured.account, query: query, cursor: current, credential: credential)
                let response = try await transport.send(request, timeout: .seconds(30))
                let page = try adapter.decodeList(response, account: configured.account, cursor: current, trashed: false)
                pages.append(Array(response.body))
                collected += page.tokens.count
                cursor = page.next
            }
            let body = try PageSplicer.splice(pages, arrayKey: vendor == .prefactor ? "summaries" : "data")
            bodies.append((configured.account, first, HTTPResponseData(status: 200, headers: ["content-type": "application/json"], body: Data(body))))
        }
        return bodies
    }

    // MARK: - A full cache

    /// A cache file holding every sandbox token, written by a real sync (`TokenService.sync`).
    /// Returns its path and how long the sync took.
    func syncedCache(name: String = "cache.sqlite") async throws -> (path: String, seconds: Duration) {
        let path = directory.appendingPathComponent(name).path
        let cache = try TokenCache(path: path)
        let transport = AsyncHTTPClientTransport()
        let service = TokenService(accounts: accounts, cache: cache, transport: transport)
        let clock = ContinuousClock()
        let start = clock.now
        var failures: [String] = []
        for await event in await service.sync(accounts: nil) {
            if case .accountFailed(let account, let error) = event { failures.append("\(account): \(error)") }
        }
        let elapsed = clock.now - start
        await transport.shutdown()
        guard failures.isEmpty else { throw FixtureError(message: "sync failed: " + failures.joined(separator: "; ")) }
        return (path, elapsed)
    }
}

struct FixtureError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// Joins the record arrays of several list answers into the first answer's envelope, so a vendor
/// that serves small pages can still be measured decoding a large one.
enum PageSplicer {
    static func splice(_ pages: [[UInt8]], arrayKey: String) throws -> [UInt8] {
        guard let first = pages.first else { throw FixtureError(message: "no pages to splice") }
        if pages.count == 1 { return first }
        let firstRange = try arrayContents(first, key: arrayKey)
        var body = Array(first[..<firstRange.lowerBound])
        var wroteAny = false
        for page in pages {
            let range = try arrayContents(page, key: arrayKey)
            guard !range.isEmpty else { continue }
            if wroteAny { body.append(UInt8(ascii: ",")) }
            body += page[range]
            wroteAny = true
        }
        body += first[firstRange.upperBound...]
        return body
    }

    /// The bytes between the brackets of the first `"key":[ … ]` in `body`, strings skipped.
    static func arrayContents(_ body: [UInt8], key: String) throws -> Range<Int> {
        let marker = Array("\"\(key)\":[".utf8)
        guard let start = firstIndex(of: marker, in: body) else {
            throw FixtureError(message: "no \"\(key)\" array in a page body")
        }
        let open = start + marker.count
        var depth = 1, index = open, inString = false
        while index < body.count {
            let byte = body[index]
            if inString {
                if byte == UInt8(ascii: "\\") { index += 1 } else if byte == UInt8(ascii: "\"") { inString = false }
            } else if byte == UInt8(ascii: "\"") {
                inString = true
            } else if byte == UInt8(ascii: "[") || byte == UInt8(ascii: "{") {
                depth += 1
            } else if byte == UInt8(ascii: "]") || byte == UInt8(ascii: "}") {
                depth -= 1
                if depth == 0 { return open..<index }
            }
            index += 1
        }
        throw FixtureError(message: "the \"\(key)\" array never closes")
    }

    private static func firstIndex(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if haystack[start..<(start + needle.count)].elementsEqual(needle) { return start }
        }
        return nil
    }
}
