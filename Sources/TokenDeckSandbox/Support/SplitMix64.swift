/// A small, fast, seedable PRNG (SplitMix64): the sandbox's data and its random faults
/// must be the same for the same seed on every machine, which the system generator is not.
struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    /// An independent stream for one purpose (a vendor's data, the fault dice), so that
    /// changing one vendor's share of tokens does not reshuffle the others.
    init(seed: UInt64, stream: UInt64) {
        var mixer = SplitMix64(seed: seed ^ (stream &* 0x9E37_79B9_7F4A_7C15))
        state = mixer.next()
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in 0..<bound (bound > 0).
    mutating func int(below bound: Int) -> Int {
        Int(next() % UInt64(bound))
    }

    mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + int(below: range.count)
    }

    mutating func int64(in range: ClosedRange<Int64>) -> Int64 {
        let width = UInt64(range.upperBound - range.lowerBound) &+ 1
        return range.lowerBound + Int64(width == 0 ? next() : next() % width)
    }

    /// Uniform in [0, 1).
    mutating func unit() -> Double {
        Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0)
    }

    mutating func chance(_ probability: Double) -> Bool {
        unit() < probability
    }

    mutating func pick<T>(_ values: [T]) -> T {
        values[int(below: values.count)]
    }

    /// Picks an index by relative weights.
    mutating func weighted(_ weights: [Int]) -> Int {
        var roll = int(below: weights.reduce(0, +))
        for (index, weight) in weights.enumerated() {
            if roll < weight { return index }
            roll -= weight
        }
        return weights.count - 1
    }

    /// `count` characters of lowercase Crockford base32, the alphabet of ULIDs.
    mutating func base32(_ count: Int) -> String {
        String(decoding: (0..<count).map { _ in Self.crockford[int(below: 32)] }, as: UTF8.self)
    }

    /// `count` characters of lowercase base36, as cuid-style ids use.
    mutating func base36(_ count: Int) -> String {
        String(decoding: (0..<count).map { _ in Self.base36Digits[int(below: 36)] }, as: UTF8.self)
    }

    static let crockford: [UInt8] = Array("0123456789abcdefghjkmnpqrstvwxyz".utf8)
    static let base36Digits: [UInt8] = Array("0123456789abcdefghijklmnopqrstuvwxyz".utf8)
}
