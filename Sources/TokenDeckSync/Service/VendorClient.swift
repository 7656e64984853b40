import Foundation
import Logging
import TokenDeckCore

/// Sends requests to one vendor through the shared transport and request limit, retrying as the
/// policy says, and turns every failure into a `VendorError` naming that vendor.
/// Throws only `VendorError` or `CancellationError`.
struct VendorClient: Sendable {
    let adapter: any VendorAdapter
    let transport: any HTTPTransport
    let retry: RetryPolicy
    let limiter: RequestLimiter
    /// The configured account's name: every failure's message starts `account NAME: `, and the rate-limit
    /// book files answers under it. Nil: messages name only the vendor, and nothing is recorded.
    var accountName: String? = nil
    /// Where every answer's rate-limit status is recorded (needs `accountName`); nil: nowhere.
    var rateLimits: RateLimitBook? = nil
    /// False where every consumer already puts the account before the message (`list`, the dashboard,
    /// `create` print "NAME: …"): the name is then only filed with rate limits, not written twice.
    var namesAccountInMessages = true

    var vendor: Vendor { adapter.vendor }

    /// Sends `request` (again, for a GET, while the policy allows) until `decode` accepts a 2xx answer.
    /// A non-2xx answer becomes the adapter's error. A 2xx body that is not JSON at all was cut short
    /// on the way (a proxy, a dropped connection) and is retried like a transport error; a well-formed
    /// body of the wrong shape would be wrong again, so it is not, and neither is a page that says it is
    /// something else (a captive portal's HTML).
    func send<T>(_ request: HTTPRequestSpec, decode: (HTTPResponseData) throws(VendorError) -> T) async throws -> T {
        var attempt = 1
        while true {
            try Task.checkCancellation()
            SyncLog.logger.debug("\(request.method.rawValue) \(request.url.absoluteString)", metadata: ["vendor": "\(vendor.rawValue)", "attempt": "\(attempt)"])
            let failure: VendorError
            var retryable: Bool?
            switch try await sendOnce(request) {
            case .failed(let error, let worthRetrying):
                failure = naming(error)
                retryable = worthRetrying
            case .answered(let response) where (200..<300).contains(response.status):
                do {
                    return try decode(response)
                } catch {
                    guard error.kind == .malformedBody else { throw naming(error) }
                    if let notJSON = Self.notJSON(response, vendor: vendor) { throw naming(notJSON) }
                    guard Self.isCutShort(response.body) else { throw naming(error) }
                    failure = naming(error)
                    retryable = true
                }
            case .answered(let response):
                var error = adapter.decodeError(response)
                if error.retryAfter == nil { error.retryAfter = RetryAfter.seconds(in: response.headers, now: retry.now()) }
                failure = naming(error)
            }
            guard let delay = retry.delay(after: failure, attempt: attempt, method: request.method, retryable: retryable) else {
                let failure = noting(longRetryAfterOf: failure)
                SyncLog.logger.warning("\(request.method.rawValue) \(request.url.absoluteString) failed: \(failure.description)", metadata: ["vendor": "\(vendor.rawValue)", "attempt": "\(attempt)"])
                throw failure
            }
            SyncLog.logger.info("retrying \(request.method.rawValue) \(request.url.absoluteString) in \(delay): \(failure.description)", metadata: ["vendor": "\(vendor.rawValue)", "attempt": "\(attempt)"])
            attempt += 1
            if failure.status == 429, let rateLimits, let accountName {
                let seconds = Double(delay.components.seconds) + Double(delay.components.attoseconds) / 1e18
                await rateLimits.backingOff(account: accountName, until: retry.now().addingTimeInterval(seconds))
            }
            try await retry.sleep(delay)
        }
    }

    /// `error` with the account named at the start of its message, once.
    func naming(_ error: VendorError) -> VendorError {
        guard namesAccountInMessages, let accountName, !accountName.isEmpty else { return error }
        let prefix = "account \(accountName): "
        guard !error.message.hasPrefix(prefix) else { return error }
        var named = error
        named.message = prefix + error.message
        return named
    }

