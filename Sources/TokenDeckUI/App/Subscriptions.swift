import Foundation

/// What the dashboard wants from the runtime while it runs, as opposed to once (`Effect`).
public struct Subscriptions: Sendable, Hashable {
    /// Work is left for between key presses: send `.idle` while no input waits, one slice each.
    public var idleWork: Bool
    /// How many times a set of tokens has replaced the one shown: when it moves, the old set has
    /// been freed, and the runtime hands its pages back to the system after the next frame.
    public var replacedSets: Int

    public init(idleWork: Bool, replacedSets: Int) {
        self.idleWork = idleWork
        self.replacedSets = replacedSets
    }
}
