import CompressNIO
import Foundation
import Hummingbird

/// Compresses answers with gzip (`Content-Encoding: gzip`) for requests whose
/// `Accept-Encoding` takes it; added by `buildApplication` only when
/// `SandboxConfiguration.gzip` is on.
///
/// Only bodies of a known, non-zero length are compressed (every sandbox answer is one
/// buffer); the compressed body gets its own `Content-Length`. Every answer that could have
/// been compressed says `Vary: Accept-Encoding`, compressed or not.
struct GzipMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var response = try await next(request, context)
        guard request.method != .head, response.status != .noContent, response.status != .notModified,
              response.headers[.contentEncoding] == nil else {
            return response
        }
        Self.addVary(to: &response.headers)
        guard let length = response.body.contentLength, length > 0,
              AcceptEncoding(request.headers[values: .acceptEncoding]).accepts("gzip") else {
            return response
        }
        let collector = BodyCollector(capacity: length)
        try await response.body.write(collector)
        var plain = collector.buffer
        let compressed = try plain.compress(with: .gzip())
        response.headers[.contentEncoding] = "gzip"
        // Setting the body sets Content-Length to the compressed size.
        let trailers = collector.trailers
        response.body = trailers.map { trailers in
            ResponseBody(contentLength: compressed.readableBytes) { writer in
                try await writer.write(compressed)
                try await writer.finish(trailers)
            }
        } ?? ResponseBody(byteBuffer: compressed)
        return response
    }

    private static func addVary(to headers: inout HTTPFields) {
        let existing = headers[values: .vary]
        let named = existing.flatMap { $0.split(separator: ",") }
            .map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard !named.contains("accept-encoding"), !named.contains("*") else { return }
        headers[.vary] = (existing + ["Accept-Encoding"]).joined(separator: ", ")
    }
}

/// Gathers what a `ResponseBody` writes, to compress it whole.
private final class BodyCollector: ResponseBodyWriter {
    var buffer: ByteBuffer
    var trailers: HTTPFields?

    init(capacity: Int) {
        buffer = ByteBufferAllocator().buffer(capacity: capacity)
    }

    func write(_ buffer: ByteBuffer) async throws {
        var buffer = buffer
        self.buffer.writeBuffer(&buffer)
    }

    func finish(_ trailingHeaders: HTTPFields?) async throws {
        trailers = trailingHeaders
    }
}

/// An `Accept-Encoding` header (RFC 9110 §12.5.3): codings with optional `q` weights;
/// `q=0` refuses a coding, `*` stands for every coding not named.
struct AcceptEncoding: Sendable, Equatable {
    /// Lower-cased coding (or `*`) → weight, 0…1.
    let weights: [String: Double]

    /// From the header's lines (several lines are one comma-separated list).
    init(_ lines: [String]) {
        var weights: [String: Double] = [:]
        for element in lines.flatMap({ $0.split(separator: ",") }) {
            let parts = element.split(separator: ";")
            guard let first = parts.first else { continue }
            let coding = first.trimmingCharacters(in: .whitespaces).lowercased()
            guard !coding.isEmpty else { continue }
            var weight = 1.0
            for parameter in parts.dropFirst() {
                let pair = parameter.split(separator: "=", maxSplits: 1)
                guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == "q" else { continue }
                // A weight that is not a number in 0…1 makes the element meaningless: refuse it.
                let value = Double(pair[1].trimmingCharacters(in: .whitespaces)) ?? -1
                weight = (0...1).contains(value) ? value : 0
            }
            // Named twice: the higher weight wins.
            weights[coding] = max(weights[coding] ?? 0, weight)
        }
        self.weights = weights
    }

    init(_ header: String) { self.init([header]) }

    /// Whether `coding` is acceptable: named with q > 0, or not named and `*` with q > 0.
    /// `x-gzip` counts as `gzip` (RFC 9110 §8.4.1.3).
    func accepts(_ coding: String) -> Bool {
        let coding = coding.lowercased()
        let aliases = coding == "gzip" ? ["gzip", "x-gzip"] : [coding]
        let named = aliases.compactMap { weights[$0] }
        if !named.isEmpty { return named.contains { $0 > 0 } }
        return (weights["*"] ?? 0) > 0
    }
}