    /// `error` saying how long the vendor asked to wait, when that is beyond what the policy sleeps through.
    func noting(longRetryAfterOf error: VendorError) -> VendorError {
        let cap = retry.maxRetryAfter.components.seconds
        guard let asked = error.retryAfter, asked > Double(cap) else { return error }
        var noted = error
        noted.message += " (it asks to wait \(Int(asked.rounded(.up))) s, longer than the \(cap) s this client waits)"
        return noted
    }

    /// Whether a body is not JSON at all (as opposed to JSON of the wrong shape).
    static func isCutShort(_ body: Data) -> Bool {
        body.isEmpty || (try? JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed])) == nil
    }

    /// The error for a 2xx answer that is some other kind of document, not JSON cut short: an HTML page
    /// (declared, or sniffed when there is no `Content-Type`), or a declared non-JSON type whose body does
    /// not even start like JSON. Asking again would fetch the same page. Nil when it may be JSON.
    static func notJSON(_ response: HTTPResponseData, vendor: Vendor) -> VendorError? {
        guard !response.body.isEmpty else { return nil }
        let firstByte = response.body.first { !Set<UInt8>([0x20, 0x09, 0x0A, 0x0D]).contains($0) }
        let startsLikeJSON = firstByte == UInt8(ascii: "{") || firstByte == UInt8(ascii: "[")
        let declared = response.headers["content-type"].map(mediaType).flatMap { $0.isEmpty ? nil : $0 }
        let isHTML: Bool
        if let declared {
            if isJSONMediaType(declared) { return nil }
            isHTML = declared == "text/html" || declared == "application/xhtml+xml"
            guard isHTML || !startsLikeJSON else { return nil }
        } else {
            isHTML = firstByte == UInt8(ascii: "<")
            guard isHTML else { return nil }
        }
        let what = isHTML ? "an HTML page" : "a \(declared ?? "non-JSON") document"
        return VendorError(kind: .malformedBody, vendor: vendor, status: response.status,
                           message: "the server answered \(response.status) with \(what), not JSON "
                               + "(\(declared ?? "no Content-Type"), \(response.body.count) bytes) — a proxy or captive portal?")
    }

    /// `text/html; charset=utf-8` → `text/html`, lower-cased, stripped of anything unprintable, and short
    /// enough for a message whatever the server sent.
    static func mediaType(_ contentType: String) -> String {
        let bare = contentType.split(separator: ";", maxSplits: 1).first.map(String.init) ?? ""
        return String(Sanitizer.sanitize(bare.trimmingCharacters(in: .whitespaces).lowercased()).prefix(60))
    }

    static func isJSONMediaType(_ type: String) -> Bool {
        type == "application/json" || type == "text/json" || type.hasSuffix("+json")
    }

    private enum Attempt {
        case answered(HTTPResponseData)
        case failed(VendorError, worthRetrying: Bool)
    }

    /// One attempt: an answer of any status, or a transport failure as a `VendorError`.
    private func sendOnce(_ request: HTTPRequestSpec) async throws -> Attempt {
        do {
            var response = try await limiter.withPermit {
                try await transport.send(request, timeout: retry.requestTimeout)
            }
            if response.rateLimit == nil { response.rateLimit = RateLimitStatus(headers: response.headers, now: retry.now()) }
            if let rateLimits, let accountName {
                if let status = response.rateLimit {
                    await rateLimits.record(account: accountName, status: status)
                } else {
                    await rateLimits.answered(account: accountName)
                }
            }
            return .answered(response)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            try Task.checkCancellation()
            let worthRetrying = (error as? TransportError)?.isRetryable ?? true
            return .failed(transportFailure(error, request: request), worthRetrying: worthRetrying)
        }
    }

    func transportFailure(_ error: any Error, request: HTTPRequestSpec) -> VendorError {
        var failure: VendorError
        switch error {
        case let vendorError as VendorError:
            failure = vendorError
            failure.vendor = vendor
        case let transportError as TransportError:
            failure = VendorError(kind: .transport, vendor: vendor, message: transportError.message)
        default:
            failure = VendorError(kind: .transport, vendor: vendor, message: "request to \(request.hostAndPort) failed: \(error)")
        }
        failure.message = request.redacting(failure.message)
        return failure
    }
}
