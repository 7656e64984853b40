import TokenDeckCore

/// The tokens of one load, with what every later filter needs precomputed once: the lowercased
/// search text of each token as UTF-8 in one contiguous buffer, and each token's account as a number.
struct TokenCatalog: Sendable {
    private(set) var tokens: [Token] = []
    /// Index into the account list of each token; -1 for an account the configuration does not name.
    private(set) var accountOrdinals: [Int] = []
    private(set) var indexByKey: [String: Int] = [:]
    /// Bumped on every load, so cached views know they are out of date.
    private(set) var generation = 0
    private var haystack: [UInt8] = []
    private var bounds: [Int] = [0]

    init() {}

    init(tokens loaded: [Token], accountNames: [String], generation: Int) {
        self.generation = generation
        let ordinalOf = Dictionary(accountNames.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        var unique: [Token] = []
        unique.reserveCapacity(loaded.count)
        var positions: [String: Int] = [:]
        positions.reserveCapacity(loaded.count)
        for token in loaded {
            // The same key twice would be the same row twice; the later record is the newer one.
            if let existing = positions[token.key] { unique[existing] = token; continue }
            positions[token.key] = unique.count
            unique.append(token)
        }
        tokens = unique
        indexByKey = positions
        accountOrdinals = unique.map { ordinalOf[$0.account] ?? -1 }
        haystack.reserveCapacity(unique.count * 48)
        bounds.reserveCapacity(unique.count + 1)
        for token in unique {
            // The fields TokenFilter searches (title, id, kind, owner), newline-separated so a
            // needle never matches across two of them.
            let text = "\(token.title)\n\(token.id)\n\(token.kind)\n\(token.owner ?? "")".lowercased()
            haystack.append(contentsOf: text.utf8)
            bounds.append(haystack.count)
        }
    }

    var count: Int { tokens.count }

    /// The lowercased UTF-8 form of what a person typed, as `matches` takes it.
    static func needle(for text: String) -> [UInt8] { Array(text.lowercased().utf8) }

    /// The subset of `candidates` (indices, in order) whose search text contains `needle`.
    func filter(_ candidates: [Int], containing needle: [UInt8]) -> [Int] {
        guard !needle.isEmpty else { return candidates }
        return haystack.withUnsafeBufferPointer { hay in
            needle.withUnsafeBufferPointer { pin in
                candidates.filter { Self.contains(hay, from: bounds[$0], to: bounds[$0 + 1], pin) }
            }
        }
    }

    private static func contains(_ hay: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, _ pin: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = pin.count
        guard end - start >= n, let first = pin.first else { return false }
        var i = start
        let last = end - n
        while i <= last {
            if hay[i] == first {
                var j = 1
                while j < n, hay[i + j] == pin[j] { j += 1 }
                if j == n { return true }
            }
            i += 1
        }
        return false
    }
}
