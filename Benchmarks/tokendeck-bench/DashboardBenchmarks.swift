import Foundation
import TokenDeckCore
import TokenDeckUI

/// The dashboard's key-to-frame path with every token loaded: `App.update` for the key, then
/// `App.render` of a 120×40 frame — what the runtime does before handing the frame to ncurses.
enum DashboardBenchmarks {
    static let size = Size(width: 120, height: 40)
    /// The target for a key press to a finished frame, p99.
    static let keyTarget: Duration = .milliseconds(5)

    static func run(_ runner: inout BenchmarkRunner, tokens: [Token], accountNames: [String]) {
        let accounts = accountNames.map { AccountInfo(name: $0, vendor: vendor(ofAccount: $0)) }
        var empty = AppState(accounts: accounts, pageSize: 100, now: Fixtures.now)
        _ = App.update(&empty, .resize(size))

        var loaded = empty
        runner.measure("load .tokensLoaded(\(tokens.count)) into a fresh state", iterations: max(3, runner.iterations / 4)) {
            var state = empty
            _ = App.update(&state, .tokensLoaded(tokens, fetchedAt: Fixtures.now))
            loaded = state
        }
        if !runner.wants("load") { _ = App.update(&loaded, .tokensLoaded(tokens, fetchedAt: Fixtures.now)) }
        let base = loaded
        // One memo across frames, as the runtime keeps one.
        let memo = FrameMemo()
        runner.measure("render 120x40 frame (\(base.visibleTokenCount) rows)") {
            _ = App.render(base, size: size, memo: memo)
        }
        runner.measure("first frame: load \(tokens.count) + render", iterations: max(3, runner.iterations / 4)) {
            var state = empty
            _ = App.update(&state, .tokensLoaded(tokens, fetchedAt: Fixtures.now))
            _ = App.render(state, size: size)
        }

        // Moving and paging: the same key over and over from the top, each press one sample.
        for (label, key) in [("j (down one row)", Key.char("j")), ("k (up one row)", .char("k")),
                             ("n (next page)", .char("n")), ("p (previous page)", .char("p")),
                             ("ctrl-d (half page)", .ctrl("d")), ("G (last row)", .char("G")), ("g (first row)", .char("g"))] {
            let name = "key → frame: \(label)"
            guard runner.wants(name) else { continue }
            var state = base
            let memo = FrameMemo()  // the runtime keeps one across frames
            // Start mid-list so up keys and previous pages move too.
            for _ in 0..<300 { _ = App.update(&state, .key(.char("n"))) }
            var measurement = Measurement(name, target: keyTarget)
            for index in 0..<(runner.warmUp + runner.iterations * 5) {
                let sample = press(key, on: &state, memo: memo, cold: runner.coldCaches)
                if index >= runner.warmUp { measurement.samples.append(sample) }
            }
            runner.record(measurement)
        }

        searchTyping(&runner, base: base)
        filterKeys(&runner, base: base)
    }

    /// `/` then "vault" typed one key at a time, then erased: every keystroke one sample,
    /// per position and overall.
    static func searchTyping(_ runner: inout BenchmarkRunner, base: AppState) {
        guard runner.wants("search") else { return }
        var searching = base
        _ = App.update(&searching, .key(.char("/")))
        let keys: [(String, Key)] = "vault".map { ("type '\($0)'", Key.char($0)) }
            + (1...5).map { ("backspace \($0)", Key.backspace) }
        var perKey = keys.map { Measurement("key → frame: search \($0.0)", target: keyTarget) }
        var every = Measurement("key → frame: search, every keystroke of \"vault\"", target: keyTarget)
        var matches = 0
        for round in 0..<(runner.warmUp + runner.iterations) {
            var state = searching
            let memo = FrameMemo()  // the runtime keeps one across frames
            for (index, (_, key)) in keys.enumerated() {
                let sample = press(key, on: &state, memo: memo, cold: runner.coldCaches)
                if index == 4 { matches = state.visibleTokenCount }
                if round >= runner.warmUp {
                    perKey[index].samples.append(sample)
                    every.samples.append(sample)
                }
            }
        }
        for measurement in perKey { runner.record(measurement) }
        every.name += " (\(matches) match)"
        runner.record(every)

        // The work between two keys, a slice at a time: how long a key that comes meanwhile waits
        // at most. After "v" (most tokens match), every slice until none is left.
        var slice = Measurement("idle work: one slice of preparing the next search keystroke (after 'v')", target: keyTarget)
        for round in 0..<(runner.warmUp + runner.iterations) {
            var state = searching
            _ = App.update(&state, .key(.char("v")))
            let clock = ContinuousClock()
            while true {
                let start = clock.now
                let more = App.idleWork(&state)
                if round >= runner.warmUp { slice.samples.append(clock.now - start) }
                if !more { break }
            }
        }
        runner.record(slice)
    }

