import TokenDeckCore

/// Where each panel goes at a given terminal size: rect arithmetic only, no drawing.
struct Layout {
    /// Below this the dashboard shows one line asking for a bigger terminal.
    static let minimumSize = Size(width: 60, height: 12)
    /// Narrower than this, the sidebar is shown only while it has the focus.
    static let sidebarMinimumTerminalWidth = 90
    /// Shorter than this, the details pane is shown only while it has the focus.
    static let detailsMinimumBodyHeight = 28

    var header = Rect(x: 0, y: 0, width: 0, height: 0)
    var sidebar: Rect?
    var table = Rect(x: 0, y: 0, width: 0, height: 0)
    var details: Rect?
    var message: Rect?
    var statusBar = Rect(x: 0, y: 0, width: 0, height: 0)
    var fits = false

    /// Data rows the table can show (inside its border, under its column header).
    var tableRows: Int { max(0, table.height - 3) }
    /// Text rows inside the details border.
    var detailsRows: Int { max(0, (details?.height ?? 0) - 2) }

    static func fits(_ size: Size) -> Bool {
        size.width >= minimumSize.width && size.height >= minimumSize.height
    }

    init(size: Size, state: AppState) {
        guard Self.fits(size) else { return }
        fits = true
        let width = size.width
        header = Rect(x: 0, y: 0, width: width, height: 1)
        statusBar = Rect(x: 0, y: size.height - 1, width: width, height: 1)
        var bottom = size.height - 1
        if state.message != nil {
            bottom -= 1
            message = Rect(x: 0, y: bottom, width: width, height: 1)
        }
        let bodyTop = 1
        let bodyHeight = bottom - bodyTop

        var upperHeight = bodyHeight
        if state.focus == .details {
            let height = bodyHeight >= 20 ? bodyHeight * 3 / 5 : bodyHeight
            details = Rect(x: 0, y: bottom - height, width: width, height: height)
            upperHeight = bodyHeight - height
        } else if state.detailsOpen, bodyHeight >= Self.detailsMinimumBodyHeight {
            let height = max(8, bodyHeight / 3)
            details = Rect(x: 0, y: bottom - height, width: width, height: height)
            upperHeight = bodyHeight - height
        }

        var tableX = 0
        if width >= Self.sidebarMinimumTerminalWidth || state.focus == .sidebar {
            let sidebarWidth = Self.sidebarWidth(state: state, terminalWidth: width)
            sidebar = Rect(x: 0, y: bodyTop, width: sidebarWidth, height: upperHeight)
            tableX = sidebarWidth
        }
        table = Rect(x: tableX, y: bodyTop, width: width - tableX, height: upperHeight)
    }

    /// Wide enough for the longest account name and its count, within a third of the terminal.
    private static func sidebarWidth(state: AppState, terminalWidth: Int) -> Int {
        let longestName = state.accounts.map { DisplayWidth.of(Sanitizer.sanitize($0.name)) }.max() ?? 0
        let countWidth = Format.thousands(state.catalog.count).count
        // "│▸1 " + name + "  " + count + " │"
        var wanted = max(3, longestName) + countWidth + 8
        // Room for the freshness line under each account ("│   " + line + "  │"), within the same bounds.
        if !state.freshness.isEmpty {
            let longestLine = state.accounts.compactMap { SidebarFreshness.line(for: $0.name, in: state).map { DisplayWidth.of($0.text) } }.max() ?? 0
            wanted = max(wanted, longestLine + 6)
        }
        return max(18, min(wanted, 32, terminalWidth / 3))
    }
}
