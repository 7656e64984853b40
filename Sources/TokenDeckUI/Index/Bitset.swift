import Foundation

/// A set of indices in `0..<capacity` (token positions in the index), one bit each, 64 to a word.
/// Every scan of the index marks and reads these instead of arrays of indices, so tokens are
/// visited in storage order however the rows are sorted. The one place that does the word
/// arithmetic: bits past `capacity` in the last word are always clear.
struct Bitset: Sendable, Hashable, Sequence {
    /// The indices the set can hold: `0..<capacity`.
    let capacity: Int
    private(set) var words: [UInt64]

    /// The empty set of indices below `capacity`.
    init(capacity: Int) {
        precondition(capacity >= 0, "a bitset holds indices from 0")
        self.capacity = capacity
        words = [UInt64](repeating: 0, count: Self.wordCount(forCapacity: capacity))
    }

    /// The set of `members`, each below `capacity` (not checked in release builds: this runs on
    /// every keystroke over up to every token).
    init(_ members: [Int], capacity: Int) {
        self.init(capacity: capacity)
        words.withUnsafeMutableBufferPointer { words in
            for member in members {
                assert(member >= 0 && member < capacity, "\(member) is outside 0..<\(capacity)")
                words[member >> 6] |= 1 << UInt64(member & 63)
            }
        }
    }

    /// The indices below `capacity` for which `isMember` holds, asked in increasing order and
    /// written a word at a time.
    init(capacity: Int, where isMember: (Int) -> Bool) {
        self.init(capacity: capacity)
        words.withUnsafeMutableBufferPointer { words in
            for word in words.indices {
                let first = word << 6
                var bits: UInt64 = 0
                for bit in 0..<Swift.min(64, capacity - first) where isMember(first | bit) { bits |= 1 << UInt64(bit) }
                words[word] = bits
            }
        }
    }

    /// Words needed for `capacity` bits.
    static func wordCount(forCapacity capacity: Int) -> Int { (capacity + 63) >> 6 }

    /// Where bit `index` of a set stored as words is: the word, and the bit within it as a mask.
    static func position(of index: Int) -> (word: Int, mask: UInt64) { (index >> 6, 1 << UInt64(index & 63)) }

    // MARK: - Members

    func contains(_ index: Int) -> Bool {
        guard index >= 0, index < capacity else { return false }
        return words[index >> 6] & (1 << UInt64(index & 63)) != 0
    }

    mutating func insert(_ index: Int) {
        precondition(index >= 0 && index < capacity, "\(index) is outside 0..<\(capacity)")
        words[index >> 6] |= 1 << UInt64(index & 63)
    }

    mutating func remove(_ index: Int) {
        guard index >= 0, index < capacity else { return }
        words[index >> 6] &= ~(1 << UInt64(index & 63))
    }

    /// Adds every index of `range` (which must lie in `0...capacity`), a word at a time.
    mutating func insert(contentsOf range: Range<Int>) {
        precondition(range.lowerBound >= 0 && range.upperBound <= capacity, "\(range) is outside 0..<\(capacity)")
        guard !range.isEmpty else { return }
        let (first, last, head, tail) = Self.edges(of: range)
        if first == last {
            words[first] |= head & tail
            return
        }
        words[first] |= head
        words[last] |= tail
        for word in (first + 1)..<last { words[word] = ~0 }
    }

    /// How many indices are in the set.
    var count: Int {
        words.withUnsafeBufferPointer { words in words.reduce(0) { $0 + $1.nonzeroBitCount } }
    }

    var isEmpty: Bool { words.allSatisfy { $0 == 0 } }

    /// How many indices of `range` (which must lie in `0...capacity`) are in the set.
    func count(in range: Range<Int>) -> Int {
        precondition(range.lowerBound >= 0 && range.upperBound <= capacity, "\(range) is outside 0..<\(capacity)")
        guard !range.isEmpty else { return 0 }
        let (first, last, head, tail) = Self.edges(of: range)
        if first == last { return (words[first] & head & tail).nonzeroBitCount }
        var total = (words[first] & head).nonzeroBitCount + (words[last] & tail).nonzeroBitCount
        for word in (first + 1)..<last { total += words[word].nonzeroBitCount }
        return total
    }

    /// The first and last word of a non-empty `range`, and the masks of its bits in them.
    private static func edges(of range: Range<Int>) -> (first: Int, last: Int, head: UInt64, tail: UInt64) {
        let first = range.lowerBound >> 6, last = (range.upperBound - 1) >> 6
        let head = ~UInt64(0) << UInt64(range.lowerBound & 63)
        let tail = ~UInt64(0) >> UInt64(63 - ((range.upperBound - 1) & 63))
        return (first, last, head, tail)
    }

    // MARK: - Set algebra (both sets of the same capacity)

    mutating func formUnion(_ other: Bitset) {
        combine(with: other) { $0 | $1 }
    }

    mutating func formIntersection(_ other: Bitset) {
        combine(with: other) { $0 & $1 }
    }

    mutating func subtract(_ other: Bitset) {
        combine(with: other) { $0 & ~$1 }
    }

    func union(_ other: Bitset) -> Bitset {
        var result = self
        result.formUnion(other)
        return result
    }

    func intersection(_ other: Bitset) -> Bitset {
        var result = self
        result.formIntersection(other)
        return result
    }

    func subtracting(_ other: Bitset) -> Bitset {
        var result = self
        result.subtract(other)
        return result
    }

