import Foundation
import Hummingbird

/// Writes one line per request the sandbox answers — `METHOD PATH STATUS` — to a file, so a test
/// driving the real binary can count exactly what reached the "vendor" (one request per
/// confirmed action, none for a cancelled one). Added only with `SandboxConfiguration.requestLog`.
struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    let log: RequestLogFile

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let response = try await next(request, context)
        await log.append("\(request.method.rawValue) \(request.uri.path) \(response.status.code)\n")
        return response
    }
}

/// The log's file, appended to a line at a time, in the order the answers were made.
actor RequestLogFile {
    private let handle: FileHandle?

    init(path: String) {
        if !FileManager.default.fileExists(atPath: path) {
            _ = FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600])
        }
        handle = FileHandle(forWritingAtPath: path)
        _ = try? handle?.seekToEnd()
    }

    func append(_ line: String) {
        try? handle?.write(contentsOf: Data(line.utf8))
    }
}
