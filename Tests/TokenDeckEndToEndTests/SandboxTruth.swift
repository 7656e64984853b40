import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// What the demo's data really holds, asked of a separate `tokendeck sandbox` with the demo's
/// size and seed, straight over HTTP: the dashboard's numbers are checked against the vendor's
/// own `total`, not against the dashboard's code.
enum SandboxTruth {
    static let demoTokens = 3000
    static let demoSeed = 42

    /// Provisionr's `total` for `filter[name]=kind&filter[trashed]=only`.
    static func provisionrTrashedCount(kind: String) throws -> Int {
        let config = FileManager.default.temporaryDirectory.appendingPathComponent("tokendeck-truth-\(UUID().uuidString).toml").path
        let sandbox = try SeededSandbox(tokens: demoTokens, seed: demoSeed, config: config)
        defer {
            sandbox.stop()
            try? FileManager.default.removeItem(atPath: config)
        }
        let origin = sandbox.origin
        guard var components = URLComponents(string: origin + "/provisionr/api/v1/workspace/tokens") else {
            throw EndToEndError(description: "not a URL: \(origin)")
        }
        components.queryItems = [
            URLQueryItem(name: "filter[name]", value: kind),
            URLQueryItem(name: "filter[trashed]", value: "only"),
            URLQueryItem(name: "page[size]", value: "1"),
        ]
        guard let url = components.url else { throw EndToEndError(description: "not a URL: \(components)") }
        var request = URLRequest(url: url)
        request.setValue("Bearer sandbox-provisionr-token", forHTTPHeaderField: "Authorization")
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        let body = try fetch(request)
        guard let object = try JSONSerialization.jsonObject(with: body) as? [String: Any], let total = object["total"] as? Int else {
            throw EndToEndError(description: "no `total` in the sandbox's answer: \(String(decoding: body, as: UTF8.self))")
        }
        return total
    }

    private static func fetch(_ request: URLRequest) throws -> Data {
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var result: Result<Data, any Error> = .failure(EndToEndError(description: "no answer"))
        URLSession.shared.dataTask(with: request) { data, _, error in
            result = data.map { .success($0) } ?? .failure(error ?? EndToEndError(description: "empty answer"))
            done.signal()
        }.resume()
        guard done.wait(timeout: .now() + 10) == .success else { throw EndToEndError(description: "the sandbox did not answer in 10 s") }
        return try result.get()
    }
}
