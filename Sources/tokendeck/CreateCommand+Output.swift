import Foundation
import TokenDeckCore
import TokenDeckSync

/// What `tokendeck create` prints: the new token (and its secret, once), or the vendor's error
/// laid onto the flags it is about. Every vendor string is sanitised for a terminal; JSON escapes.
extension CreateCommand {
    /// The vendor's message, then what it said about each field, named by its flag (`--name: …`),
    /// then error keys that match no flag.
    static func report(_ error: VendorError, account: String) {
        printError("\(account): \(Sanitizer.sanitize(error.description))")
        let placement = CreateErrorPlacement(error)
        for field in TokenDraft.Field.allCases {
            guard let message = placement.fields[field] else { continue }
            FileHandle.standardError.write(Data("  --\(flag(for: field)): \(Sanitizer.sanitize(message))\n".utf8))
        }
        for line in placement.unplaced {
            FileHandle.standardError.write(Data("  \(Sanitizer.sanitize(line))\n".utf8))
        }
    }

    /// `--format json` after a vendor error: `{"account","vendor","error":{status,code,message,fields}}`,
    /// the fields keyed by flag.
    static func renderFailure(_ error: VendorError, account: String) -> String {
        var out = "{\"account\":"
        TokenOutput.appendJSONString(account, to: &out)
        out += ",\"vendor\":\"\(error.vendor.rawValue)\",\"error\":{\"status\":" + (error.status.map(String.init) ?? "null")
        out += ",\"code\":"
        if let code = error.code { TokenOutput.appendJSONString(code, to: &out) } else { out += "null" }
        out += ",\"message\":"
        TokenOutput.appendJSONString(error.message, to: &out)
        out += ",\"fields\":{"
        let placement = CreateErrorPlacement(error)
        let fields = TokenDraft.Field.allCases.compactMap { field in placement.fields[field].map { (flag(for: field), $0) } }
        for (index, (flag, message)) in fields.enumerated() {
            if index > 0 { out += "," }
            TokenOutput.appendJSONString(flag, to: &out)
            out += ":"
            TokenOutput.appendJSONString(message, to: &out)
        }
        return out + "}}}\n"
    }

    /// The new token for people (a table) or scripts (`list --format json`'s object, plus `secret`
    /// only when the vendor sent one).
    static func render(_ created: CreatedToken, format: Format, now: Date) -> String {
        let token = created.token
        switch format {
        case .json:
            var object = TokenOutput.ndjson([token], now: now)
            guard let secret = created.secret, object.hasSuffix("}\n") else { return object }
            object.removeLast(2)
            object += ",\"secret\":"
            TokenOutput.appendJSONString(secret, to: &object)
            return object + "}\n"
        case .table:
            let title = switch token.vendor {
            case .provisionr: "DESCRIPTION"
            case .truefoundry: "NAME"
            case .prefactor, .metokens: "TITLE"
            }
            let table = TextTable(columns: [
                TextTable.Column("ID", minimumWidth: 12, shrinkOrder: 3),
                TextTable.Column("TYPE", minimumWidth: 6, shrinkOrder: 2),
                TextTable.Column(title, minimumWidth: 12, shrinkOrder: 0),
                TextTable.Column("EXPIRES", minimumWidth: 10, shrinkOrder: 1),
            ], rows: [[token.id, token.kind, token.title, token.expiresAt.map(UTCTimestamp.string) ?? "never"]])
            var text = table.render(width: TerminalWidth.current())
            if let secret = created.secret {
                text += "secret (shown only this once; it is not cached): \(Sanitizer.sanitize(secret))\n"
            }
            return text
        }
    }
}
