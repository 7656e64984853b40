import Foundation
import Hummingbird

/// The request context of every sandbox route: Hummingbird's core storage, a way to
/// drop the connection (the `closeConnection` fault) and the fault, if any, that the
/// route itself must act out (a truncated body, an endless paginator).
public struct SandboxRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Closes the connection and returns once it is closed.
    let closeConnection: @Sendable () async -> Void
    var fault: SandboxFault?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        let channel = source.channel
        closeConnection = {
            // Waited for: a close merely requested could still be pending when the handler
            // answers, and on a loaded machine the client then waited for an answer instead.
            let closed = channel.eventLoop.makePromise(of: Void.self)
            channel.close(promise: closed)
            try? await closed.futureResult.get()
        }
    }
}

/// Builds the sandbox's responses from hand-built JSON.
enum Reply {
    static func json(
        _ body: JSONWriter,
        status: Int = 200,
        contentType: String = "application/json",
        context: SandboxRequestContext,
        headers extra: HTTPFields = [:]
    ) -> Response {
        var bytes = body.bytes
        if context.fault == .truncatedBody {
            // A 200 whose JSON stops half way, with a Content-Length that matches what is sent.
            bytes = Array(bytes.prefix(bytes.count / 2))
        }
        var headers = extra
        headers[.contentType] = contentType
        return Response(
            status: .init(code: status, reasonPhrase: reasonPhrase(status)),
            headers: headers,
            body: .init(byteBuffer: ByteBuffer(bytes: bytes))
        )
    }

    static func reasonPhrase(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 201: "Created"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 408: "Request Timeout"
        case 409: "Conflict"
        case 413: "Content Too Large"
        case 422: "Unprocessable Content"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 501: "Not Implemented"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        default: "Status \(status)"
        }
    }
}

/// The scheme and authority the client used, for the absolute URLs Laravel puts in its
/// paginators (it builds them from the request's Host header too).
func requestOrigin(_ request: Request) -> String {
    "http://" + (request.head.authority ?? "localhost")
}
