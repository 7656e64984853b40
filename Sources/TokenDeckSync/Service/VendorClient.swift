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

    var vendor: Vendor { adapter.vendor }

    /// Sends `request` (again, for a GET, while the policy allows) until `decode` accepts a 2xx answer.
    /// A non-2xx answer becomes the adapter's error. A 2xx body that is not JSON at all was cut short
    /// on the way (a proxy, a dropped connection) and is retried like a transport error; a well-formed
    /// body of the wrong shape would be wrong again, so it is not.
    func send<T>(_ request: HTTPRequestSpec, decode: (HTTPResponseData) throws(VendorError) -> T) async throws -> T {
        var attempt = 1
        while true {
            try Task.checkCancellation()
            SyncLog.logger.debug("\(request.method.rawValue) \(request.url.absoluteString)", metadata: ["vendor": "\(vendor.rawValue)", "attempt": "\(attempt)"])
            let failure: VendorError
            var retryable: Bool?
            switch try await sendOnce(request) {
            case .failed(let error, let worthRetrying):
                failure = error
                retryable = worthRetrying
            case .answered(let response) where (200..<300).contains(response.status):
                do {
                    return try decode(response)
                } catch {
                    guard error.kind == .malformedBody, Self.isCutShort(response.body) else { throw error }
                    failure = error
                    retryable = true
                }
            case .answered(let response):
                failure = adapter.decodeError(response)
            }
            guard let delay = retry.delay(after: failure, attempt: attempt, method: request.method, retryable: retryable) else {
                SyncLog.logger.warning("\(request.method.rawValue) \(request.url.absoluteString) failed: \(failure.description)", metadata: ["vendor": "\(vendor.rawValue)", "attempt": "\(attempt)"])
                throw failure
            }
            SyncLog.logger.info("retrying \(request.method.rawValue) \(request.url.absoluteString) in \(delay): \(failure.description)", metadata: ["vendor": "\(vendor.rawValue)", "attempt": "\(attempt)"])
            attempt += 1
            try await retry.sleep(delay)
        }
    }

    /// Whether a body is not JSON at all (as opposed to JSON of the wrong shape).
    static func isCutShort(_ body: Data) -> Bool {
        body.isEmpty || (try? JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed])) == nil
    }

    private enum Attempt {
        case answered(HTTPResponseData)
        case failed(VendorError, worthRetrying: Bool)
    }

    /// One attempt: an answer of any status, or a transport failure as a `VendorError`.
    private func sendOnce(_ request: HTTPRequestSpec) async throws -> Attempt {
        do {
            let response = try await limiter.withPermit {
                try await transport.send(request, timeout: retry.requestTimeout)
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
