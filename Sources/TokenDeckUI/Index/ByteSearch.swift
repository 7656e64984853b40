import Foundation

/// Substring search over bytes, sixteen positions at a time: each step compares sixteen bytes
/// with the needle's first byte and the sixteen bytes `needle.count - 1` further on with its last,
/// and only positions where both agree are compared in full (for a two-byte needle, both agreeing
/// is the answer). A token's search text is short (≈77 bytes), so five steps cover most of one —
/// against a `memchr` call per occurrence of the first byte, which for a common letter was most of
/// the second keystroke of a search over 100,000 tokens.
enum ByteSearch {
    /// Bytes a search may read past `end` (the index pads its text with this many).
    static let overread = 16

    /// Whether `hay[start..<end]` contains `needle`. Reads up to `overread` bytes past `end`, which
    /// must lie inside `hay`; where they do not, it falls back to a byte-at-a-time search.
    static func contains(_ hay: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, _ needle: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = needle.count
        guard n > 0, start >= 0, end <= hay.count, end - start >= n,
              let base = hay.baseAddress, let pin = needle.baseAddress else { return n == 0 }
        // The last position a match can start at. The loads read up to 15 bytes past a position and
        // past position + n - 1, so never beyond end + 14: within `overread` of end.
        let lastStart = end - n
        guard lastStart + n - 1 + overread <= hay.count else {
            return scalarContains(base, from: start, through: lastStart, pin, n)
        }
        let first = SIMD16<UInt8>(repeating: pin[0])
        let last = SIMD16<UInt8>(repeating: pin[n - 1])
        let raw = UnsafeRawPointer(base)
        var position = start
        while position <= lastStart {
            var hits = raw.loadUnaligned(fromByteOffset: position, as: SIMD16<UInt8>.self) .== first
            hits = hits .& (raw.loadUnaligned(fromByteOffset: position + n - 1, as: SIMD16<UInt8>.self) .== last)
            let valid = lastStart - position + 1
            if valid < 16 { hits = hits .& (lanes .< SIMD16<UInt8>(repeating: UInt8(valid))) }
            if any(hits) {
                if n <= 2 { return true }
                for lane in 0..<16 where hits[lane] {
                    if memcmp(base + position + lane + 1, pin + 1, n - 2) == 0 { return true }
                }
            }
            position += 16
        }
        return false
    }

    private static let lanes = SIMD16<UInt8>(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)

    private static func scalarContains(_ base: UnsafePointer<UInt8>, from start: Int, through lastStart: Int,
                                       _ pin: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        var position = start
        while position <= lastStart {
            if base[position] == pin[0], memcmp(base + position, pin, n) == 0 { return true }
            position += 1
        }
        return false
    }
}