    /// The filter keys: trash (`x`), sort (`s`), the type and status pickers (`t`/`f`, a move,
    /// Enter), and an account (`1`, back to All with `0`).
    static func filterKeys(_ runner: inout BenchmarkRunner, base: AppState) {
        let sequences: [(String, [Key])] = [
            ("x (trash none→with→only→none)", [.char("x"), .char("x"), .char("x")]),
            ("s (next sort order)", [.char("s")]),
            ("t j Enter (type picker, pick a type)", [.char("t"), .char("j"), .enter]),
            ("t Enter (type picker, back to all)", [.char("t"), .char("g"), .enter]),
            ("f j Enter (status picker, pick a status)", [.char("f"), .char("j"), .enter]),
            ("1 / 0 (an account, then All)", [.char("1"), .char("0")]),
        ]
        for (label, keys) in sequences {
            let name = "key → frame: filter \(label)"
            guard runner.wants(name) else { continue }
            var measurement = Measurement(name, target: keyTarget)
            var state = base
            let memo = FrameMemo()  // the runtime keeps one across frames
            for round in 0..<(runner.warmUp + runner.iterations) {
                // Sorting cycles through six orders: start each round from the loaded state so
                // every round measures the same step.
                if label.hasPrefix("s") || label.hasPrefix("f") || label.hasPrefix("t j") { state = base }
                for key in keys {
                    let sample = press(key, on: &state, memo: memo, cold: runner.coldCaches)
                    if round >= runner.warmUp { measurement.samples.append(sample) }
                }
            }
            runner.record(measurement)
        }
    }

    /// One key to a finished frame: update, then render, timed together. First, untimed, what the
    /// dashboard does in the pause before a key: its idle work (`App.idleWork`, a slice at a time
    /// until none is left) and, with `cold`, the caches emptied.
    static func press(_ key: Key, on state: inout AppState, memo: FrameMemo, cold: Bool = false) -> Duration {
        while App.idleWork(&state) {}
        if cold { CacheEvictor.shared.evict() }
        let clock = ContinuousClock()
        let start = clock.now
        _ = App.update(&state, .key(key))
        let screen = App.render(state, size: size, memo: memo)
        let elapsed = clock.now - start
        withExtendedLifetime(screen) {}
        return elapsed
    }

    static func vendor(ofAccount name: String) -> Vendor {
        Vendor.allCases.first { name.contains($0.rawValue) } ?? .provisionr
    }
}

/// Writes a buffer larger than the last-level cache (32 MB here, twice over), so what a key press
/// reads next comes from memory, as it does in the dashboard after a pause.
final class CacheEvictor: @unchecked Sendable {
    static let shared = CacheEvictor()
    private var buffer = [UInt8](repeating: 0, count: 64 << 20)
    private var round: UInt8 = 0

    func evict() {
        round &+= 1
        let value = round
        buffer.withUnsafeMutableBufferPointer { bytes in
            var offset = 0
            while offset < bytes.count {
                bytes[offset] = value
                offset += 64
            }
        }
    }
}