    private mutating func combine(with other: Bitset, _ operation: (UInt64, UInt64) -> UInt64) {
        precondition(capacity == other.capacity, "sets of \(capacity) and \(other.capacity) indices")
        other.words.withUnsafeBufferPointer { others in
            words.withUnsafeMutableBufferPointer { words in
                for word in words.indices { words[word] = operation(words[word], others[word]) }
            }
        }
    }

    // MARK: - Visiting members in increasing order

    struct Iterator: IteratorProtocol {
        fileprivate let words: [UInt64]
        fileprivate var word = 0
        fileprivate var remaining: UInt64

        mutating func next() -> Int? {
            while remaining == 0 {
                word += 1
                guard word < words.count else { return nil }
                remaining = words[word]
            }
            let bit = remaining.trailingZeroBitCount
            remaining &= remaining - 1
            return word << 6 | bit
        }
    }

    func makeIterator() -> Iterator {
        Iterator(words: words, remaining: words.first ?? 0)
    }

    var underestimatedCount: Int { count }

    /// Calls `body` with each member inside `range`, in increasing order (the range is clamped
    /// to `0..<capacity`).
    func forEach(in range: Range<Int>, _ body: (Int) throws -> Void) rethrows {
        let clamped = range.clamped(to: 0..<capacity)
        guard !clamped.isEmpty else { return }
        let (first, last, head, tail) = Self.edges(of: clamped)
        try words.withUnsafeBufferPointer { words in
            for word in first...last {
                var remaining = words[word]
                if word == first { remaining &= head }
                if word == last { remaining &= tail }
                while remaining != 0 {
                    let bit = remaining.trailingZeroBitCount
                    remaining &= remaining - 1
                    try body(word << 6 | bit)
                }
            }
        }
    }

    /// Those of `candidates` that are members, in the candidates' order. Every candidate must be
    /// below `capacity`, each at most once. Sized once (exact when the set holds only candidates),
    /// and without a branch per candidate: whether one is kept is a coin toss the CPU cannot
    /// predict, so each is written at the end and kept by advancing past it.
    func members(among candidates: [Int]) -> [Int] {
        let total = count
        // One slot spare for the candidates written after the last kept one.
        return [Int](unsafeUninitializedCapacity: total + 1) { buffer, initialized in
            var kept = 0
            words.withUnsafeBufferPointer { bits in
                for index in candidates where kept <= total {
                    buffer[kept] = index
                    kept += Int(truncatingIfNeeded: bits[index >> 6] >> UInt64(index & 63) & 1)
                }
            }
            initialized = Swift.min(kept, total)
        }
    }

    // MARK: - Narrowing

    /// The members for which `isIncluded` holds, asked in increasing order.
    func subset(where isIncluded: (Int) -> Bool) -> Bitset {
        var result = Bitset(capacity: capacity)
        words.withUnsafeBufferPointer { source in
            result.words.withUnsafeMutableBufferPointer { target in
                Self.keep(source, into: target, words: 0..<source.count, isIncluded)
            }
        }
        return result
    }

    /// The members that pass `test`, the words shared among `parts` threads (one when `parts` is
    /// 1). Shares are contiguous runs of words, so each thread writes words no other touches.
    func subset<Test: MemberTest>(passing test: Test, sharedAmong parts: Int) -> Bitset {
        guard parts > 1 else { return subset { test.passes($0) } }
        var result = Bitset(capacity: capacity)
        words.withUnsafeBufferPointer { source in
            result.words.withUnsafeMutableBufferPointer { target in
                let shares = Shares(source: source, target: target, parts: parts)
                DispatchQueue.concurrentPerform(iterations: parts) { shares.run(part: $0, test) }
            }
        }
        return result
    }

    /// The words of `source` in `range`, each reduced to the members passing `isIncluded`, into `target`.
    @inline(__always)
    private static func keep(_ source: UnsafeBufferPointer<UInt64>, into target: UnsafeMutableBufferPointer<UInt64>, words range: Range<Int>,
                             _ isIncluded: (Int) -> Bool) {
        for word in range where source[word] != 0 {
            var remaining = source[word]
            var found: UInt64 = 0
            while remaining != 0 {
                let bit = remaining.trailingZeroBitCount
                remaining &= remaining - 1
                if isIncluded(word << 6 | bit) { found |= 1 << UInt64(bit) }
            }
            target[word] = found
        }
    }

    /// The words of one `subset(passing:sharedAmong:)`, borrowed for the length of the call.
    /// Parts write disjoint words of `target`, which is what makes handing it to threads sound.
    private struct Shares: @unchecked Sendable {
        let source: UnsafeBufferPointer<UInt64>
        let target: UnsafeMutableBufferPointer<UInt64>
        let parts: Int

        func run<Test: MemberTest>(part: Int, _ test: Test) {
            let words = (source.count * part / parts)..<(source.count * (part + 1) / parts)
            Bitset.keep(source, into: target, words: words) { test.passes($0) }
        }
    }

    /// The words, for a scan that reads them directly (`count`, `capacity` and the clear bits
    /// past it hold as documented).
    func withUnsafeWords<Result>(_ body: (UnsafeBufferPointer<UInt64>) throws -> Result) rethrows -> Result {
        try words.withUnsafeBufferPointer(body)
    }
}

/// A test a member must pass to stay in `Bitset.subset(passing:sharedAmong:)`, asked from several
/// threads at once.
protocol MemberTest: Sendable {
    func passes(_ member: Int) -> Bool
}
