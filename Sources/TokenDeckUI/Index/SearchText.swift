import Foundation
import TokenDeckCore

/// What a search reads, per token of a load: the text `TokenFilter` searches (title, id, kind and
/// owner), each field as `SearchFold.fold` gives it, in one contiguous buffer, and two masks that rule most tokens
/// out without reading it — the bytes it holds, and the (hashed) pairs of adjacent bytes.
struct SearchText: Sendable {
    private var haystack: [UInt8] = []
    /// Token t's text is `haystack[bounds[t]..<bounds[t + 1]]`.
    private var bounds: [Int] = [0]
    /// Per token, `maskBit` of every byte of its search text (newlines aside).
    private var byteMasks: [UInt64] = []
    /// Per token, a 512-bit set of the (hashed) pairs of adjacent bytes of its search text: a
    /// token can match only if every pair of the needle is in it. Stored word by word — word w of
    /// token t at `w * count + t` — so a two-letter needle reads one 800 KB array front to back,
    /// not 64 bytes of every token.
    private var pairWords: [UInt64] = []

    /// Candidates from which a search is shared among the cores (below this, waking another
    /// thread costs about what it saves), and the matches from which the next keystroke is
    /// prepared between key presses.
    static let wideSearch = 20_000

    init() {}

    init(_ tokens: [Token]) {
        // Exactly: reserving a guess and growing past it doubled a 9 MB buffer to 13.
        haystack.reserveCapacity(tokens.withUnsafeBufferPointer { buffer in
            buffer.reduce(ByteSearch.overread) { $0 + $1.title.utf8.count + $1.id.utf8.count + $1.kind.utf8.count + ($1.owner?.utf8.count ?? 0) + 3 }
        })
        bounds.reserveCapacity(tokens.count + 1)
        tokens.withUnsafeBufferPointer { buffer in
            for index in buffer.indices {
                // The fields TokenFilter searches (title, id, kind, owner), newline-separated so a
                // needle never matches across two of them.
                SearchFold.append(buffer[index].title, to: &haystack)
                haystack.append(0x0A)
                SearchFold.append(buffer[index].id, to: &haystack)
                haystack.append(0x0A)
                SearchFold.append(buffer[index].kind, to: &haystack)
                haystack.append(0x0A)
                SearchFold.append(buffer[index].owner ?? "", to: &haystack)
                bounds.append(haystack.count)
            }
        }
        // What ByteSearch may read past the last token's text.
        haystack.append(contentsOf: repeatElement(0, count: ByteSearch.overread))
        byteMasks.reserveCapacity(tokens.count)
        let total = tokens.count
        var words = [UInt64](repeating: 0, count: PairBit.words * total)
        haystack.withUnsafeBufferPointer { hay in
            words.withUnsafeMutableBufferPointer { words in
                for token in 0..<total {
                    var mask: UInt64 = 0
                    var previous: UInt8 = 0x0A
                    for offset in bounds[token]..<bounds[token + 1] {
                        let byte = hay[offset]
                        if byte != 0x0A {
                            mask |= Self.maskBit(byte)
                            if previous != 0x0A {
                                let pair = PairBit(previous, byte)
                                words[pair.word * total + token] |= pair.bit
                            }
                        }
                        previous = byte
                    }
                    byteMasks.append(mask)
                }
            }
        }
        pairWords = words
    }

    /// Tokens whose text is held.
    var count: Int { bounds.count - 1 }

    /// What a person typed under the one search rule (`SearchFold.fold`), as
    /// `tokens(among:containing:shared:)` takes it.
    static func needle(for text: String) -> [UInt8] {
        SearchFold.fold(text)
    }

