import Foundation
import Testing
import TestSupport
import TokenDeckCore
import TokenDeckUI

/// Which waiting actions a newer one makes pointless (`Action.supersedes`): only older loads.
@Suite struct ActionCoalescingTests {
    let whole = Action.tokensLoaded([Token.fixture()], fetchedAt: nil)
    let acme = Action.accountTokensLoaded(account: "acme-prod", tokens: [Token.fixture()], fetchedAt: nil)
    let other = Action.accountTokensLoaded(account: "ml-platform", tokens: [], fetchedAt: nil)

    @Test func aWholeLoadSupersedesEveryWaitingLoad() {
        #expect(whole.supersedes(.tokensLoaded([], fetchedAt: TestClock.now)))
        #expect(whole.supersedes(acme))
        #expect(whole.supersedes(other))
    }

    @Test func anAccountLoadSupersedesAWaitingLoadOfTheSameAccountOnly() {
        #expect(acme.supersedes(.accountTokensLoaded(account: "acme-prod", tokens: [], fetchedAt: TestClock.now)))
        #expect(!acme.supersedes(other))
        // The whole set holds other accounts' tokens too: it still has to be applied.
        #expect(!acme.supersedes(whole))
    }

    @Test func nothingElseSupersedesOrIsSuperseded() {
        let others: [Action] = [
            .key(.char("j")), .tick(TestClock.now), .syncStarted, .syncFinished(TestClock.now),
            .cachePreview([Token.fixture()], total: 10), .statusMessage("x", isError: false),
            .syncProgress(account: "acme-prod", pagesDone: 1, pagesKnown: nil),
            .rawJSONLoaded(account: "acme-prod", id: "wstok_1", json: nil),
        ]
        for action in others {
            #expect(!whole.supersedes(action), "\(action)")
            #expect(!acme.supersedes(action), "\(action)")
            #expect(!action.supersedes(whole), "\(action)")
            #expect(!action.supersedes(acme), "\(action)")
            #expect(!action.supersedes(action), "\(action)")
        }
    }

    /// What the inbox does with it: a queue keeps the newest load and every other action in order.
    @Test func applyingItToAQueueKeepsTheNewestLoadAndEverythingElseInOrder() {
        var queue: [Action] = []
        func post(_ action: Action) {
            queue.removeAll { action.supersedes($0) }
            queue.append(action)
        }
        post(acme)
        post(.syncStarted)
        post(other)
        post(.accountTokensLoaded(account: "acme-prod", tokens: [], fetchedAt: nil))
        #expect(queue.map(describe) == ["syncStarted", "ml-platform", "acme-prod 0"])
        post(whole)
        #expect(queue.map(describe) == ["syncStarted", "whole 1"])
    }

    private func describe(_ action: Action) -> String {
        switch action {
        case .syncStarted: "syncStarted"
        case .tokensLoaded(let tokens, _): "whole \(tokens.count)"
        case .accountTokensLoaded(let account, let tokens, _): account == "ml-platform" ? account : "\(account) \(tokens.count)"
        default: "other"
        }
    }
}
