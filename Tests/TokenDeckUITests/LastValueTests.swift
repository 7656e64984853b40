import Testing
@testable import TokenDeckUI

@Suite struct LastValueTests {
    @Test func keepsTheLastValueForItsKeyAndRemakesForAnother() {
        let memo = LastValue<Int, String>()
        var made = 0
        func ask(_ key: Int) -> String {
            memo.value(for: key) {
                made += 1
                return "value \(key) #\(made)"
            }
        }
        #expect(ask(1) == "value 1 #1")
        #expect(ask(1) == "value 1 #1")
        #expect(ask(2) == "value 2 #2")
        // Only the last is kept.
        #expect(ask(1) == "value 1 #3")
        #expect(made == 3)
    }
}
