import Foundation
import TokenDeckCore

/// What a `base_url` must be: http(s), a host, no credentials or query; `http://` only to loopback,
/// because a bearer token sent in clear text is a bearer token given away.
enum BaseURLRule {
    struct Problem: Error {
        var message: String
    }

    static func validate(_ raw: String) -> Result<URL, Problem> {
        guard let components = URLComponents(string: raw), let scheme = components.scheme?.lowercased() else {
            return .failure(Problem(message: "is not a URL (expected https://host/path)"))
        }
        // Checked before anything echoes the URL: userinfo would be a credential in the message.
        if components.user != nil || components.password != nil {
            return .failure(Problem(message: "must not contain a user name or password; give the credential through token_env or token_command"))
        }
        if components.query != nil || components.fragment != nil {
            return .failure(Problem(message: "must not have a query or fragment"))
        }
        let shown = "\"\(Sanitizer.sanitizeForMessage(raw))\""
        guard scheme == "https" || scheme == "http" else {
            return .failure(Problem(message: "\(shown) must start with https:// (or http:// for a loopback host)"))
        }
        guard let host = components.host, !host.isEmpty else {
            return .failure(Problem(message: "\(shown) has no host"))
        }
        if scheme == "http" && !isLoopback(host) {
            return .failure(Problem(message: "\(shown) uses http:// for a host that is not loopback; use https:// (http:// is allowed only for 127.0.0.0/8, ::1 and localhost)"))
        }
        var normalized = components
        // Adapters append `/workspace/tokens` and the like; a trailing slash would double it.
        while normalized.path.count > 1 && normalized.path.hasSuffix("/") { normalized.path.removeLast() }
        if normalized.path == "/" { normalized.path = "" }
        guard let url = normalized.url else { return .failure(Problem(message: "\(shown) is not a valid URL")) }
        return .success(url)
    }

    static func isLoopback(_ host: String) -> Bool {
        var name = host.lowercased()
        if name.hasPrefix("[") && name.hasSuffix("]") { name = String(name.dropFirst().dropLast()) }
        if name == "localhost" || name == "::1" || name == "0:0:0:0:0:0:0:1" { return true }
        let octets = name.split(separator: ".", omittingEmptySubsequences: false)
        guard octets.count == 4, octets.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && UInt8($0) != nil }) else {
            return false
        }
        return octets[0] == "127"
    }
}

extension Sanitizer {
    /// Vendor or user text made inert and short enough to quote in a one-line message.
    static func sanitizeForMessage(_ text: String, limit: Int = 120) -> String {
        DisplayWidth.truncate(sanitize(text), to: limit)
    }
}