    /// The tokens of `among` whose search text contains `needle` (not empty), visited in storage
    /// order; `shared`: among the cores, when there are many to read.
    func tokens(among: Bitset, containing needle: [UInt8], shared: Bool) -> Bitset {
        // A token can match only if it holds every byte of the needle: its byte mask says so
        // without reading its text, and for one letter or digit the mask is the whole answer.
        var wanted: UInt64 = 0
        for byte in needle where byte != 0x0A { wanted |= Self.maskBit(byte) }
        if needle.count == 1, Self.hasOwnBit(needle[0]) {
            return Self.tokens(of: among, whose: byteMasks, intersect: wanted)
        }
        // Reading the candidates' text is most of the time (it is not in cache): with many to
        // read, every core takes a share of the words. Shares are small (sixteen), so a thread
        // the system puts off holds up one share, not half the search.
        let parts = shared && ProcessInfo.processInfo.activeProcessorCount > 1 ? 16 : 1
        let wantedPairs = PairBit.wanted(in: needle).map { (offset: $0.word * count, bits: $0.bits) }
        return haystack.withUnsafeBufferPointer { hay in
            needle.withUnsafeBufferPointer { pin in
                byteMasks.withUnsafeBufferPointer { masks in
                    pairWords.withUnsafeBufferPointer { pairs in
                        bounds.withUnsafeBufferPointer { ends in
                            let test = ContainmentTest(hay: hay, needle: pin, byteMasks: masks, pairWords: pairs, bounds: ends,
                                                       wantedBytes: wanted, wantedPairs: wantedPairs)
                            return among.subset(passing: test, sharedAmong: parts)
                        }
                    }
                }
            }
        }
    }

    /// The tokens of `among` whose per-token mask shares a bit with `wanted`; masks are read in
    /// storage order.
    static func tokens(of among: Bitset, whose masks: [UInt64], intersect wanted: UInt64) -> Bitset {
        masks.withUnsafeBufferPointer { masks in
            among.subset { masks[$0] & wanted != 0 }
        }
    }

    /// A bit per byte value: one of its own for each lower-case letter and digit (what people
    /// type), shared by the rest.
    static func maskBit(_ byte: UInt8) -> UInt64 {
        switch byte {
        case 0x61...0x7A: 1 << UInt64(byte - 0x61)
        case 0x30...0x39: 1 << UInt64(26 + byte - 0x30)
        default: 1 << UInt64(36 + byte % 28)
        }
    }

    static func hasOwnBit(_ byte: UInt8) -> Bool {
        (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte)
    }

    /// The text and its bounds as buffers, for the length of `body` (what `PreparedKeystroke` reads).
    func withUnsafeText<Result>(_ body: (_ hay: UnsafeBufferPointer<UInt8>, _ bounds: UnsafeBufferPointer<Int>) -> Result) -> Result {
        haystack.withUnsafeBufferPointer { hay in bounds.withUnsafeBufferPointer { bounds in body(hay, bounds) } }
    }
}

/// Whether a token's search text contains the needle: its byte mask and pair words first, then
/// its text. The index's arrays as buffers, borrowed for the length of one search; only read,
/// which is what makes asking it from several threads sound.
private struct ContainmentTest: MemberTest, @unchecked Sendable {
    let hay: UnsafeBufferPointer<UInt8>
    let needle: UnsafeBufferPointer<UInt8>
    let byteMasks: UnsafeBufferPointer<UInt64>
    let pairWords: UnsafeBufferPointer<UInt64>
    let bounds: UnsafeBufferPointer<Int>
    let wantedBytes: UInt64
    /// Where each wanted pair word starts in `pairWords`, with the bits it must hold.
    let wantedPairs: [(offset: Int, bits: UInt64)]

    func passes(_ token: Int) -> Bool {
        guard byteMasks[token] & wantedBytes == wantedBytes else { return false }
        for pair in wantedPairs where pairWords[pair.offset + token] & pair.bits != pair.bits { return false }
        return ByteSearch.contains(hay, from: bounds[token], to: bounds[token + 1], needle)
    }
}

/// Where a pair of adjacent bytes goes in a token's 512-bit pair set: which word, which bit.
struct PairBit {
    /// Words of a 512-bit set.
    static let words = Bitset.wordCount(forCapacity: 512)
    let word: Int
    let bit: UInt64

    init(_ first: UInt8, _ second: UInt8) {
        let hash = ((UInt32(first) << 8 | UInt32(second)) &* 2_654_435_761) >> 23
        let position = Bitset.position(of: Int(hash))
        word = position.word
        bit = position.mask
    }

    /// The pair bits a text containing `needle` must have, merged by word (pairs across a newline,
    /// which separates fields, aside).
    static func wanted(in needle: [UInt8]) -> [(word: Int, bits: UInt64)] {
        var bits = [UInt64](repeating: 0, count: words)
        for (first, second) in zip(needle, needle.dropFirst()) where first != 0x0A && second != 0x0A {
            let pair = PairBit(first, second)
            bits[pair.word] |= pair.bit
        }
        return bits.enumerated().filter { $0.element != 0 }.map { (word: $0.offset, bits: $0.element) }
    }
}
