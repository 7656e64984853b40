import Foundation
import TokenDeckCore

/// The token table's columns, what each shows, and how they are fitted to a width.
enum TableColumn: CaseIterable, Sendable, Hashable {
    case id, flags, type, title, status, owner, created, lastUsed, expires

    static let gap = 2
    /// Dropped first to last when the table is too narrow; ID and TITLE always stay.
    static let dropOrder: [TableColumn] = [.created, .owner, .lastUsed, .flags, .status, .type, .expires]
    static let minimumTitleWidth = 10
    static let preferredTitleWidth = 20

    var header: String {
        switch self {
        case .id: "ID"
        // Hygiene: the glyphs the help overlay explains under "HYG column".
        case .flags: "HYG"
        case .type: "TYPE"
        case .title: "TITLE"
        case .status: "STATUS"
        case .owner: "OWNER"
        case .created: "CREATED"
        case .lastUsed: "LAST USED"
        case .expires: "EXPIRES"
        }
    }

    var sortField: SortField? {
        switch self {
        case .id: .id
        case .flags, .owner: nil
        case .type: .kind
        case .title: .title
        case .status: .status
        case .created: .created
        case .lastUsed: .lastUsed
        case .expires: .expires
        }
    }

    /// Widest a column grows to fit its longest value; the title takes whatever is left.
    private var cap: Int {
        switch self {
        case .id: 26
        case .type, .owner: 18
        case .flags: 3
        default: 12
        }
    }

    /// Narrowest a column is squeezed to before columns are dropped.
    private var squeezed: Int {
        switch self {
        case .id: 12
        case .type, .owner: 10
        default: .max
        }
    }

    func headerText(sort: TokenSort) -> String {
        sortField == sort.field ? "\(header) \(sort.ascending ? "↑" : "↓")" : header
    }

    /// The cell's text, sanitised (so widths are measured on what will be drawn).
    func text(for token: Token, now: Date) -> String {
        switch self {
        case .id: Sanitizer.sanitize(token.id)
        case .flags: Hygiene.glyphs(for: token, now: now)
        case .type: Sanitizer.sanitize(token.kind)
        case .title: Sanitizer.sanitize(token.title)
        case .status: token.status(asOf: now).rawValue
        case .owner: token.owner.map(Sanitizer.sanitize) ?? "—"
        case .created: Format.relative(token.createdAt, now: now, missing: "—")
        case .lastUsed: token.vendor.reportsLastUse ? Format.relative(token.lastUsedAt, now: now) : "—"
        case .expires: Format.relative(token.expiresAt, now: now)
        }
    }

    /// The column's place in `allCases`, where `texts(for:now:)` puts its text.
    var ordinal: Int {
        switch self {
        case .id: 0
        case .flags: 1
        case .type: 2
        case .title: 3
        case .status: 4
        case .owner: 5
        case .created: 6
        case .lastUsed: 7
        case .expires: 8
        }
    }

    /// Every column's text for `token`, in `allCases` order (an array, not a dictionary: a table's
    /// rows are rebuilt on every search keystroke).
    static func texts(for token: Token, now: Date) -> [String] {
        allCases.map { $0.text(for: token, now: now) }
    }

    /// Columns and widths for `available` columns of room, given the cell texts of the rows shown
    /// (each row as `texts(for:now:)` gives it).
    static func fit(available: Int, sort: TokenSort, cells: [[String]]) -> [(column: TableColumn, width: Int)] {
        var widths: [TableColumn: Int] = [:]
        for column in allCases where column != .title {
            var widest = DisplayWidth.of(column.headerText(sort: sort))
            for row in cells { widest = max(widest, DisplayWidth.of(row[column.ordinal])) }
            widths[column] = min(widest, column.cap)
        }
        // Titles are what people read: keep up to 20 columns of them while dropping the minor
        // columns, then let them shrink to 10 before the status, type or expiry go.
        let longestTitle = cells.map { DisplayWidth.of($0[TableColumn.title.ordinal]) }.max() ?? 0
        let titleFloor = max(minimumTitleWidth, DisplayWidth.of(TableColumn.title.headerText(sort: sort)))
        var titleMinimum = max(titleFloor, min(longestTitle, preferredTitleWidth))
        var shown = allCases
        func used() -> Int {
            shown.reduce(0) { $0 + ($1 == .title ? titleMinimum : widths[$1] ?? 0) } + gap * max(0, shown.count - 1)
        }
        let preferred = widths
        if used() > available {
            for column in [TableColumn.id, .type, .owner] { widths[column] = min(widths[column] ?? 0, column.squeezed) }
        }
        // The sorted column explains the order: it goes last among the minor columns.
        let minor = dropOrder.prefix(4).filter { $0.sortField != sort.field }
        let major = dropOrder.filter { !minor.contains($0) }
        for column in minor where used() > available { shown.removeAll { $0 == column } }
        titleMinimum = titleFloor
        for column in major where used() > available { shown.removeAll { $0 == column } }
        // Room freed by dropping a column goes to the title first, then back to squeezed columns.
        titleMinimum = max(titleFloor, min(longestTitle, preferredTitleWidth))
        for column in [TableColumn.id, .type, .owner] where shown.contains(column) {
            let free = available - used()
            guard free > 0 else { break }
            let want = (preferred[column] ?? 0) - (widths[column] ?? 0)
            widths[column, default: 0] += min(free, max(0, want))
        }
        if used() > available {
            // Only ID and TITLE left: share what there is, the ID keeping at least a few characters.
            let room = available - gap
            widths[.id] = max(4, min(widths[.id] ?? 4, room - titleMinimum))
        }
        let others = shown.filter { $0 != .title }.reduce(0) { $0 + (widths[$1] ?? 0) } + gap * max(0, shown.count - 1)
        widths[.title] = max(1, available - others)
        return shown.map { ($0, widths[$0] ?? 0) }
    }
}

/// Hygiene as a glance: three glyph slots (use, expiry, age) so the column aligns, and the legend
/// the help overlay shows.
enum Hygiene {
    static let legend: [(glyph: String, meaning: String)] = [
        ("∅", "never used"), ("◔", "unused 45 days or more"), ("◷", "stale: no activity in 90 days"),
        ("∞", "never expires"), ("†", "older than a year"),
    ]

    /// Glyphs for a token that is still usable; expired, revoked and trashed tokens say it in their status.
    static func glyphs(for token: Token, now: Date) -> String {
        switch token.status(asOf: now) {
        case .expired, .revoked, .trashed: return ""
        case .active, .expiring, .suspended: break
        }
        let flags = token.hygiene(asOf: now)
        let use = flags.contains(.neverUsed) ? "∅" : flags.contains(.stale90) ? "◷" : flags.contains(.unused45) ? "◔" : " "
        let expiry = flags.contains(.noExpiry) ? "∞" : " "
        let age = flags.contains(.older365) ? "†" : " "
        let text = use + expiry + age
        return text.allSatisfy { $0 == " " } ? "" : text
    }
}
