import Foundation
import TokenDeckCore

/// The rows on screen as the table draws them: which columns fit, how wide, and each cell's text
/// already fitted to its width. It depends only on the tokens shown, the clock (to the second),
/// the sort and the room, and moving within the rows shown changes none of those — so the last
/// one is kept (in the runtime's `FrameMemo`), and a move redraws the rows without measuring,
/// formatting or fitting a cell.
struct TableLayout: Sendable {
    var columns: [(column: TableColumn, width: Int)]
    /// Per row shown, the fitted text of each of `columns`.
    var rows: [[String]]
    var statuses: [TokenStatus]

    /// The layout of `tokens`, or the last frame's from `memo` when it was for the same key.
    static func of(_ tokens: [Token], now: Date, sort: TokenSort, available: Int, memo: FrameMemo) -> TableLayout {
        let key = Key(tokens: tokens, second: Int(now.timeIntervalSinceReferenceDate.rounded(.down)), sort: sort, available: available)
        return memo.tableLayout(for: key) { make(tokens, now: now, sort: sort, available: available) }
    }

    static func make(_ tokens: [Token], now: Date, sort: TokenSort, available: Int) -> TableLayout {
        let cells = tokens.map { TableColumn.texts(for: $0, now: now) }
        let columns = TableColumn.fit(available: available, sort: sort, cells: cells)
        let rows = cells.map { row in columns.map { DisplayWidth.fit(row[$0.column.ordinal], to: $0.width) } }
        return TableLayout(columns: columns, rows: rows, statuses: tokens.map { $0.status(asOf: now) })
    }

    /// Everything a layout depends on; the tokens themselves, not an index or a generation: a
    /// token's fields are what its cells show.
    struct Key: Equatable, Sendable {
        var tokens: [Token]
        var second: Int
        var sort: TokenSort
        var available: Int
    }
}
