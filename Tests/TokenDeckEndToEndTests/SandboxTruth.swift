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
        let process = Process()
        process.executableURL = URL(fileURLWithPath: TmuxSession.binary)
        process.arguments = ["sandbox", "--port", "0", "--tokens", "\(demoTokens)", "--seed", "\(demoSeed)"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer {
            process.terminate()
            process.waitUntilExit()
        }
        // "TokenDeck sandbox listening on http://127.0.0.1:PORT — …"
        var text = ""
        let reader = output.fileHandleForReading
        while !text.contains("\n") {
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        guard let range = text.range(of: #"http://[0-9.]+:[0-9]+"#, options: .regularExpression) else {
            throw EndToEndError(description: "`tokendeck sandbox` did not say where it listens: \(text)")
        }
        let origin = String(text[range])
        var components = URLComponents(string: origin + "/provisionr/api/v1/workspace/tokens")!
        components.queryItems = [
            URLQueryItem(name: "filter[name]", value: kind),
            URLQueryItem(name: "filter[trashed]", value: "only"),
            URLQueryItem(name: "page[size]", value: "1"),
        ]
        var request = URLRequest(url: components.url!)
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
