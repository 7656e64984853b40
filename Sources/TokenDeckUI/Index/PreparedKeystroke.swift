import Foundation

/// The next keystroke of a wide search, prepared while the person is still reaching for it: for
/// each match of `needle`, the bytes that follow an occurrence of it in the token's text, recorded
/// a slice at a time between key presses. Once complete, typing a letter or a digit is one AND
/// per token (`rows(_:followedBy:in:)`) instead of reading ~29,000 texts from memory.
struct PreparedKeystroke: Sendable {
    /// Matches from which preparing pays: the searches shared among the cores.
    static let minimumMatches = SearchText.wideSearch

    /// Tokens whose followers one slice records (timed by tokendeck-bench's "idle work" line), so
    /// a key that comes meanwhile waits no longer than that.
    static let tokensPerSlice = 3_072

    let needle: [UInt8]
    private let matching: [Int]
    /// `matching` as a bitset, and the followers by token: made by the first slice.
    private var among: Bitset?
    private var followers: [UInt64] = []
    /// The first token whose followers are still to be recorded.
    private var nextToken = 0

    /// Work for the matches of a search, if they are many enough to pay for it.
    init?(needle: [UInt8], matching: [Int]) {
        guard !needle.isEmpty, matching.count >= Self.minimumMatches else { return nil }
        self.needle = needle
        self.matching = matching
    }

    var isComplete: Bool { among.map { nextToken >= $0.capacity } ?? false }

    /// One slice of the work, over `index` (the load the matches are rows of). Returns whether
    /// any is left.
    mutating func prepareSlice(in index: TokenIndex) -> Bool {
        if let among {
            let end = min(among.capacity, nextToken + Self.tokensPerSlice)
            index.searchText.recordFollowers(of: needle, among: among, in: nextToken..<end, into: &followers)
            nextToken = end
        } else {
            guard index.count > 0 else { return false }  // an empty load: nothing to prepare
            among = Bitset(matching, capacity: index.count)
            followers = [UInt64](repeating: 0, count: index.count)
        }
        return !isComplete
    }

    /// `index.rows(candidates, containing: needle + [byte])` from the followers recorded for every
    /// candidate (which all contain `needle`: they are its matches); for a letter or a digit, no
    /// text is read. Followers are read in storage order, front to back. Nil until complete.
    func rows(_ candidates: [Int], followedBy byte: UInt8, in index: TokenIndex) -> [Int]? {
        // A newline is not recorded as a follower (it separates fields): searched the ordinary way.
        guard isComplete, let among, byte != 0x0A else { return nil }
        let hits = SearchText.tokens(of: among, whose: followers, intersect: SearchText.maskBit(byte))
        let kept = hits.members(among: candidates)
        guard !SearchText.hasOwnBit(byte) else { return kept }
        // A byte sharing its bit with others: the followers only narrow down whose text to read.
        return index.rows(kept, containing: needle + [byte])
    }
}

extension SearchText {
    /// For each token of `among` in `tokens`: the `maskBit` of every byte that follows an
    /// occurrence of `needle` in its search text, written to `followers[token]`. For a letter or a
    /// digit the bit is the byte's own, so "does the text contain needle + c" is one AND; for any
    /// other byte it says only that the text must be read.
    func recordFollowers(of needle: [UInt8], among: Bitset, in tokens: Range<Int>, into followers: inout [UInt64]) {
        guard let first = needle.first else { return }
        let n = needle.count
        withUnsafeText { hay, bounds in
            needle.withUnsafeBufferPointer { pin in
                followers.withUnsafeMutableBufferPointer { followers in
                    guard let base = hay.baseAddress, let pinBase = pin.baseAddress else { return }
                    among.forEach(in: tokens) { token in
                        var mask: UInt64 = 0
                        // The byte after a match must be inside the text: the last match ends before `end`.
                        let end = bounds[token + 1]
                        var position = bounds[token]
                        while position + n < end {
                            if hay[position] == first, n == 1 || memcmp(base + position, pinBase, n) == 0 {
                                let next = hay[position + n]
                                if next != 0x0A { mask |= Self.maskBit(next) }
                            }
                            position += 1
                        }
                        followers[token] = mask
                    }
                }
            }
        }
    }
}
