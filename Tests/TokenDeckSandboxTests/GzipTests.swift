import AsyncHTTPClient
import Foundation
import Hummingbird
import Testing
@testable import TokenDeckSandbox

/// `SandboxConfiguration.gzip`: compressed answers when asked for and enabled, over real HTTP.
@Suite("gzip answers")
struct GzipTests {
    static let fixedNow = Date(timeIntervalSince1970: 1_750_000_000)

    /// Each vendor's first list page, and a few answers from the error path.
    static let requests: [(vendor: SandboxVendor, path: String, credential: String?)] = [
        (.provisionr, "/workspace/tokens?page%5Bsize%5D=100", "Bearer sandbox-provisionr-token"),
        (.prefactor, "/api/v1/api_token?pagination[page_size]=250", "Bearer sandbox-prefactor-token"),
        (.metokens, "/api/v1/me/tokens", "Bearer sandbox-metokens-token"),
        (.truefoundry, "/api/svc/v1/personal-access-tokens?limit=100", "Bearer sandbox-truefoundry-token"),
        (.prefactor, "/api/v1/api_token", nil),  // 401 in Prefactor's error shape
        (.provisionr, "/workspace/tokens", "Bearer wrong"),  // 401 in Laravel's
    ]

    @Test("Accept-Encoding is parsed with its weights: q=0 refuses, * stands for the unnamed")
    func acceptEncodingParsing() {
        let accepted = ["gzip", "GZIP", "deflate, gzip", "gzip;q=0.5", "br;q=1.0, gzip ; q = 0.1", "*", "x-gzip",
                        "identity, *;q=0.3", "gzip;q=1"]
        let refused = ["", "identity", "deflate, br", "gzip;q=0", "gzip; q=0.000", "*;q=0", "gzip;q=0, *",
                       "gzip;q=bogus", "gzip;q=2", "gzipx", "deflate;q=1, gzip;q=0"]
        for header in accepted { #expect(AcceptEncoding(header).accepts("gzip"), "\(header)") }
        for header in refused { #expect(!AcceptEncoding(header).accepts("gzip"), "\(header)") }
        #expect(AcceptEncoding(["deflate", "gzip;q=0.2"]).accepts("gzip"), "several header lines are one list")
        #expect(!AcceptEncoding(["gzip;q=0", "deflate"]).accepts("gzip"))
    }

    @Test("gzip on and asked for: Content-Encoding gzip, the compressed Content-Length, Vary; it inflates to the plain answer")
    func compressedWhenAskedAndEnabled() async throws {
        let inflating = Self.inflatingClient()
        do {
            try await withSandbox(configuration: .init(port: 0, tokens: 2000, now: Self.fixedNow, gzip: true)) { sandbox in
                for (vendor, path, credential) in Self.requests {
                    let url = sandbox.baseURL(for: vendor).absoluteString + path
                    let plain = try await Self.fetch(url, credential: credential, acceptEncoding: nil)
                    let raw = try await Self.fetch(url, credential: credential, acceptEncoding: "gzip")
                    let inflated = try await Self.fetch(url, credential: credential, acceptEncoding: "gzip", client: inflating)

                    #expect(plain.header("Content-Encoding") == nil, "\(url)")
                    #expect(plain.isValidJSON, "\(url)")
                    #expect(raw.status == plain.status, "\(url)")
                    #expect(raw.header("Content-Encoding") == "gzip", "\(url)")
                    #expect(raw.header("Vary")?.lowercased().contains("accept-encoding") == true, "\(url)")
                    #expect(raw.header("Content-Length") == String(raw.body.count), "\(url)")
                    #expect(raw.header("Content-Type") == plain.header("Content-Type"), "\(url)")
                    #expect(raw.body.starts(with: [0x1f, 0x8b]), "\(url): not a gzip stream")
                    #expect(raw.body != plain.body)
                    #expect(inflated.body == plain.body, "\(url): inflates to something else")
                    if plain.status == 200 {
                        #expect(raw.body.count * 2 < plain.body.count, "\(url): \(raw.body.count) of \(plain.body.count) bytes")
                    }
                }
            }
            try await inflating.shutdown()
        } catch {
            try? await inflating.shutdown()
            throw error
        }
    }

    @Test("gzip on but not asked for (no header, q=0, another coding): the plain answer, with Vary",
          arguments: [nil, "gzip;q=0", "identity", "deflate, *;q=0"] as [String?])
    func plainWhenNotAsked(acceptEncoding: String?) async throws {
        try await withSandbox(configuration: .init(port: 0, tokens: 600, now: Self.fixedNow, gzip: true)) { sandbox in
            for (vendor, path, credential) in Self.requests {
                let url = sandbox.baseURL(for: vendor).absoluteString + path
                let answer = try await Self.fetch(url, credential: credential, acceptEncoding: acceptEncoding)
                #expect(answer.header("Content-Encoding") == nil, "\(url)")
                #expect(answer.isValidJSON, "\(url)")
                #expect(answer.header("Content-Length") == String(answer.body.count), "\(url)")
                #expect(answer.header("Vary")?.lowercased().contains("accept-encoding") == true, "\(url)")
            }
        }
    }

    @Test("gzip off (the default): asked for or not, the answer is plain and says no Vary")
    func plainWhenDisabled() async throws {
        #expect(SandboxConfiguration().gzip == false)
        try await withSandbox(configuration: .init(port: 0, tokens: 600, now: Self.fixedNow)) { sandbox in
            for (vendor, path, credential) in Self.requests {
                let url = sandbox.baseURL(for: vendor).absoluteString + path
                let answer = try await Self.fetch(url, credential: credential, acceptEncoding: "gzip")
                #expect(answer.header("Content-Encoding") == nil, "\(url)")
                #expect(answer.header("Vary") == nil, "\(url)")
                #expect(answer.isValidJSON, "\(url)")
            }
        }
    }

    @Test("A truncated-body fault is compressed too: the gzip is whole, the JSON inside it is cut")
    func truncatedBodyStaysTruncatedInsideGzip() async throws {
        let inflating = Self.inflatingClient()
        do {
            try await withSandbox(configuration: .init(port: 0, tokens: 600, now: Self.fixedNow, gzip: true)) { sandbox in
                await sandbox.faults.force(.truncatedBody, vendor: .metokens)
                let url = sandbox.baseURL(for: .metokens).absoluteString + "/api/v1/me/tokens"
                let answer = try await Self.fetch(url, credential: "Bearer sandbox-metokens-token", acceptEncoding: "gzip",
                                                  client: inflating)
                #expect(answer.status == 200)
                #expect(answer.header("Content-Encoding") == "gzip")
                #expect(!answer.body.isEmpty)
                #expect(!answer.isValidJSON)
            }
            try await inflating.shutdown()
        } catch {
            try? await inflating.shutdown()
            throw error
        }
    }

    /// A client that inflates gzip answers (AsyncHTTPClient's own decoder, not the sandbox's zlib wrapper).
    static func inflatingClient() -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        configuration.decompression = .enabled(limit: .ratio(1000))
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// A client that does not decompress (nor add an `Accept-Encoding` of its own): its bodies are
    /// the bytes on the wire. `HTTPClient.shared` decompresses.
    static let rawClient: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.decompression = .disabled
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    /// A GET with the given `Authorization` and `Accept-Encoding` (none when nil).
    static func fetch(_ url: String, credential: String?, acceptEncoding: String?,
                      client: HTTPClient? = nil) async throws -> HTTPResult {
        let client = client ?? rawClient
        var request = HTTPClientRequest(url: url)
        if let credential { request.headers.add(name: "Authorization", value: credential) }
        if let acceptEncoding { request.headers.add(name: "Accept-Encoding", value: acceptEncoding) }
        let response = try await client.execute(request, timeout: .seconds(60))
        let buffer = try await response.body.collect(upTo: 64 << 20)
        return HTTPResult(status: Int(response.status.code),
                          headers: response.headers.map { ($0.name, $0.value) },
                          body: Array(buffer.readableBytesView))
    }
}
