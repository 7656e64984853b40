import Foundation
import Hummingbird

/// Each vendor's documented error body, so that auth failures and injected faults look
/// exactly like the real service's.
enum VendorErrors {
    static func response(
        _ vendor: SandboxVendor,
        status: Int,
        message: String? = nil,
        code: String? = nil,
        request: Request,
        context: SandboxRequestContext,
        headers: HTTPFields = [:]
    ) -> Response {
        var json = JSONWriter(capacity: 256)
        var contentType = "application/json"
        switch vendor {
        case .provisionr:
            // Laravel: {"message": "..."}
            json.raw("{"); json.key("message"); json.string(message ?? laravelMessage(status)); json.raw("}")
        case .prefactor:
            json.raw("{"); json.key("status"); json.string("error")
            json.raw(","); json.key("code"); json.string(code ?? prefactorCode(status))
            json.raw(","); json.key("message"); json.string(message ?? Reply.reasonPhrase(status).lowercased())
            json.raw("}")
        case .metokens:
            // RFC 9457 problem details.
            contentType = "application/problem+json"
            json.raw("{"); json.key("type"); json.string("about:blank")
            json.raw(","); json.key("title"); json.string(Reply.reasonPhrase(status))
            json.raw(","); json.key("status"); json.int(status)
            json.raw(","); json.key("detail"); json.string(message ?? metokensDetail(status))
            json.raw(","); json.key("instance"); json.string(vendorPath(request, vendor))
            json.raw(","); json.key("trace_id"); json.string(UUID().uuidString.lowercased())
            json.raw("}")
        case .truefoundry:
            json.raw("{"); json.key("statusCode"); json.int(status)
            json.raw(","); json.key("message"); json.string(message ?? Reply.reasonPhrase(status))
            json.raw(","); json.key("code"); json.string(code ?? trueFoundryCode(status))
            json.raw("}")
        }
        var context = context
        context.fault = nil  // an error body is never truncated
        var headers = headers
        if status == 401 { headers[.wwwAuthenticate] = "Bearer" }
        return Reply.json(json, status: status, contentType: contentType, context: context, headers: headers)
    }

    /// The request path as the real vendor would see it, without the sandbox's prefix.
    static func vendorPath(_ request: Request, _ vendor: SandboxVendor) -> String {
        let path = request.uri.path
        let prefix = vendor == .provisionr ? "/provisionr" : vendor.pathPrefix
        return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
    }

    private static func laravelMessage(_ status: Int) -> String {
        switch status {
        case 401: "Unauthenticated."
        case 403: "This action is unauthorized."
        case 404: "Not Found"
        case 429: "Too Many Attempts."
        case 500: "Server Error"
        case 503: "Service Unavailable"
        default: Reply.reasonPhrase(status)
        }
    }

    private static func prefactorCode(_ status: Int) -> String {
        switch status {
        case 400, 422: "bad_request"
        case 401: "not_authenticated"
        case 403: "not_permitted"
        case 404: "not_found"
        case 501: "not_implemented"
        case 500: "unexpected"
        default: "unknown"
        }
    }

    private static func metokensDetail(_ status: Int) -> String {
        switch status {
        case 401: "Authentication failed"
        case 429: "Rate limit exceeded; retry later."
        default: Reply.reasonPhrase(status)
        }
    }

    private static func trueFoundryCode(_ status: Int) -> String {
        Reply.reasonPhrase(status).uppercased().replacingOccurrences(of: " ", with: "_")
    }

    /// A 200 whose JSON is valid but not the documented shape.
    static func wrongShape(_ vendor: SandboxVendor, context: SandboxRequestContext) -> Response {
        var json = JSONWriter(capacity: 128)
        switch vendor {
        case .provisionr: json.raw(#"{"current_page":"one","data":{"tokens":"unavailable"},"total":null}"#)
        case .prefactor: json.raw(#"{"status":"success","summaries":{"unexpected":true},"pagination":[]}"#)
        case .metokens: json.raw(#"{"data":"maintenance","links":[],"meta":{"current_page":null}}"#)
        case .truefoundry: json.raw(#"{"items":[],"pagination":{"total":"100","offset":"0"}}"#)
        }
        var context = context
        context.fault = nil
        return Reply.json(json, context: context)
    }
}
