import Foundation
import Testing
@testable import TokenDeckSandbox

@Suite("Generated data")
struct GeneratedDataTests {
    private let now = Date(timeIntervalSince1970: 1_750_000_000)

    @Test("The same seed generates the same tokens; another seed different ones")
    func generationIsDeterministic() async throws {
        let a = SandboxStore(configuration: SandboxConfiguration(tokens: 500, seed: 7, now: now))
        let b = SandboxStore(configuration: SandboxConfiguration(tokens: 500, seed: 7, now: now))
        let c = SandboxStore(configuration: SandboxConfiguration(tokens: 500, seed: 8, now: now))
        let idsA = await a.provisionrTokens().map(\.id)
        #expect(idsA == (await b.provisionrTokens().map(\.id)))
        #expect(idsA != (await c.provisionrTokens().map(\.id)))
        #expect(await a.provisionrTokens().map(\.description) == (await b.provisionrTokens().map(\.description)))
    }

    @Test("Tokens split 40/20/20/20 and add up to the total", arguments: [0, 1, 4, 7, 100, 3000, 100_001])
    func splitAddsUp(total: Int) {
        let shares = TokenGenerator.split(total)
        #expect(shares.values.reduce(0, +) == total)
        if total >= 4 { #expect(shares.values.allSatisfy { $0 >= 1 }) }
        if total == 3000 { #expect(shares == [.provisionr: 1200, .prefactor: 600, .metokens: 600, .truefoundry: 600]) }
    }

    @Test("Provisionr data covers every type, the trash, never-used, no-expiry, expiring, expired and very old tokens")
    func provisionrCoverage() async {
        let store = SandboxStore(configuration: SandboxConfiguration(tokens: 3000, now: now))
        let tokens = await store.provisionrTokens()
        let nowSeconds = Int64(now.timeIntervalSince1970)
        #expect(Set(tokens.map(\.type)) == Set(ProvisionrToken.types))
        let trashedShare = Double(tokens.count { $0.isTrashed }) / Double(tokens.count)
        #expect(trashedShare > 0.05 && trashedShare < 0.15)
        #expect(tokens.contains { $0.lastUsedAt == nil })
        #expect(tokens.contains { $0.expiresAt == nil })
        #expect(tokens.contains { ($0.expiresAt ?? 0) > nowSeconds && ($0.expiresAt ?? 0) < nowSeconds + 30 * 86_400 })
        #expect(tokens.contains { ($0.expiresAt ?? .max) < nowSeconds })
        #expect(tokens.contains { $0.createdAt < nowSeconds - 3 * 365 * 86_400 })
        #expect(tokens.allSatisfy { $0.createdAt < nowSeconds && ($0.lastUsedAt ?? $0.createdAt) >= $0.createdAt })
        #expect(Set(tokens.map(\.id)).count == tokens.count)
    }

    @Test("The first page of every named vendor carries the unicode and hostile names")
    func specialNamesAreOnFirstPage() async throws {
        try await withSandbox(tokens: 1000) { sandbox in
            let provisionr = try await sandbox.get(.provisionr, "/workspace/tokens?page[size]=60&filter[trashed]=with")
                .object["data"] as? [[String: Any]] ?? []
            let descriptions = provisionr.compactMap { $0["description"] as? String }
            #expect(descriptions.contains { $0.contains("\u{1B}[31m") })
            #expect(descriptions.contains { $0.contains("\u{1B}]52;c;") && $0.contains("\u{07}") })
            #expect(descriptions.contains { $0.contains("\u{202E}") })
            #expect(descriptions.contains { $0.contains("日本語") })
            #expect(descriptions.contains { $0.contains("\r") })
            let truefoundry = try await sandbox.get(.truefoundry, "/api/svc/v1/personal-access-tokens?limit=60")
                .object["data"] as? [[String: Any]] ?? []
            #expect(truefoundry.contains { ($0["name"] as? String)?.contains("\u{08}") == true })
            var metokens: [[String: Any]] = []
            for page in 1...3 {
                metokens += try await sandbox.get(.metokens, "/api/v1/me/tokens?page=\(page)").object["data"] as? [[String: Any]] ?? []
            }
            #expect(metokens.contains { ($0["name"] as? String)?.contains("🚀") == true })
            #expect(metokens.contains { ($0["name"] as? String)?.contains("\u{0}") == true })
        }
    }

    @Test("Control characters travel as \\u00XX escapes, never raw bytes")
    func controlCharactersAreEscapedOnTheWire() async throws {
        try await withSandbox(tokens: 1000) { sandbox in
            let raw = try await sandbox.get(.provisionr, "/workspace/tokens?page[size]=60")
            #expect(!raw.body.contains { $0 < 0x20 })
            #expect(raw.text.contains(#"\u001b[31m"#))
        }
    }
}

@Suite("Support code")
struct SupportTests {
    @Test("Timestamps format in each vendor's style")
    func timestampFormats() {
        let seconds: Int64 = 1_710_498_600  // 2024-03-15T10:30:00Z
        #expect(Timestamp.format(seconds, .laravelMicroseconds) == "2024-03-15T10:30:00.000000Z")
        #expect(Timestamp.format(seconds, .zulu) == "2024-03-15T10:30:00Z")
        #expect(Timestamp.format(seconds, .milliseconds).count == "2024-03-15T10:30:00.000Z".count)
        #expect(Timestamp.format(0, .zulu) == "1970-01-01T00:00:00Z")
        #expect(Timestamp.format(951_782_400, .zulu) == "2000-02-29T00:00:00Z")
    }

    @Test("Timestamps parse from the forms clients send", arguments: [
        ("2024-03-15T10:30:00Z", 1_710_498_600), ("2024-03-15T10:30:00.000000Z", 1_710_498_600),
        ("2024-03-15 10:30:00", 1_710_498_600), ("2024-03-15T12:30:00+02:00", 1_710_498_600),
        ("2024-03-15", 1_710_460_800), ("2024-03-15T10:30", 1_710_498_600),
    ] as [(String, Int64)])
    func timestampParsing(text: String, expected: Int64) {
        #expect(Timestamp.parse(text) == expected)
    }

    @Test("Malformed timestamps do not parse", arguments: ["", "soon", "2024-13-01", "2023-02-29", "2024-03-15T25:00:00Z", "2024-03-15Tnoon", "31/12/2030"])
    func timestampRejects(text: String) {
        #expect(Timestamp.parse(text) == nil)
    }

    @Test("The JSON writer escapes quotes, backslashes and control characters and keeps UTF-8")
    func jsonEscaping() throws {
        var json = JSONWriter()
        json.string("a\"b\\c\u{1B}[0m\n\u{7F}日本🚀")
        #expect(String(decoding: json.bytes, as: UTF8.self) == #""a\"b\\c\u001b[0m\u000a\u007f日本🚀""#)
        let decoded = try JSONSerialization.jsonObject(with: Data(json.bytes), options: .fragmentsAllowed) as? String
        #expect(decoded == "a\"b\\c\u{1B}[0m\n\u{7F}日本🚀")
    }

    @Test("Laravel's link window: all pages when few, a slider with dots when many")
    func laravelWindow() {
        #expect(LaravelPaginator(currentPage: 1, perPage: 10, total: 0).window == [.page(1)])
        #expect(LaravelPaginator(currentPage: 2, perPage: 10, total: 50).window == (1...5).map { .page($0) })
        let middle = LaravelPaginator(currentPage: 50, perPage: 1, total: 100).window
        #expect(middle == [.page(1), .page(2), .dots] + (47...53).map { .page($0) } + [.dots, .page(99), .page(100)])
        let start = LaravelPaginator(currentPage: 1, perPage: 1, total: 100).window
        #expect(start == (1...10).map { .page($0) } + [.dots, .page(99), .page(100)])
        let end = LaravelPaginator(currentPage: 100, perPage: 1, total: 100).window
        #expect(end == [.page(1), .page(2), .dots] + (91...100).map { .page($0) })
    }

    @Test("Query strings decode keys and values like PHP")
    func queryDecoding() {
        let query = QueryString("page%5Bsize%5D=10&filter[name]=svc_access&q=a+b%20c&page[size]=20&flag")
        #expect(query["page[size]"] == "20")
        #expect(query["filter[name]"] == "svc_access")
        #expect(query["q"] == "a b c")
        #expect(query["flag"] == "")
        #expect(QueryString.encode([(key: "page[number]", value: "2")]) == "page%5Bnumber%5D=2")
    }
}
