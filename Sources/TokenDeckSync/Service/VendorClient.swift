import Foundation
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
    /// A non-2xx answer becomes the adapter's error; `decode` may throw `.malformedBody`, retried once.
    func send<T>(_ request: HTTPRequestSpec, decode: (HTTPResponseData) throws(VendorError) -> T) async throws -> T {
        var attempt = 1
        var retriedMalformedBody = false
        while true {
            try Task.checkCancellation()
            let failure: VendorError
            switch try await sendOnce(request) {
            case .failure(let error):
                failure = error
            case .success(let response) where (200..<300).contains(response.status):
                do {
                    return try decode(response)
                } catch {
                    guard error.kind == .malformedBody, !retriedMalformedBody, request.method == .get,
                          attempt < retry.maxAttempts else { throw error }
                    retriedMalformedBody = true
                    attempt += 1
                    try await retry.sleep(retry.backoffDelay(attempt: 1))
                    continue
                }
            case .success(let response):
                failure = adapter.decodeError(response)
            }
            guard let delay = retry.delay(after: failure, attempt: attempt, method: request.method) else { throw failure }
            attempt += 1
            try await retry.sleep(delay)
        }
    }

    /// One attempt: an answer of any status, or a transport failure as a `VendorError`.
    private func sendOnce(_ request: HTTPRequestSpec) async throws -> Result<HTTPResponseData, VendorError> {
        do {
            let response = try await limiter.withPermit {
                try await transport.send(request, timeout: retry.requestTimeout)
            }
            return .success(response)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            try Task.checkCancellation()
            return .failure(transportFailure(error, request: request))
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
