import Foundation
import Testing
@testable import TokenDeckCore

/// `TokenFilter.apply` puts tokens in order by swaps: the result must be what indexing gives.
@Suite struct PermuteTests {
    @Test(arguments: [0, 1, 2, 3, 10, 257] as [Int])
    func swapsGiveWhatIndexingGives(count: Int) {
        var state: UInt64 = UInt64(count) &* 0x9E37_79B9_7F4A_7C15 | 1
        for _ in 0..<20 {
            var order = Array(0..<count)
            // Fisher–Yates with a xorshift: many cycle shapes, fixed per count.
            for index in stride(from: count - 1, to: 0, by: -1) {
                state ^= state << 13; state ^= state >> 7; state ^= state << 17
                order.swapAt(index, Int(state % UInt64(index + 1)))
            }
            let tokens = (0..<count).map { Token(vendor: .metokens, account: "a", id: "t\($0)", kind: "k", title: "T\($0)") }
            var permuted = tokens
            TokenFilter.permute(&permuted, into: order)
            let expected = order.map { tokens[$0].id }
            #expect(permuted.map(\.id) == expected)
        }
    }
}
