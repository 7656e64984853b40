import Foundation
import TokenDeckCore

/// Sends one request and returns the answer, whatever its status. No retries here: `RetryPolicy` owns those.
///
/// Failing to get an answer at all throws `TransportError` (or a `VendorError` of kind `.transport`);
/// a cancelled task throws `CancellationError`. The service turns either failure into a `VendorError`
/// naming the vendor, because a transport does not know which vendor it is talking to.
public protocol HTTPTransport: Sendable {
    func send(_ request: HTTPRequestSpec, timeout: Duration) async throws -> HTTPResponseData
}

/// No answer: refused, reset, timed out, DNS. The message names the host and port, never a header.
public struct TransportError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    /// False when trying again soon cannot help or was already done: AsyncHTTPClient keeps retrying a
    /// connection that fails (refused, unreachable, DNS) for the whole connect timeout before it gives up.
    public var isRetryable: Bool
    public init(message: String, isRetryable: Bool = true) {
        self.message = message
        self.isRetryable = isRetryable
    }

    public var description: String { message }
}

extension HTTPRequestSpec {
    /// `host:port` for messages: enough to act on, nothing secret.
    var hostAndPort: String {
        let host = url.host ?? "?"
        let port = url.port ?? (url.scheme == "https" ? 443 : 80)
        return "\(host):\(port)"
    }

    /// Removes every header value that could carry a credential from a message built from outside text.
    func redacting(_ text: String) -> String {
        var out = text
        for header in headers where Self.secretHeaderNames.contains(header.name.lowercased()) {
            var secrets = [header.value]
            if let space = header.value.firstIndex(of: " ") {
                secrets.append(String(header.value[header.value.index(after: space)...]))
            }
            for secret in secrets where secret.count >= 4 {
                out = out.replacingOccurrences(of: secret, with: "‹redacted›")
            }
        }
        return out
    }

    private static let secretHeaderNames: Set<String> = ["authorization", "x-api-key", "api-key", "cookie"]
}
