import Foundation

/// `C` / `:changes`: the cache's change events, newest first, with a cursor; Enter jumps to the token.
public struct ChangesPanel: Sendable, Hashable {
    /// The newest this many events are read: 100,000 expiries moved in one sync must not sit in
    /// memory for a view a person scrolls (`tokendeck changes` prints every one).
    public static let limit = 1_000

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
