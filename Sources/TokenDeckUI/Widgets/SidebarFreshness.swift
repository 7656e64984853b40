import Foundation
import TokenDeckCore

/// The line under each account in the sidebar: whether its sync is failing (`✗ 401`), backing off
/// after a 429 (`⏳ 429 4s`) or under way (`⟳ 3/17 pages`), how long ago it last synced, and the
/// vendor's remaining rate limit where it reports one — the LAST SYNC and RATE LIMIT of
/// `tokendeck accounts`.
enum SidebarFreshness {
    /// 2 when every entry fits on two lines and the sync service has said anything of an account; else 1.
    static func linesPerEntry(_ state: AppState, innerHeight: Int) -> Int {
        guard !state.freshness.isEmpty else { return 1 }
        return (state.accounts.count + 1) * 2 <= innerHeight ? 2 : 1
    }

    /// What to write under `account`, and how; nil when nothing is known.
    static func line(for account: String, in state: AppState) -> (text: String, style: TextStyle)? {
        let freshness = state.freshness[account]
        var parts: [String] = []
        var style = TextStyle(.muted)
        if let freshness, freshness.failed {
            parts.append(freshness.failedStatus.map { "✗ \($0)" } ?? "✗ failed")
            style = TextStyle(.error, bold: true)
        } else if let until = freshness?.backingOffUntil, until > state.now {
            parts.append("⏳ 429 \(Int(until.timeIntervalSince(state.now).rounded(.up)))s")
            style = TextStyle(.warn, bold: true)
        } else if let pages = state.sync.pages[account] {
            parts.append("⟳ " + (pages.known.map { "\(Format.thousands(pages.done))/\(Format.thousands($0)) pages" } ?? "\(Format.thousands(pages.done)) pages"))
            style = TextStyle(.warn)
        }
        if let synced = freshness?.lastSynced {
            parts.append(short(age: Format.age(since: synced, now: state.now)))
        } else if freshness != nil, parts.isEmpty {
            parts.append("never synced")
        }
        if let text = freshness?.rateLimit?.remainingText { parts.append(text) }
        return parts.isEmpty ? nil : (Sanitizer.sanitize(parts.joined(separator: " · ")), style)
    }

    /// "2m ago" → "2m": the sidebar is narrow.
    private static func short(age: String) -> String {
        age.hasSuffix(" ago") ? String(age.dropLast(4)) : age
    }
}
