import TokenDeckCore

/// Which token, across reloads: its account and its vendor id.
struct TokenKey: Sendable, Hashable {
    var account: String
    var id: String

    init(_ token: Token) {
        account = token.account
        id = token.id
    }
}

/// Where each token of a load is, by account and then id. The ids are the tokens' own strings
/// (shared, not copied): a key string per token ("account␟id") cost 8 MB at 100,000 tokens.
struct TokenPositions: Sendable {
    private var byAccountAndID: [String: [String: Int]] = [:]

    init() {}

    private init(_ byAccountAndID: [String: [String: Int]]) {
        self.byAccountAndID = byAccountAndID
    }

    /// `loaded` with one token per key, and where each is. The same key twice would be the same
    /// row twice: the later record is the newer one, and takes the earlier one's place.
    static func deduplicating(_ loaded: [Token]) -> (tokens: [Token], positions: TokenPositions) {
        var duplicates: [(kept: Int, newer: Int)] = []
        var positions = Self.positions(of: loaded, duplicates: &duplicates)
        guard !duplicates.isEmpty else { return (loaded, TokenPositions(positions)) }
        var unique = loaded
        for duplicate in duplicates { unique[duplicate.kept] = loaded[duplicate.newer] }
        let dropped = Set(duplicates.map(\.newer))
        unique = unique.enumerated().filter { !dropped.contains($0.offset) }.map(\.element)
        duplicates = []
        positions = Self.positions(of: unique, duplicates: &duplicates)
        return (unique, TokenPositions(positions))
    }

    /// The position of the token with this account and id, if loaded.
    func position(account: String, id: String) -> Int? {
        byAccountAndID[account]?[id]
    }

    /// Each token's index by account and id; a key seen again goes to `duplicates` instead.
    private static func positions(of tokens: [Token], duplicates: inout [(kept: Int, newer: Int)]) -> [String: [String: Int]] {
        var byAccount: [String: [String: Int]] = [:]
        var account: String?
        var current: [String: Int] = [:]
        // Fields are read in place through the buffer: a `for token in` loop would copy (and
        // retain every field of) 100,000 tokens once per loop. Tokens come grouped by account.
        tokens.withUnsafeBufferPointer { buffer in
            for index in buffer.indices {
                let owner = buffer[index].account
                if owner != account {
                    if let account { byAccount[account] = current }
                    account = owner
                    current = byAccount.removeValue(forKey: owner) ?? [:]
                    if current.isEmpty {
                        // Sized for this account's run of tokens: sized for all that remain, the
                        // first account's table alone took 6 MB.
                        var end = index + 1
                        while end < buffer.count, buffer[end].account == owner { end += 1 }
                        current.reserveCapacity(end - index)
                    }
                }
                let id = buffer[index].id
                if let existing = current[id] { duplicates.append((existing, index)) } else { current[id] = index }
            }
        }
        if let account { byAccount[account] = current }
        return byAccount
    }
}
