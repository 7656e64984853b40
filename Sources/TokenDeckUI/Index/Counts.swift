import TokenDeckCore

/// Each token's account, as an index into the configured accounts (-1 for one the configuration
/// does not name), and the same as runs of consecutive tokens of one account: tokens come grouped
/// by account, so there are a handful, and counting or selecting an account reads bits instead
/// of an ordinal per token.
struct AccountColumn: Sendable {
    private(set) var ordinals: [Int] = []
    /// Empty when the tokens are not grouped (more than `maximumRuns`): counting reads `ordinals`.
    private var runs: [(start: Int, end: Int, ordinal: Int)] = []

    /// More runs than this and tokens are not grouped by account.
    private static let maximumRuns = 256

    init() {}

    init(_ tokens: [Token], names: [String]) {
        let ordinalOf = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        ordinals.reserveCapacity(tokens.count)
        var lastAccount: String?
        var lastOrdinal = -1
        tokens.withUnsafeBufferPointer { buffer in
            for index in buffer.indices {
                // Tokens arrive grouped by account: look the name up only when it changes.
                let account = buffer[index].account
                if account != lastAccount {
                    lastAccount = account
                    lastOrdinal = ordinalOf[account] ?? -1
                }
                ordinals.append(lastOrdinal)
            }
        }
        var runs: [(start: Int, end: Int, ordinal: Int)] = []
        for (index, ordinal) in ordinals.enumerated() {
            if let last = runs.last, last.ordinal == ordinal, last.end == index {
                runs[runs.count - 1].end = index + 1
            } else {
                runs.append((index, index + 1, ordinal))
                if runs.count > Self.maximumRuns { break }
            }
        }
        self.runs = runs.count > Self.maximumRuns ? [] : runs
    }

    /// How many of `indices` are in each account, by ordinal (tokens of unnamed accounts aside).
    func counts(of indices: [Int], accountCount: Int) -> [Int] {
        var counts = [Int](repeating: 0, count: accountCount)
        if !runs.isEmpty {
            // Tokens grouped by account: mark the indices (a 12 KB bitset at 100,000 tokens) and count
            // each run's bits, without reading an ordinal per token — an 800 KB array read at random,
            // out of the cache by the time a key comes.
            let bits = Bitset(indices, capacity: ordinals.count)
            for run in runs where run.ordinal >= 0 && run.ordinal < accountCount {
                counts[run.ordinal] += bits.count(in: run.start..<run.end)
            }
            return counts
        }
        ordinals.withUnsafeBufferPointer { ordinals in
            for index in indices {
                let ordinal = ordinals[index]
                if ordinal >= 0, ordinal < accountCount { counts[ordinal] += 1 }
            }
        }
        return counts
    }

    /// The subset of `candidates` (in order) in the account with this ordinal.
    func members(_ candidates: [Int], inAccount account: Int) -> [Int] {
        guard !runs.isEmpty else { return candidates.filter { ordinals[$0] == account } }
        // The account's runs as a bitset: no ordinal read per candidate (an 800 KB array, at
        // random in the view's sort order, cold by the time `1` is pressed).
        var bits = Bitset(capacity: ordinals.count)
        for run in runs where run.ordinal == account { bits.insert(contentsOf: run.start..<run.end) }
        return bits.members(among: candidates)
    }
}

extension TokenIndex {
    /// The subset of `candidates` (in order) in the account with this ordinal.
    func rows(_ candidates: [Int], inAccount account: Int) -> [Int] {
        accounts.members(candidates, inAccount: account)
    }

    /// How many of `indices` are in each account, by ordinal (tokens of unnamed accounts aside).
    func accountCounts(of indices: [Int], accountCount: Int) -> [Int] {
        accounts.counts(of: indices, accountCount: accountCount)
    }

    /// How many of `indices` have each type, by ordinal into `kinds`.
    func kindCounts(of indices: [Int]) -> [Int] {
        var counts = [Int](repeating: 0, count: kinds.count)
        kindOrdinals.withUnsafeBufferPointer { ordinals in
            for index in indices { counts[Int(ordinals[index])] += 1 }
        }
        return counts
    }

    /// How many of `indices` have each status, in `TokenStatus.allCases` order.
    func statusCounts(of indices: [Int], asOf now: Double) -> [Int] {
        let cases = TokenStatus.allCases
        let statuses = statusColumns.statuses(asOf: now)
        var byStatus = [Int](repeating: 0, count: 256)
        statuses.withUnsafeBufferPointer { statuses in
            for index in indices { byStatus[Int(statuses[index])] += 1 }
        }
        return cases.indices.map { byStatus[$0] }
    }
}
