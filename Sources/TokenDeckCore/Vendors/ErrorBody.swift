import Foundation

/// Turning any non-2xx answer into one `VendorError`: each vendor supplies how to read its JSON
/// error shape; the fallbacks (non-JSON bodies, empty messages, `Retry-After`) are shared.
enum ErrorBody {
    struct Parts {
        var code: String?
        var message: String?
        var fieldErrors: [String: [String]] = [:]
    }

    static func decode(_ response: HTTPResponseData, vendor: Vendor, extract: (JSONObject) -> Parts) -> VendorError {
        let status = response.status
        let retryAfter = retryAfter(response.headers)
        let reader = BodyReader(vendor: vendor, answer: "error", status: status)

        guard !response.body.isEmpty else {
            return VendorError(vendor: vendor, status: status, message: fallbackMessage(status), retryAfter: retryAfter)
        }
        guard let document = try? JSONDocument(parsing: response.body) else {
            var message = "HTTP \(status) with a non-JSON body"
            if let excerpt = excerpt(of: response.body) { message += ": \(excerpt)" }
            return VendorError(vendor: vendor, status: status, message: message, retryAfter: retryAfter)
        }
        guard document.kind(document.root) == .object else {
            return VendorError(vendor: vendor, status: status, message: fallbackMessage(status), retryAfter: retryAfter)
        }
        var parts = extract(JSONObject(document: document, node: document.root, reader: reader))
        if parts.code?.isEmpty == true { parts.code = nil }
        let message = parts.message.flatMap { $0.isEmpty ? nil : $0 } ?? fallbackMessage(status)
        return VendorError(vendor: vendor, status: status, code: parts.code, message: message,
                           retryAfter: retryAfter, fieldErrors: parts.fieldErrors)
    }

    /// What a person can do about a bare status.
    static func fallbackMessage(_ status: Int) -> String {
        let reason: String = switch status {
        case 400: "Bad Request"
        case 401: "Unauthorized: the credential was refused"
        case 403: "Forbidden: the credential lacks permission"
        case 404: "Not Found: check the base URL"
        case 409: "Conflict"
        case 422: "Unprocessable Content"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        default: "error"
        }
        return "HTTP \(status) \(reason)"
    }

    /// Delta-seconds, or an HTTP-date measured against the answer's own `Date` header (no local clock:
    /// `VendorClient` measures a date without one against its policy's clock).
    static func retryAfter(_ headers: [String: String]) -> Double? {
        RetryAfter.seconds(in: headers, now: nil)
    }

    /// A short, sanitised line from a non-JSON body: an HTML page's `<title>`, else its first text.
    static func excerpt(of body: Data) -> String? {
        let text = String(decoding: body.prefix(4096), as: UTF8.self)
        var candidate = text
        if let open = text.range(of: "<title>", options: .caseInsensitive),
           let close = text.range(of: "</title>", options: .caseInsensitive, range: open.upperBound..<text.endIndex) {
            candidate = String(text[open.upperBound..<close.lowerBound])
        } else if text.contains("<") {
            candidate = text.replacingOccurrences(of: "<[^>]*>", with: " ", options: .regularExpression)
        }
        let words = candidate.split(whereSeparator: { $0.isWhitespace || $0.isNewline })
        let line = Sanitizer.sanitize(words.joined(separator: " "))
        guard !line.isEmpty else { return nil }
        return line.count > 80 ? String(line.prefix(79)) + "…" : line
    }

    /// A string, or the joined strings of an array, as Laravel sends field errors.
    static func messages(_ value: JSONValue) -> [String] {
        switch value {
        case .string(let text): [text]
        case .array(let items): items.compactMap(\.stringValue)
        default: []
        }
    }
}
