import Testing
import TestSupport
@testable import TokenDeckUI

/// The bitset every index scan goes through agrees with `Set<Int>` for every operation, at the
/// word edges (0, 63, 64, 65 bits) and at 100,000 tokens, on the same seeded cases every run.
@Suite struct BitsetTests {
    static let capacities = [0, 1, 63, 64, 65, 100, 128, 129, 100_000]

    /// A random set of indices below `capacity`, a `density` in 256 of them present.
    func randomMembers(below capacity: Int, density: Int, using generator: inout SeededGenerator) -> Set<Int> {
        var members = Set<Int>()
        for index in 0..<capacity where generator.below(256) < density { members.insert(index) }
        return members
    }

    func expectAgrees(_ bits: Bitset, _ oracle: Set<Int>, _ context: String) {
        #expect(Array(bits) == oracle.sorted(), "members, in increasing order: \(context)")
        #expect(bits.count == oracle.count, "count: \(context)")
        #expect(bits.isEmpty == oracle.isEmpty, "isEmpty: \(context)")
    }

    @Test func anEmptySetOfEveryCapacityHasNoMembers() {
        for capacity in Self.capacities {
            let bits = Bitset(capacity: capacity)
            #expect(bits.words.count == (capacity + 63) / 64)
            expectAgrees(bits, [], "capacity \(capacity)")
            #expect(!bits.contains(0) && !bits.contains(capacity - 1) && !bits.contains(capacity) && !bits.contains(-1))
        }
    }

