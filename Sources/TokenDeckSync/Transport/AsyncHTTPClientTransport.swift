import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOHTTPCompression
import NIOPosix
import TokenDeckCore

/// The real transport: AsyncHTTPClient with its own `HTTPClient`. Call `shutdown()` before the process exits.
public final class AsyncHTTPClientTransport: HTTPTransport {
    /// Bodies larger than this are refused rather than held in memory (a 100k-token page set is far below it).
    public static let maxBodyBytes = 64 * 1024 * 1024
    /// A gzip answer that inflates to more than this many times its compressed size is refused as a
    /// decompression bomb; a 500-token JSON page compresses about 15 to 1.
    public static let maxDecompressionRatio = 100

    private let client: HTTPClient

    /// - Parameters:
    ///   - connectTimeout: how long to wait for a TCP/TLS connection.
    ///   - idleReadTimeout: how long a connection may stay silent mid-answer; `send`'s own timeout bounds the whole request.
    public init(connectTimeout: Duration = .seconds(5), idleReadTimeout: Duration = .seconds(30)) {
        var configuration = HTTPClient.Configuration()
        configuration.timeout = .init(connect: Self.timeAmount(connectTimeout), read: Self.timeAmount(idleReadTimeout))
        // A redirect could carry the Authorization header to another host: vendors' APIs do not redirect.
        configuration.redirectConfiguration = .disallow
        configuration.decompression = .enabled(limit: .ratio(Self.maxDecompressionRatio))
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    public func shutdown() async {
        try? await client.shutdown()
    }

    public func send(_ request: HTTPRequestSpec, timeout: Duration) async throws -> HTTPResponseData {
        var outgoing = HTTPClientRequest(url: request.url.absoluteString)
        outgoing.method = switch request.method {
        case .get: .GET
        case .post: .POST
        case .delete: .DELETE
        }
        for header in request.headers {
            outgoing.headers.add(name: header.name, value: header.value)
        }
        // Said explicitly (AsyncHTTPClient would add `deflate, gzip`); the configured decompression inflates the answer.
        if request.header("Accept-Encoding") == nil { outgoing.headers.add(name: "Accept-Encoding", value: "gzip") }
        if let body = request.body {
            outgoing.body = .bytes(ByteBuffer(bytes: body))
        }
        let deadline = ContinuousClock.now + timeout
        do {
            let response = try await client.execute(outgoing, timeout: Self.timeAmount(timeout))
            var headers: [String: String] = [:]
            for (name, value) in response.headers {
                let key = name.lowercased()
                headers[key] = headers[key].map { "\($0), \(value)" } ?? value
            }
            let buffer = try await Self.collect(response.body, before: deadline)
            return HTTPResponseData(status: Int(response.status.code), headers: headers, body: Data(buffer.readableBytesView))
        } catch {
            if Task.isCancelled || error is CancellationError { throw CancellationError() }
            if let clientError = error as? HTTPClientError, clientError == .cancelled { throw CancellationError() }
            throw TransportError(message: request.redacting(Self.describe(error, request: request, timeout: timeout)),
                                 isRetryable: !Self.isConnectionFailure(error) && !(error is NIOHTTPDecompression.DecompressionError))
        }
    }

    /// The whole body, or `BodyStalled` at `deadline`. AsyncHTTPClient's deadline stops counting once
    /// the head has arrived, and its idle read timeout is reset by every byte a trickling server sends:
    /// without this race a body could take for ever.
    static func collect(_ body: HTTPClientResponse.Body, before deadline: ContinuousClock.Instant) async throws -> ByteBuffer {
        try await withThrowingTaskGroup(of: ByteBuffer?.self) { group in
            group.addTask { try await body.collect(upTo: maxBodyBytes) }
            group.addTask {
                try await Task.sleep(until: deadline, clock: .continuous)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let buffer = first else { throw BodyStalled() }
            return buffer
        }
    }

    /// The head arrived, the rest of the body did not before the request's deadline.
    struct BodyStalled: Error {}

    /// A line a person can act on: what failed, and where.
    static func describe(_ error: any Error, request: HTTPRequestSpec, timeout: Duration) -> String {
        let target = request.hostAndPort
        if error is BodyStalled {
            return "\(target) sent the headers, then the body stalled: no complete answer within \(timeout)"
        }
        if let decompression = error as? NIOHTTPDecompression.DecompressionError {
            switch decompression {
            case .limit:
                return "answer from \(target) inflates to over \(maxDecompressionRatio) times its gzip size: refused as a decompression bomb"
            case .inflationError, .initializationError:
                return "answer from \(target) says it is compressed but is not valid gzip or deflate"
            }
        }
        if error is NIOHTTPDecompression.ExtraDecompressionError {
            return "answer from \(target) has a damaged gzip or deflate body"
        }
        if let clientError = error as? HTTPClientError {
            switch clientError {
            case .connectTimeout: return "connection to \(target) timed out"
            case .readTimeout: return "\(target) stopped answering (read timeout)"
            case .deadlineExceeded: return "no complete answer from \(target) within \(timeout)"
            case .remoteConnectionClosed: return "\(target) closed the connection before answering"
            case .tlsHandshakeTimeout: return "TLS handshake with \(target) timed out"
            case .invalidURL, .emptyHost, .emptyScheme: return "invalid URL for \(target)"
            case .bodyLengthMismatch: return "\(target) sent a truncated answer"
            default: return "HTTP client error talking to \(target): \(clientError)"
            }
        }
        if let connection = error as? NIOConnectionError {
            let reasons = connection.connectionErrors.map { describeIO($0.error) }
            if let reason = reasons.first { return "\(reason) to \(target)" }
            if connection.dnsAError != nil || connection.dnsAAAAError != nil { return "cannot resolve host of \(target)" }
            return "cannot connect to \(target)"
        }
        if let io = error as? IOError {
            return isConnectionFailure(io) ? "\(describeIO(io)) to \(target)" : "\(describeIO(io)) talking to \(target)"
        }
        if error is NIOCore.ChannelError { return "connection to \(target) failed: \(error)" }
        if let tooBig = error as? NIOTooManyBytesError {
            _ = tooBig
            return "answer from \(target) is larger than \(maxBodyBytes / 1_048_576) MiB"
        }
        return "request to \(target) failed: \(error)"
    }

    /// Failures to connect at all, which AsyncHTTPClient has already retried until the connect timeout.
    static func isConnectionFailure(_ error: any Error) -> Bool {
        if error is NIOConnectionError { return true }
        if let clientError = error as? HTTPClientError { return clientError == .connectTimeout }
        if let io = error as? IOError { return [ECONNREFUSED, EHOSTUNREACH, ENETUNREACH].contains(io.errnoCode) }
        return false
    }

    private static func describeIO(_ error: any Error) -> String {
        guard let io = error as? IOError else { return "\(error)" }
        switch io.errnoCode {
        case ECONNREFUSED: return "connection refused"
        case ECONNRESET: return "connection reset"
        case ETIMEDOUT: return "connection timed out"
        case EHOSTUNREACH, ENETUNREACH: return "host unreachable"
        default: return "I/O error (\(String(cString: strerror(io.errnoCode))))"
        }
    }

    static func timeAmount(_ duration: Duration) -> TimeAmount {
        let (seconds, attoseconds) = duration.components
        return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
