import Foundation
import TokenDeckCore

extension Token {
    /// A token with sensible defaults, for tests that care about a few fields.
    public static func fixture(
        vendor: Vendor = .provisionr, account: String = "acme-prod", id: String = "wstok_1",
        kind: String = "svc_access", title: String = "Vendor X (Prod)",
        vendorStatus: TokenStatus = .active, trashed: Bool = false,
        createdAt: Date? = TestClock.days(-10), lastUsedAt: Date? = TestClock.days(-1),
        expiresAt: Date? = TestClock.days(200), owner: String? = nil, scopes: [String] = [],
        usageCount: Int? = nil
    ) -> Token {
        Token(vendor: vendor, account: account, id: id, kind: kind, title: title,
              vendorStatus: vendorStatus, trashed: trashed, createdAt: createdAt, lastUsedAt: lastUsedAt,
              expiresAt: expiresAt, owner: owner, scopes: scopes, usageCount: usageCount)
    }
}

/// One account per vendor, under the sandbox's URL layout.
public enum TestAccounts {
    public static let baseHost = "http://127.0.0.1:8080"

    public static func account(_ vendor: Vendor, name: String? = nil, accountID: String? = nil) -> Account {
        let path: String = switch vendor {
        case .provisionr: "/provisionr/api/v1"
        case .prefactor: "/prefactor"
        case .metokens: "/metokens"
        case .truefoundry: "/truefoundry"
        }
        // The literal is a valid URL; the fallback keeps this free of force-unwraps.
        let url = URL(string: baseHost + path) ?? URL(fileURLWithPath: "/")
        return Account(name: name ?? "\(vendor.rawValue)-test", vendor: vendor, baseURL: url,
                       service: vendor == .provisionr ? "svc_123" : nil, accountID: accountID)
    }

    /// The sandbox's fixed bearer token for the vendor.
    public static func credential(_ vendor: Vendor) -> String { "sandbox-\(vendor.rawValue)-token" }
}

extension HTTPResponseData {
    /// An answer with a UTF-8 body.
    public static func body(_ text: String, status: Int = 200, headers: [String: String] = [:]) -> HTTPResponseData {
        HTTPResponseData(status: status, headers: headers, body: Data(text.utf8))
    }
}
