import Foundation

/// What one frame worked out that the next frame is likely to ask again: the table's layout (the
/// same rows, second and width while the person types a search or the clock ticks) and the details
/// pane's pretty-printed JSON (the same token while the selection stays put). The runtime owns one
/// and passes it to every `App.render`, so render stays a function of its arguments; a test that
/// renders without one gets a fresh memo, and the same screen.
///
/// Not `Sendable`: one per runtime, used on its one thread.
public final class FrameMemo {
    private var tableLayout: (key: TableLayout.Key, layout: TableLayout)?
    private var prettyJSON: (raw: String, lines: [String])?

    public init() {}

    /// The layout for `key`, made by `make` unless the last frame's was for the same key.
    func tableLayout(for key: TableLayout.Key, orMake make: () -> TableLayout) -> TableLayout {
        if let tableLayout, tableLayout.key == key { return tableLayout.layout }
        let layout = make()
        tableLayout = (key, layout)
        return layout
    }

    /// `Format.prettyJSON(raw)`, kept for the next frame.
    func prettyJSON(_ raw: String) -> [String] {
        if let prettyJSON, prettyJSON.raw == raw { return prettyJSON.lines }
        let lines = Format.prettyJSON(raw)
        prettyJSON = (raw, lines)
        return lines
    }
}
