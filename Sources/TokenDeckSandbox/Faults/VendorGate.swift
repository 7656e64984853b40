import Foundation
import Hummingbird

/// The door in front of each vendor's routes: adds latency, acts out faults, then
/// checks the bearer token, answering in the vendor's own error shape.
struct VendorGate: RouterMiddleware {
    typealias Context = SandboxRequestContext

    let vendor: SandboxVendor
    let faults: FaultInjector
    /// Handed to first-page hooks.
    let store: SandboxStore

    func handle(
        _ request: Request,
        context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let (latency, fault, watchFirstPage) = await faults.nextFault(for: vendor)
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
        let response = try await next(request, context)
        if watchFirstPage, response.status == .ok, let listing = firstPageListing(request),
           let hook = await faults.takeFirstPageHook(vendor: vendor, listing: listing) {
            // The body is built; the client sees it only after the hook has changed the data.
            await hook(store)
        }
        return response
    }

    /// The listing when `request` asks for the first page of the vendor's list; nil otherwise.
    private func firstPageListing(_ request: Request) -> ListingSelector? {
        guard request.method == .get, request.uri.path == vendor.pathPrefix + vendor.listPath else { return nil }
        let query = QueryString(request.uri.query)
        switch vendor {
        case .provisionr:
            guard QueryNumber.laravelPage(query["page[number]"]) == 1 else { return nil }
            return switch query["filter[trashed]"] {
            case "with": .withTrashed
            case "only": .trashedOnly
            default: .default
            }
        case .metokens:
            return QueryNumber.laravelPage(query["page"]) == 1 ? .default : nil
        case .prefactor:
            return (query["pagination[offset]"].map { Int($0) == 0 } ?? true) ? .default : nil
        case .truefoundry:
            return (query["offset"].map { Int($0) == 0 } ?? true) ? .default : nil
        }
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
