import AsyncHTTPClient
import Foundation
import Hummingbird
@testable import TokenDeckSandbox

/// One HTTP exchange with a running sandbox, through a real client.
struct HTTPResult {
    let status: Int
    let headers: [(String, String)]
    let body: [UInt8]

    func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    /// The body as a JSON object; an empty dictionary when it is not one.
    var object: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:]
    }

    var isValidJSON: Bool {
        (try? JSONSerialization.jsonObject(with: Data(body))) != nil
    }

    var text: String { String(decoding: body, as: UTF8.self) }
}

/// Marks "use the vendor's own token" for `authorization`.
enum Credential {
    case vendorToken
    case none
    case header(String)
}

extension RunningSandbox {
    func get(_ vendor: SandboxVendor, _ pathAndQuery: String, credential: Credential = .vendorToken) async throws -> HTTPResult {
        try await send(vendor, "GET", pathAndQuery, body: nil, credential: credential)
    }

    /// GET an absolute URL the sandbox handed out (a paginator's next link).
    func get(absolute url: String, vendor: SandboxVendor) async throws -> HTTPResult {
        try await execute(url: url, method: "GET", body: nil, authorization: "Bearer \(vendor.bearerToken)", contentType: nil)
    }

    func post(_ vendor: SandboxVendor, _ path: String, json: String, contentType: String = "application/json") async throws -> HTTPResult {
        try await send(vendor, "POST", path, body: json, credential: .vendorToken, contentType: contentType)
    }

    func delete(_ vendor: SandboxVendor, _ path: String) async throws -> HTTPResult {
        try await send(vendor, "DELETE", path, body: nil, credential: .vendorToken)
    }

    private func send(_ vendor: SandboxVendor, _ method: String, _ pathAndQuery: String, body: String?,
                      credential: Credential, contentType: String = "application/json") async throws -> HTTPResult {
        let authorization: String? = switch credential {
        case .vendorToken: "Bearer \(vendor.bearerToken)"
        case .none: nil
        case .header(let value): value
        }
        return try await execute(url: baseURL(for: vendor).absoluteString + pathAndQuery, method: method, body: body,
                                 authorization: authorization, contentType: body == nil ? nil : contentType)
    }

    private func execute(url: String, method: String, body: String?, authorization: String?, contentType: String?) async throws -> HTTPResult {
        var request = HTTPClientRequest(url: url)
        request.method = .init(rawValue: method)
        if let authorization { request.headers.add(name: "Authorization", value: authorization) }
        if let contentType { request.headers.add(name: "Content-Type", value: contentType) }
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        let buffer = try await response.body.collect(upTo: 64 << 20)
        return HTTPResult(status: Int(response.status.code),
                          headers: response.headers.map { ($0.name, $0.value) },
                          body: Array(buffer.readableBytesView))
    }
}

/// Starts a sandbox on port 0 for the duration of `body`.
func withSandbox<T>(
    tokens: Int = 600,
    seed: UInt64 = 42,
    now: Date? = Date(timeIntervalSince1970: 1_750_000_000),
    _ body: (RunningSandbox) async throws -> T
) async throws -> T {
    try await withSandbox(configuration: SandboxConfiguration(port: 0, tokens: tokens, seed: seed, now: now), body)
}

func withSandbox<T>(configuration: SandboxConfiguration, _ body: (RunningSandbox) async throws -> T) async throws -> T {
    let sandbox = try await Sandbox.start(configuration)
    do {
        let result = try await body(sandbox)
        await sandbox.stop()
        return result
    } catch {
        await sandbox.stop()
        throw error
    }
}

/// Walks every page of a vendor's list the way its paginator says to, returning every id seen.
func walk(_ sandbox: RunningSandbox, _ vendor: SandboxVendor, query: String = "", pageSize: Int = 100) async throws -> [String] {
    var ids: [String] = []
    switch vendor {
    case .provisionr:
        var page = try await sandbox.get(.provisionr, "/workspace/tokens?page%5Bsize%5D=\(pageSize)\(query)")
        while true {
            let object = page.object
            ids += (object["data"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            guard let next = object["next_page_url"] as? String else { break }
            page = try await sandbox.get(absolute: next, vendor: .provisionr)
        }
    case .prefactor:
        var offset: Int? = 0
        while let current = offset {
            let object = try await sandbox.get(.prefactor, "/api/v1/api_token?pagination[offset]=\(current)&pagination[page_size]=\(pageSize)\(query)").object
            ids += (object["summaries"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            offset = (object["pagination"] as? [String: Any])?["next_page_offset"] as? Int
        }
    case .metokens:
        var page = try await sandbox.get(.metokens, "/api/v1/me/tokens")
        while true {
            let object = page.object
            ids += (object["data"] as? [[String: Any]] ?? []).compactMap { ($0["id"] as? Int).map(String.init) }
            guard let next = (object["links"] as? [String: Any])?["next"] as? String else { break }
            page = try await sandbox.get(absolute: next, vendor: .metokens)
        }
    case .truefoundry:
        var offset = 0
        while true {
            let object = try await sandbox.get(.truefoundry, "/api/svc/v1/personal-access-tokens?limit=\(pageSize)&offset=\(offset)\(query)").object
            ids += (object["data"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            let total = (object["pagination"] as? [String: Any])?["total"] as? Int ?? 0
            offset += pageSize
            if offset >= total { break }
        }
    }
    return ids
}
