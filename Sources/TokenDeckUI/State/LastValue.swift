import Foundation

/// The last value worked out for a key, kept for the next frame or key that asks with the same key:
/// how render and update avoid redoing work the previous frame did (the details pane's JSON, the
/// table's layout, a minute's statuses). Render may run on any thread (tests render many
/// dashboards at once), hence the lock; the key must identify everything the value depends on.
final class LastValue<Key: Equatable & Sendable, Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var key: Key?
    private var value: Value?

    init() {}

    func value(for wanted: Key, orMake make: () -> Value) -> Value {
        lock.lock()
        if key == wanted, let value {
            lock.unlock()
            return value
        }
        lock.unlock()
        // Made outside the lock: another thread asking meanwhile makes its own.
        let made = make()
        lock.lock()
        key = wanted
        value = made
        lock.unlock()
        return made
    }
}
