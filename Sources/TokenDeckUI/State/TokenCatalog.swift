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
        var positions: [String: Int] = [:]
        positions.reserveCapacity(loaded.count)
        var duplicates: [(kept: Int, newer: Int)] = []
        for (index, token) in loaded.enumerated() {
            let key = token.key
            if let existing = positions[key] { duplicates.append((existing, index)) } else { positions[key] = index }
        }
        var unique = loaded
        if !duplicates.isEmpty {
            // The same key twice would be the same row twice; the later record is the newer one.
            for duplicate in duplicates { unique[duplicate.kept] = loaded[duplicate.newer] }
            let dropped = Set(duplicates.map(\.newer))
            unique = unique.enumerated().filter { !dropped.contains($0.offset) }.map(\.element)
            positions = Dictionary(unique.enumerated().map { ($1.key, $0) }, uniquingKeysWith: { first, _ in first })
        }
        tokens = unique
        indexByKey = positions
        var ordinals: [Int] = []
        ordinals.reserveCapacity(unique.count)
        var lastAccount: String?
        var lastOrdinal = -1
        for token in unique {
            // Tokens arrive grouped by account: look the name up only when it changes.
            if token.account != lastAccount {
                lastAccount = token.account
                lastOrdinal = ordinalOf[token.account] ?? -1
            }
            ordinals.append(lastOrdinal)
        }
        accountOrdinals = ordinals
        haystack.reserveCapacity(unique.count * 64)
        bounds.reserveCapacity(unique.count + 1)
        for token in unique {
            // The fields TokenFilter searches (title, id, kind, owner), newline-separated so a
            // needle never matches across two of them.
            Self.appendFolded(token.title, to: &haystack)
            haystack.append(0x0A)
            Self.appendFolded(token.id, to: &haystack)
            haystack.append(0x0A)
            Self.appendFolded(token.kind, to: &haystack)
            haystack.append(0x0A)
            Self.appendFolded(token.owner ?? "", to: &haystack)
            bounds.append(haystack.count)
        }
    }

    /// Lower-cased UTF-8 of `text`: ASCII folded byte by byte (nearly every id and name), the rest
    /// through Unicode lower-casing, the same as `needle(for:)` does to what is typed.
    private static func appendFolded(_ text: String, to bytes: inout [UInt8]) {
        let utf8 = text.utf8
        if utf8.allSatisfy({ $0 < 0x80 }) {
            for byte in utf8 { bytes.append(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte) }
        } else {
            bytes.append(contentsOf: text.lowercased().utf8)
        }
    }

    var count: Int { tokens.count }

    /// The lowercased UTF-8 form of what a person typed, as `matches` takes it.
    static func needle(for text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        appendFolded(text, to: &bytes)
        return bytes
    }

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
