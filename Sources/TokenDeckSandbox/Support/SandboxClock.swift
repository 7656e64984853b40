import Foundation

/// The sandbox's notion of now: the configured instant when one is injected (tests,
/// reproducible demos), the real time otherwise.
struct SandboxClock: Sendable {
    let fixedNow: Date?

    var now: Date { fixedNow ?? Date() }
    var nowSeconds: Int64 { Int64(now.timeIntervalSince1970) }
}
