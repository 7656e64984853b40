import Foundation

/// A create request's failure laid onto the fields that caused it, as the vendor named them:
/// Provisionr's 422 `errors.{field}`, TrueFoundry's 400 `details.{field}` and its 409 (the name
/// is taken), Prefactor's 400 whose message names `details.{field}`. What names no field stays a
/// message for the whole request. The form and `tokendeck create` both read it.
public struct CreateErrorPlacement: Sendable, Hashable {
    /// Field → the vendor's messages about it, joined.
    public var fields: [TokenDraft.Field: String]
    /// `key: message` for error keys that match no field of this vendor's create.
    public var unplaced: [String]

    public init(_ error: VendorError) {
        var fields: [TokenDraft.Field: String] = [:]
        var unplaced: [String] = []
        for (key, messages) in error.fieldErrors.sorted(by: { $0.key < $1.key }) {
            let message = messages.joined(separator: " ")
            if let field = Self.field(named: key, vendor: error.vendor) {
                fields[field] = fields[field].map { $0 + " " + message } ?? message
            } else {
                unplaced.append("\(key): \(message)")
            }
        }
        if fields.isEmpty, error.kind == .http {
            if error.vendor == .truefoundry, error.status == 409 {
                fields[.name] = error.message
            } else if error.status == 400 || error.status == 422, let field = Self.field(namedIn: error.message, vendor: error.vendor) {
                fields[field] = error.message
            }
        }
        self.fields = fields
        self.unplaced = unplaced
    }

    /// The field a vendor's error key names (`expires_at` → expires, `details.environment_id` → environment ID).
    public static func field(named key: String, vendor: Vendor) -> TokenDraft.Field? {
        var key = key
        if key.hasPrefix("details.") { key.removeFirst("details.".count) }
        switch vendor {
        case .provisionr:
            switch key {
            case "name": return .name
            case "description": return .description
            case "expires_at", "expires": return .expires
            case "service", "service_id": return .service
            default: return nil
            }
        case .prefactor:
            switch key {
            case "token_scope": return .scope
            case "account_id": return .accountID
            case "environment_id": return .environmentID
            case "expires_at": return .expires
            default: return nil
            }
        case .truefoundry:
            switch key {
            case "name": return .name
            case "expirationDate", "expiration_date": return .expires
            default: return nil
            }
        case .metokens:
            return nil
        }
    }

    /// A 400 whose message begins with the key it is about (`details.environment_id is required…`,
    /// `name must be a non-empty string`): the field that key names.
    static func field(namedIn message: String, vendor: Vendor) -> TokenDraft.Field? {
        guard let first = message.split(separator: " ", maxSplits: 1).first else { return nil }
        return field(named: first.trimmingCharacters(in: CharacterSet(charactersIn: ":,.")), vendor: vendor)
    }
}
