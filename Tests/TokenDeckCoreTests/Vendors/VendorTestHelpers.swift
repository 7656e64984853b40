import Foundation
import TestSupport
@testable import TokenDeckCore

/// Decodes a list body with the vendor's adapter, first page, not trashed.
func decodeList(_ vendor: Vendor, _ body: String, status: Int = 200, cursor: PageCursor? = nil, trashed: Bool = false,
                headers: [String: String] = [:]) throws(VendorError) -> TokenPage {
    let adapter = Adapters.adapter(for: vendor)
    return try adapter.decodeList(.body(body, status: status, headers: headers), account: TestAccounts.account(vendor),
                                  cursor: cursor ?? adapter.firstPage(size: 100), trashed: trashed)
}

/// The error a list body produces, or nil when it decodes.
func listError(_ vendor: Vendor, _ body: String, status: Int = 200, headers: [String: String] = [:]) -> VendorError? {
    do {
        _ = try decodeList(vendor, body, status: status, headers: headers)
        return nil
    } catch {
        return error
    }
}

func date(_ text: String) -> Date? { ISO8601Date.date(from: text) }
