import Foundation
import Testing
import TestSupport
@testable import TokenDeckCore

/// `TokenFilter.apply` puts tokens in order by swaps: the result must be what indexing gives.
@Suite struct PermuteTests {
    @Test(arguments: [0, 1, 2, 3, 10, 257] as [Int])
    func swapsGiveWhatIndexingGives(count: Int) {
        var random = SeededGenerator(seed: UInt64(count) + 1)
        for _ in 0..<20 {
            var order = Array(0..<count)
            // Many cycle shapes, the same on every run.
            order.shuffle(using: &random)
            let tokens = (0..<count).map { Token(vendor: .metokens, account: "a", id: "t\($0)", kind: "k", title: "T\($0)") }
            var permuted = tokens
            TokenFilter.permute(&permuted, into: order)
            let expected = order.map { tokens[$0].id }
            #expect(permuted.map(\.id) == expected)
        }
    }
}
