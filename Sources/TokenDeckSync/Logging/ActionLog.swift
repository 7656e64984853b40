import Foundation
import TokenDeckCore

/// The audit trail of every action TokenDeck sends (`actions.log`): one JSON line per request —
/// time, OS user, account, vendor, action, token id, result and the vendor's message — in a 0600
/// file in a 0700 directory. Actions carry no secret, and the messages are the vendor's error
/// texts with any credential already redacted (`VendorClient`).
public struct ActionLog: Sendable {
    public let path: String
    private let file: LogFile
    private let user: String

    public init(path: String, user: String = ActionLog.currentUser()) {
        self.path = path
        file = LogFile(path: path)
        self.user = user
    }

    /// The name of the OS user running this process.
    public static func currentUser() -> String {
        let name = ProcessInfo.processInfo.userName
        return name.isEmpty ? String(getuid()) : name
    }

    /// One `create` line: the new token's id, or the vendor's error. The secret is never passed in
    /// here as text: only the token (whose raw JSON is not written) and the error.
    public func recordCreate(account: String, vendor: Vendor, outcome: Result<CreatedToken, VendorError>, at time: Date = Date()) {
        var line = lineStart(time: time, account: account, vendor: vendor, action: "create")
        switch outcome {
        case .success(let created):
            if created.token.id.isEmpty { line += "null" } else { TokenOutput.appendJSONString(created.token.id, to: &line) }
            line += ",\"result\":\"created\",\"message\":null"
        case .failure(let error):
            line += "null"
            appendFailure(error, to: &line)
        }
        file.append(line + "}\n")
    }

    public func record(_ action: TokenAction, account: String, vendor: Vendor, id: String,
                       outcome: Result<TokenActionOutcome, VendorError>, at time: Date = Date()) {
        var line = lineStart(time: time, account: account, vendor: vendor, action: action.rawValue)
        TokenOutput.appendJSONString(id, to: &line)
        switch outcome {
        case .success(.deleted): line += ",\"result\":\"deleted\",\"message\":null"
        case .success(.status(let status)): line += ",\"result\":\"\(status.rawValue)\",\"message\":null"
        case .failure(let error):
            appendFailure(error, to: &line)
        }
        file.append(line + "}\n")
    }

    /// `,"result":"error","status":…,"message":…`: the vendor's answer (its text, never a credential).
    private func appendFailure(_ error: VendorError, to line: inout String) {
        line += ",\"result\":\"error\""
        if let status = error.status { line += ",\"status\":\(status)" }
        line += ",\"message\":"; TokenOutput.appendJSONString(error.description, to: &line)
    }

    /// `{"time":…,"user":…,"account":…,"vendor":…,"action":…,"id":` — every line starts so.
    private func lineStart(time: Date, account: String, vendor: Vendor, action: String) -> String {
        var line = "{\"time\":\"\(ISO8601Date.string(from: time))\",\"user\":"
        TokenOutput.appendJSONString(user, to: &line)
        line += ",\"account\":"; TokenOutput.appendJSONString(account, to: &line)
        line += ",\"vendor\":\"\(vendor.rawValue)\",\"action\":\"\(action)\",\"id\":"
        return line
    }
}
