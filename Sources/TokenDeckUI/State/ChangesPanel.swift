import Foundation

/// `C` / `:changes`: the cache's change events, newest first, with a cursor; Enter jumps to the token.
struct ChangesPanel: Sendable, Hashable {
    /// Nil while the cache is read.
    var events: [ChangeEvent]?
    var error: String?
    var cursor = 0
    /// First event shown.
    var top = 0

    var selected: ChangeEvent? {
        guard let events, events.indices.contains(cursor) else { return nil }
        return events[cursor]
    }
}
