import Foundation

/// What a dashboard should surface about a token's upkeep. Pure date rules on the token's own
/// fields; whether to show them for revoked or trashed tokens is the caller's choice.
public struct HygieneFlags: OptionSet, Sendable, Hashable {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// Expires after now and within 30 days (exactly 30 days counts).
    public static let expiring = HygieneFlags(rawValue: 1 << 0)
    /// Expires at or before now.
    public static let expired = HygieneFlags(rawValue: 1 << 1)
    /// The vendor reports use, and there has been none.
    public static let neverUsed = HygieneFlags(rawValue: 1 << 2)
    /// Last used 45 days ago or more.
    public static let unused45 = HygieneFlags(rawValue: 1 << 3)
    /// Last activity (last use, else creation) 90 days ago or more; only where the vendor reports use.
    public static let stale90 = HygieneFlags(rawValue: 1 << 4)
    /// Never expires.
    public static let noExpiry = HygieneFlags(rawValue: 1 << 5)
    /// Created 365 days ago or more.
    public static let older365 = HygieneFlags(rawValue: 1 << 6)

    /// Every single flag, in display order.
    public static let allFlags: [HygieneFlags] = [.expired, .expiring, .neverUsed, .unused45, .stale90, .noExpiry, .older365]

    /// The short label of a single flag, for display and export.
    public var label: String {
        switch self {
        case .expiring: "expiring"
        case .expired: "expired"
        case .neverUsed: "never used"
        case .unused45: "unused 45d"
        case .stale90: "stale 90d"
        case .noExpiry: "no expiry"
        case .older365: "older 365d"
        default: labels.joined(separator: ", ")
        }
    }

    /// The labels of every flag set, in display order.
    public var labels: [String] {
        Self.allFlags.filter { contains($0) }.map(\.label)
    }
}

extension Token {
    public func hygiene(asOf now: Date) -> HygieneFlags {
        var flags: HygieneFlags = []
        if let expiresAt {
            let remaining = expiresAt.timeIntervalSince(now)
            if remaining <= 0 {
                flags.insert(.expired)
            } else if remaining <= HygieneRules.expiringWindow {
                flags.insert(.expiring)
            }
        } else {
            flags.insert(.noExpiry)
        }
        if let lastUsedAt {
            if now.timeIntervalSince(lastUsedAt) >= HygieneRules.unusedAfter { flags.insert(.unused45) }
        } else if vendor.reportsLastUse, (usageCount ?? 0) == 0 {
            flags.insert(.neverUsed)
        }
        if vendor.reportsLastUse, let lastActivity = lastUsedAt ?? createdAt,
           now.timeIntervalSince(lastActivity) >= HygieneRules.staleAfter {
            flags.insert(.stale90)
        }
        if let createdAt, now.timeIntervalSince(createdAt) >= HygieneRules.oldAfter { flags.insert(.older365) }
        return flags
    }
}
