import Foundation

/// A request built by an adapter: pure data, sent by whichever transport the caller has.
public struct HTTPRequestSpec: Sendable, Hashable {
    public enum Method: String, Sendable, Hashable { case get = "GET", post = "POST", delete = "DELETE" }
    public var method: Method
    public var url: URL
    /// In order; `Authorization: Bearer …` among them. Never log these.
    public var headers: [Header]
    public var body: Data?

    public struct Header: Sendable, Hashable {
        public var name: String
        public var value: String
        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    public init(method: Method, url: URL, headers: [Header], body: Data? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }

    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}

/// A vendor's answer as the adapters need it: status, headers (lower-cased names) and body.
public struct HTTPResponseData: Sendable, Hashable {
    public var status: Int
    public var headers: [String: String]
    public var body: Data
    /// The answer's rate-limit headers as read (by `VendorClient`, when the transport did not); nil: none.
    public var rateLimit: RateLimitStatus?
    public init(status: Int, headers: [String: String] = [:], body: Data, rateLimit: RateLimitStatus? = nil) {
        self.status = status
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { $1 })
        self.body = body
        self.rateLimit = rateLimit
    }
}