    @Test func insertContainsAndRemoveAgreeWithASet() {
        var generator = SeededGenerator(seed: 16)
        for capacity in Self.capacities where capacity > 0 {
            var bits = Bitset(capacity: capacity)
            var oracle = Set<Int>()
            // The edges of every word, and random indices, inserted and removed in random order.
            let edges = [0, 62, 63, 64, 65, 127, 128, capacity - 1].filter { $0 < capacity }
            for step in 0..<min(4 * capacity, 2_000) {
                let index = step < edges.count ? edges[step] : generator.below(capacity)
                if generator.below(3) == 0 {
                    bits.remove(index)
                    oracle.remove(index)
                } else {
                    bits.insert(index)
                    oracle.insert(index)
                }
                #expect(bits.contains(index) == oracle.contains(index))
            }
            expectAgrees(bits, oracle, "capacity \(capacity)")
            for index in edges { #expect(bits.contains(index) == oracle.contains(index), "\(index) of \(capacity)") }
            #expect(!bits.contains(capacity) && !bits.contains(-1))
        }
    }

    @Test func buildingFromMembersOrATestGivesTheSameSet() {
        var generator = SeededGenerator(seed: 64)
        for capacity in Self.capacities {
            for density in [0, 3, 128, 256] {
                let oracle = randomMembers(below: capacity, density: density, using: &generator)
                // The members in no particular order: the set does not depend on it.
                let fromMembers = Bitset(oracle.shuffled(using: &generator), capacity: capacity)
                let fromTest = Bitset(capacity: capacity) { oracle.contains($0) }
                expectAgrees(fromMembers, oracle, "members, capacity \(capacity), density \(density)")
                #expect(fromTest == fromMembers, "capacity \(capacity), density \(density)")
            }
        }
    }

    @Test func unionIntersectionAndSubtractionAgreeWithASet() {
        var generator = SeededGenerator(seed: 65)
        for capacity in Self.capacities {
            for (density, otherDensity) in [(0, 128), (128, 128), (256, 3), (40, 200)] {
                let first = randomMembers(below: capacity, density: density, using: &generator)
                let second = randomMembers(below: capacity, density: otherDensity, using: &generator)
                let a = Bitset(Array(first), capacity: capacity), b = Bitset(Array(second), capacity: capacity)
                let context = "capacity \(capacity), densities \(density)/\(otherDensity)"
                expectAgrees(a.union(b), first.union(second), "union, " + context)
                expectAgrees(a.intersection(b), first.intersection(second), "intersection, " + context)
                expectAgrees(a.subtracting(b), first.subtracting(second), "subtracting, " + context)
                var formed = a
                formed.formIntersection(b)
                formed.formUnion(b.subtracting(a))
                expectAgrees(formed, second, "formed in place, " + context)
            }
        }
    }

    @Test func countInARangeCountsEveryRangeShape() {
        let indices = [0, 1, 63, 64, 65, 127, 128, 200, 255]
        let bits = Bitset(indices, capacity: 256)
        for lower in [0, 1, 2, 63, 64, 65, 100, 128, 255] {
            for upper in [lower, lower + 1, 64, 65, 128, 129, 201, 256] where upper >= lower && upper <= 256 {
                #expect(bits.count(in: lower..<upper) == indices.filter { (lower..<upper).contains($0) }.count, "\(lower)..<\(upper)")
            }
        }
    }

    @Test func rangesInsertedAndVisitedAgreeWithASet() {
        var generator = SeededGenerator(seed: 63)
        for capacity in Self.capacities where capacity > 0 {
            for _ in 0..<40 {
                var ends = [generator.below(capacity + 1), generator.below(capacity + 1)].sorted()
                if generator.below(4) == 0 { ends = [ends[0], min(capacity, ends[0] + 64)] }  // a word-long range
                let range = ends[0]..<ends[1]
                var oracle = randomMembers(below: capacity, density: 20, using: &generator)
                var bits = Bitset(Array(oracle), capacity: capacity)
                #expect(bits.count(in: range) == oracle.filter { range.contains($0) }.count, "count in \(range) of \(capacity)")
                var visited: [Int] = []
                bits.forEach(in: range) { visited.append($0) }
                #expect(visited == oracle.filter { range.contains($0) }.sorted(), "visited in \(range) of \(capacity)")
                bits.insert(contentsOf: range)
                oracle.formUnion(range)
                expectAgrees(bits, oracle, "inserted \(range) of \(capacity)")
            }
        }
        // A range reaching past the capacity is visited up to the capacity only.
        var visited: [Int] = []
        Bitset(Array(0..<65), capacity: 65).forEach(in: 60..<200) { visited.append($0) }
        #expect(visited == Array(60..<65))
    }

    @Test func membersAmongCandidatesKeepTheCandidatesOrder() {
        let bits = Bitset([0, 1, 63, 64, 65, 127, 128, 200, 255], capacity: 256)
        #expect(bits.members(among: [255, 3, 64, 0]) == [255, 64, 0])
        #expect(bits.members(among: []) == [])
        #expect(Bitset(capacity: 0).members(among: []) == [])
        var generator = SeededGenerator(seed: 100_000)
        let capacity = 100_000
        let oracle = randomMembers(below: capacity, density: 128, using: &generator)
        let bits100k = Bitset(Array(oracle), capacity: capacity)
        let candidates = Array(0..<capacity).shuffled(using: &generator)
        #expect(bits100k.members(among: candidates) == candidates.filter { oracle.contains($0) })
        // Candidates that are only some of the members.
        let some = Array(candidates.prefix(1_000))
        #expect(bits100k.members(among: some) == some.filter { oracle.contains($0) })
    }

    struct EveryThird: MemberTest {
        func passes(_ member: Int) -> Bool { member % 3 == 0 }
    }

    @Test func aSubsetIsTheSameOnOneThreadOrShared() {
        var generator = SeededGenerator(seed: 3)
        for capacity in Self.capacities {
            let oracle = randomMembers(below: capacity, density: 200, using: &generator)
            let bits = Bitset(Array(oracle), capacity: capacity)
            let expected = oracle.filter { $0 % 3 == 0 }
            expectAgrees(bits.subset { $0 % 3 == 0 }, expected, "one thread, capacity \(capacity)")
            for parts in [1, 2, 16] {
                expectAgrees(bits.subset(passing: EveryThird(), sharedAmong: parts), expected, "\(parts) parts, capacity \(capacity)")
            }
        }
    }

    @Test func wordPositionsAreTheIndexDividedAmongWordsOf64() {
        let cases: [(index: Int, word: Int, mask: UInt64)] = [(0, 0, 1), (63, 0, 1 << 63), (64, 1, 1), (130, 2, 4), (511, 7, 1 << 63)]
        for (index, word, mask) in cases {
            let position = Bitset.position(of: index)
            #expect(position.word == word && position.mask == mask, "\(index)")
        }
        #expect(Bitset.wordCount(forCapacity: 0) == 0)
        #expect(Bitset.wordCount(forCapacity: 64) == 1)
        #expect(Bitset.wordCount(forCapacity: 65) == 2)
    }
}
