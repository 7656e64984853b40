import Foundation
import TokenDeckCore

/// A generic aligned text table for people: every cell sanitised, every line fitted to `width`
/// terminal columns by shrinking the flexible columns first and cutting with `…`.
public struct TextTable: Sendable {
    public struct Column: Sendable {
        public var header: String
        /// Narrowest this column is squeezed to before others give way.
        public var minimumWidth: Int
        /// Lower numbers shrink first.
        public var shrinkOrder: Int
        public init(_ header: String, minimumWidth: Int = 4, shrinkOrder: Int = 9) {
            self.header = header
            self.minimumWidth = minimumWidth
            self.shrinkOrder = shrinkOrder
        }
    }

    public static let gap = 2

    public var columns: [Column]
    public var rows: [[String]]

    public init(columns: [Column], rows: [[String]]) {
        self.columns = columns
        self.rows = rows
    }

    /// The table as lines (header first), each at most `width` columns wide, with no trailing spaces.
    public func render(width: Int) -> String {
        let cells = rows.map { row in columns.indices.map { Sanitizer.sanitize($0 < row.count ? row[$0] : "") } }
        let headers = columns.map { Sanitizer.sanitize($0.header) }
        let widths = fittedWidths(headers: headers, cells: cells, width: max(1, width))
        var out = String()
        for line in [headers] + cells {
            var text = ""
            for (index, cell) in line.enumerated() where widths[index] > 0 {
                if index > 0 { text += String(repeating: " ", count: Self.gap) }
                text += DisplayWidth.fit(cell, to: widths[index])
            }
            while text.hasSuffix(" ") { text.removeLast() }
            // Last resort when even minimum widths overflow a very narrow terminal.
            out += DisplayWidth.truncate(text, to: max(1, width))
            out += "\n"
        }
        return out
    }

    func fittedWidths(headers: [String], cells: [[String]], width: Int) -> [Int] {
        var widths = headers.map(DisplayWidth.of)
        for row in cells {
            for (index, cell) in row.enumerated() { widths[index] = max(widths[index], DisplayWidth.of(cell)) }
        }
        var excess = widths.reduce(0, +) + Self.gap * (widths.count - 1) - width
        guard excess > 0 else { return widths }
        // Shrink columns in their order down to their minimums, then everything down to one column.
        for floor in [true, false] {
            for index in columns.indices.sorted(by: { columns[$0].shrinkOrder < columns[$1].shrinkOrder }) where excess > 0 {
                let lowest = floor ? min(widths[index], columns[index].minimumWidth) : 1
                let cut = min(excess, widths[index] - lowest)
                widths[index] -= cut
                excess -= cut
            }
        }
        return widths
    }
}

/// `tokendeck list --format table`.
public enum ListingTable {
    public static let columns = [
        // The title is what people read, so the others give way first.
        TextTable.Column("ACCOUNT", minimumWidth: 12, shrinkOrder: 1),
        TextTable.Column("ID", minimumWidth: 12, shrinkOrder: 2),
        TextTable.Column("KIND", minimumWidth: 12, shrinkOrder: 0),
        TextTable.Column("TITLE", minimumWidth: 12, shrinkOrder: 3),
        TextTable.Column("STATUS", minimumWidth: 9, shrinkOrder: 4),
        TextTable.Column("LAST USED", minimumWidth: 9, shrinkOrder: 5),
        TextTable.Column("EXPIRES", minimumWidth: 8, shrinkOrder: 6),
    ]

    public static func table(_ tokens: [Token], width: Int, now: Date) -> String {
        let rows = tokens.map { token in
            [
                token.account, token.id, token.kind, token.title, token.status(asOf: now).rawValue,
                token.vendor.reportsLastUse ? RelativeTime.describe(token.lastUsedAt, now: now) : "-",
                RelativeTime.describe(token.expiresAt, now: now),
            ]
        }
        return TextTable(columns: columns, rows: rows).render(width: width)
    }
}
