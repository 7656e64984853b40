import Testing
@testable import TokenDeckUI

/// The sixteen-at-a-time substring search agrees with a plain one: matches at every lane of a step,
/// across steps, at the very start and end of the range, never outside it, with and without room
/// to read past the end.
@Suite struct ByteSearchTests {
    /// The plain answer: does hay[start..<end] contain needle?
    func naive(_ hay: [UInt8], _ start: Int, _ end: Int, _ needle: [UInt8]) -> Bool {
        guard needle.count <= end - start else { return needle.isEmpty }
        if needle.isEmpty { return true }
        return (start...(end - needle.count)).contains { hay[$0..<($0 + needle.count)].elementsEqual(needle) }
    }

    func search(_ hay: [UInt8], _ start: Int, _ end: Int, _ needle: [UInt8]) -> Bool {
        hay.withUnsafeBufferPointer { hay in
            needle.withUnsafeBufferPointer { ByteSearch.contains(hay, from: start, to: end, $0) }
        }
    }

    @Test func aNeedleIsFoundAtEveryPositionAndNotOutsideTheRange() {
        for needleLength in [1, 2, 3, 5, 16, 17, 31] {
            let needle = (0..<needleLength).map { UInt8(0x61 + $0 % 26) }
            for length in [needleLength, needleLength + 1, 15, 16, 17, 33, 77] where length >= needleLength {
                for at in 0...(length - needleLength) {
                    // Room past the range, filled with what would complete a false match.
                    var hay = [UInt8](repeating: 0x2E, count: 4 + length + ByteSearch.overread)
                    hay.replaceSubrange((4 + at)..<(4 + at + needleLength), with: needle)
                    #expect(search(hay, 4, 4 + length, needle), "needle \(needleLength) at \(at) of \(length)")
                    // The same text with the range cut one byte short of the match's end, or one past its start.
                    #expect(!search(hay, 4, 4 + at + needleLength - 1, needle))
                    #expect(!search(hay, 4 + at + 1, 4 + length, needle))
                }
            }
        }
    }

    @Test func agreesWithAPlainSearchOnRandomText() {
        var generator = LCG(state: 7)
        var hay: [UInt8] = (0..<4_000).map { _ in UInt8(0x61 + generator.next() % 4) }
        // Without padding too: the last ranges end at the very end of the buffer.
        for padded in [true, false] {
            if !padded { hay.removeLast(ByteSearch.overread) }
            for _ in 0..<3_000 {
                let start = Int(generator.next() % UInt64(hay.count))
                let end = min(hay.count, start + Int(generator.next() % 90))
                let needle = (0..<Int(1 + generator.next() % 6)).map { _ in UInt8(0x61 + generator.next() % 4) }
                #expect(search(hay, start, end, needle) == naive(hay, start, end, needle), "\(start)..<\(end) \(needle)")
            }
            let tailStart = hay.count - 20
            for needleLength in 1...6 {
                let needle = Array(hay[(hay.count - needleLength)...])
                #expect(search(hay, tailStart, hay.count, needle))
            }
        }
    }

    @Test func emptyAndTooLongNeedles() {
        let hay = [UInt8]("abc".utf8) + [UInt8](repeating: 0, count: ByteSearch.overread)
        #expect(search(hay, 0, 3, []))
        #expect(!search(hay, 0, 3, Array("abcd".utf8)))
        #expect(search(hay, 0, 3, Array("abc".utf8)))
        #expect(!search(hay, 1, 3, Array("ab".utf8)))
    }
}

/// Knuth's MMIX linear congruential generator: deterministic, so a failure reproduces.
private struct LCG {
    var state: UInt64
    mutating func next() -> UInt64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return state >> 33
    }
}
