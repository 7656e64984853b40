import Foundation
import TokenDeckCore
import TokenDeckSync

// tokendeck-bench: the in-process benchmarks of issue 7 (decode, cache, filter/search,
// render, key → frame at 100,000 tokens). Build it in release:
//   swift build -c release --scratch-path .build-release --product tokendeck-bench
//   .build-release/release/tokendeck-bench [--tokens N] [--iterations N] [--warm-up N] [--filter TEXT] [--records N] [--cold]
// --cold evicts the CPU caches before each timed key press (untimed), as the time between two
// key presses does in the real dashboard.
// Whole-process figures (startup, sync, offline list, terminal bytes, memory) are scripts/bench-*.sh.

struct Options {
    var tokens = 100_000
    var iterations = 40
    var warmUp = 5
    var filter = ""
    var records = 1000
    var cold = false

    static func parse(_ arguments: [String]) -> Options {
        var options = Options()
        var rest = arguments[...]
        func value(_ flag: String) -> String {
            guard let next = rest.popFirst() else { fail("\(flag) needs a value") }
            return next
        }
        func number(_ flag: String) -> Int {
            let text = value(flag)
            guard let number = Int(text), number >= 0 else { fail("\(flag): '\(text)' is not a count") }
            return number
        }
        while let argument = rest.popFirst() {
            switch argument {
            case "--tokens": options.tokens = number(argument)
            case "--iterations": options.iterations = max(1, number(argument))
            case "--warm-up": options.warmUp = number(argument)
            case "--records": options.records = max(1, number(argument))
            case "--filter": options.filter = value(argument)
            case "--cold": options.cold = true
            case "-h", "--help":
                print("usage: tokendeck-bench [--tokens N] [--iterations N] [--warm-up N] [--records N] [--filter TEXT] [--cold]")
                exit(0)
            default: fail("unknown argument '\(argument)' (try --help)")
            }
        }
        return options
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("tokendeck-bench: \(message)\n".utf8))
        exit(2)
    }
}

/// Runs every benchmark the filter selects; returns the exit status.
func runBenchmarks(_ options: Options) async -> Int32 {
    #if DEBUG
    print("note: a DEBUG build; figures for the README come from `-c release`")
    #endif
    print("tokendeck-bench: \(options.tokens) tokens, \(options.iterations) iterations after \(options.warmUp) warm-up, \(ProcessInfo.processInfo.activeProcessorCount) cores")
    var runner = BenchmarkRunner(iterations: options.iterations, warmUp: options.warmUp, filter: options.filter)
    runner.coldCaches = options.cold
    do {
        let fixtures = try await Fixtures.start(tokens: options.tokens)
        let (cachePath, syncTime) = try await fixtures.syncedCache()
        print("fixture: in-process sandbox synced into \(cachePath) in \(BenchmarkRunner.format(syncTime)) (TokenService.sync, one run, not a benchmark)")
        // As the dashboard holds them: without the vendor JSON (read per selected token).
        let tokens = try await TokenCache(path: cachePath).tokens(withRawJSON: false)
        print(BenchmarkRunner.header)
        try await DecodeBenchmarks.run(&runner, fixtures: fixtures, records: options.records)
        try await CacheBenchmarks.run(&runner, cachePath: cachePath, tokens: tokens)
        DashboardBenchmarks.run(&runner, tokens: tokens, accountNames: fixtures.accounts.map(\.account.name))
        await fixtures.stop()
    } catch {
        FileHandle.standardError.write(Data("tokendeck-bench: \(error)\n".utf8))
        return 1
    }
    let missed = runner.results.filter { $0.meetsTarget == false }
    print(missed.isEmpty ? "every target met" : "targets missed: \(missed.count) — " + missed.map(\.name).joined(separator: "; "))
    return 0
}

exit(await runBenchmarks(Options.parse(Array(CommandLine.arguments.dropFirst()))))
