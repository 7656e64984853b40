import Foundation
import TokenDeckCore

/// What the app shows once a token is created: its id, type, description and expiry, and the
/// secret if the vendor sent one. The secret lives only in this value: once the notice is
/// closed it is gone, and it is redacted from `description` so a debug print cannot leak it.
public struct CreatedTokenNotice: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    public let token: Token
    public let secret: String?
    /// `y` was pressed: the hint says it was copied.
    public internal(set) var copied = false

    public init(_ created: CreatedToken) {
        token = created.token
        secret = created.secret.flatMap { $0.isEmpty ? nil : $0 }
    }

    public enum Outcome: Sendable, Hashable {
        case none
        /// Put this text on the clipboard with OSC 52: the secret if there is one, else the id.
        case copy(String)
        case close
    }

    public mutating func handle(_ key: Key) -> Outcome {
        switch key {
        case .escape, .enter, .char("q"):
            return .close
        case .char("y"), .char("Y"):
            copied = true
            return .copy(secret ?? token.id)
        default:
            return .none
        }
    }

    public var description: String {
        "CreatedTokenNotice(id: \(token.id), secret: \(secret == nil ? "none" : "<redacted>"), copied: \(copied))"
    }

    public var debugDescription: String { description }
}

extension CreatedTokenNotice {
    /// What the vendor calls the text the title comes from.
    static func titleLabel(_ vendor: Vendor) -> String {
        switch vendor {
        case .provisionr: "Description"
        case .truefoundry: "Name"
        case .prefactor, .metokens: "Title"
        }
    }

    public static func render(_ notice: CreatedTokenNotice, into screen: inout Screen, area: Rect) {
        let innerWidth = min(74, max(0, area.width - 4))
        let secretLines = notice.secret.map { OverlayBox.wrap($0, width: innerWidth, maxLines: 6) } ?? []
        let rows: [(String, String)] = [
            ("ID", notice.token.id),
            ("Type", notice.token.kind),
            (titleLabel(notice.token.vendor), notice.token.title),
            ("Expires", notice.token.expiresAt.map(ISO8601Date.string(from:)) ?? "never"),
        ]
        // Border, the rows, a blank, the secret's heading and lines (if any), the hint, border.
        let height = 2 + rows.count + 1 + (secretLines.isEmpty ? 0 : 1 + secretLines.count + 1) + 1
        let box = OverlayBox.centred(width: innerWidth + 4, height: height, in: area)
        OverlayBox.draw(box, title: "Token created · \(notice.token.account)", into: &screen)
        let x = box.x + 2
        let width = max(0, box.width - 4)
        var y = box.y + 1
        let labelWidth = 13
        for (label, value) in rows where y < box.maxY - 1 {
            screen.write(label, x: x, y: y, style: TextStyle(.formLabel), maxWidth: labelWidth)
            screen.write(value, x: x + labelWidth, y: y, style: TextStyle(.text), maxWidth: max(0, width - labelWidth))
            y += 1
        }
        y += 1
        if !secretLines.isEmpty, y < box.maxY - 1 {
            screen.write("Secret — shown only this once, copy it now:", x: x, y: y, style: TextStyle(.warn, bold: true), maxWidth: width)
            y += 1
            for line in secretLines where y < box.maxY - 1 {
                screen.write(line, x: x, y: y, style: TextStyle(.formInput, bold: true), maxWidth: width)
                y += 1
            }
            y += 1
        }
        let hint: String
        if notice.copied {
            hint = notice.secret == nil ? "id copied (OSC 52) · Esc/Enter close" : "secret copied (OSC 52) · Esc/Enter close"
        } else {
            hint = notice.secret == nil ? "press y to copy the id (OSC 52) · Esc/Enter close" : "press y to copy (OSC 52) · Esc/Enter close"
        }
        if y < box.maxY - 1 { screen.write(hint, x: x, y: y, style: TextStyle(.keyHint), maxWidth: width) }
    }
}
