import Foundation
import Hummingbird

/// The door in front of each vendor's routes: adds latency, acts out faults, then
/// checks the bearer token, answering in the vendor's own error shape.
struct VendorGate: RouterMiddleware {
    typealias Context = SandboxRequestContext

    let vendor: SandboxVendor
    let faults: FaultInjector

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let (latency, fault) = await faults.nextFault(for: vendor)
        if latency > 0 { try await Task.sleep(for: .milliseconds(latency)) }
        var context = context
        switch fault {
        case .status(let status):
            return VendorErrors.response(vendor, status: status, request: request, context: context)
        case .rateLimited(let retryAfter):
            var headers = HTTPFields()
            if let retryAfter { headers[.retryAfter] = String(retryAfter) }
            return VendorErrors.response(vendor, status: 429, code: vendor == .prefactor ? "unknown" : nil,
                                         request: request, context: context, headers: headers)
        case .wrongShape:
            return VendorErrors.wrongShape(vendor, context: context)
        case .closeConnection:
            await context.closeConnection()
            // Closed already: nothing written now reaches the client.
            return Response(status: .internalServerError)
        case .slow(let seconds):
            try await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
        case .truncatedBody, .endlessNextPage:
            context.fault = fault
        case nil:
            break
        }
        if let failure = authenticationFailure(request) {
            return VendorErrors.response(vendor, status: 401, message: failure.message, code: failure.code,
                                         request: request, context: context)
        }
        return try await next(request, context)
    }

    /// nil when the request carries this vendor's sandbox token as a bearer token.
    private func authenticationFailure(_ request: Request) -> (message: String?, code: String?)? {
        guard let header = request.headers[.authorization] else {
            return vendor == .prefactor ? ("missing bearer token", "not_authenticated") : (nil, nil)
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        if parts.count == 2, parts[0].lowercased() == "bearer",
           parts[1].trimmingCharacters(in: .whitespaces) == vendor.bearerToken {
            return nil
        }
        return vendor == .prefactor ? ("invalid or expired token", "bad_authtoken") : (nil, nil)
    }
}
