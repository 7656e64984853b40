import Foundation

/// Everything that can go wrong talking to a vendor, as one value with a message a person can act on.
/// Never carries the credential.
public struct VendorError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        /// The vendor answered with an error status.
        case http
        /// The vendor answered 2xx but the body was not what its spec says.
        case malformedBody
        /// No answer: refused, reset, timed out, DNS.
        case transport
        /// Paging did not terminate within a sane bound.
        case endlessPaging
    }

    public var kind: Kind
    public var vendor: Vendor
    /// HTTP status when the vendor answered; nil for transport errors.
    public var status: Int?
    /// The vendor's own error code (`bad_authtoken`, `about:blank`, …) when it gave one.
    public var code: String?
    public var message: String
    /// Seconds from `Retry-After`, when the vendor sent it.
    public var retryAfter: Double?
    /// Field → messages, for a 422.
    public var fieldErrors: [String: [String]]

    public init(
        kind: Kind = .http, vendor: Vendor, status: Int? = nil, code: String? = nil, message: String,
        retryAfter: Double? = nil, fieldErrors: [String: [String]] = [:]
    ) {
        self.kind = kind
        self.vendor = vendor
        self.status = status
        self.code = code
        self.message = message
        self.retryAfter = retryAfter
        self.fieldErrors = fieldErrors
    }

    /// Whether a GET that failed this way is worth retrying.
    public var isRetryable: Bool {
        switch kind {
        case .transport: true
        case .http: status == 429 || (status ?? 0) >= 500
        case .malformedBody, .endlessPaging: false
        }
    }

    public var description: String {
        var text = "\(vendor.rawValue)"
        if let status { text += " HTTP \(status)" }
        if let code, !code.isEmpty { text += " (\(code))" }
        text += ": \(message)"
        return text
    }
}
