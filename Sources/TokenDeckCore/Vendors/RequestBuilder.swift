import Foundation

/// URL and header construction shared by the four adapters, so every vendor encodes the same way.
enum RequestBuilder {
    /// `path` is appended under the base URL's own path (`…/provisionr/api/v1` + `/workspace/tokens`),
    /// whether or not the base ends in `/`. Query items keep the given order and are percent-encoded,
    /// brackets included (`page%5Bsize%5D=500`).
    static func url(base: URL, path: String, query: [(name: String, value: String)]) -> URL {
        let encodedQuery = query.map { percentEncode($0.name) + "=" + percentEncode($0.value) }.joined(separator: "&")
        guard var components = URLComponents(url: base, resolvingAgainstBaseURL: true) else {
            return fallbackURL(base: base, path: path, query: encodedQuery)
        }
        var basePath = components.percentEncodedPath
        while basePath.hasSuffix("/") { basePath.removeLast() }
        components.percentEncodedPath = basePath + path
        if !encodedQuery.isEmpty {
            if let existing = components.percentEncodedQuery, !existing.isEmpty {
                components.percentEncodedQuery = existing + "&" + encodedQuery
            } else {
                components.percentEncodedQuery = encodedQuery
            }
        }
        return components.url ?? fallbackURL(base: base, path: path, query: encodedQuery)
    }

    private static func fallbackURL(base: URL, path: String, query: String) -> URL {
        var text = base.absoluteString
        while text.hasSuffix("/") { text.removeLast() }
        text += path
        if !query.isEmpty { text += "?" + query }
        return URL(string: text) ?? base
    }

    /// RFC 3986 unreserved characters stay; everything else, `/` and brackets included, is encoded.
    static func percentEncode(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case 0x41...0x5A, 0x61...0x7A, 0x30...0x39, 0x2D, 0x2E, 0x5F, 0x7E:
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += "%" + hexDigits[Int(byte >> 4)] + hexDigits[Int(byte & 0x0F)]
            }
        }
        return out
    }

    private static let hexDigits = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "A", "B", "C", "D", "E", "F"]

    /// `Authorization` and `Accept`. The credential is trimmed: `token_command` output ends in a newline,
    /// and a newline inside a header would split it.
    static func headers(credential: String) -> [HTTPRequestSpec.Header] {
        let secret = credential.trimmingCharacters(in: .whitespacesAndNewlines)
        return [
            HTTPRequestSpec.Header("Authorization", "Bearer \(secret)"),
            HTTPRequestSpec.Header("Accept", "application/json"),
        ]
    }

    /// `headers(credential:)` and `Content-Type: application/json`, for a request with a JSON body.
    static func jsonHeaders(credential: String) -> [HTTPRequestSpec.Header] {
        headers(credential: credential) + [HTTPRequestSpec.Header("Content-Type", "application/json")]
    }

    /// The cursor as a 1-based page number, whichever style it was built in.
    static func pageNumber(_ cursor: PageCursor) -> (page: Int, size: Int) {
        switch cursor {
        case .pageNumber(let page, let size): (max(1, page), max(1, size))
        case .offset(let offset, let size): (max(0, offset) / max(1, size) + 1, max(1, size))
        }
    }

    /// The cursor as a 0-based offset, whichever style it was built in.
    static func offset(_ cursor: PageCursor) -> (offset: Int, size: Int) {
        switch cursor {
        case .offset(let offset, let size): (max(0, offset), max(1, size))
        case .pageNumber(let page, let size): ((max(1, page) - 1) * max(1, size), max(1, size))
        }
    }
}
