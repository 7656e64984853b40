import Foundation
import TestSupport
import TokenDeckCore
@testable import TokenDeckUI

/// Three accounts at three vendors, as the dashboard tests see them.
let dashboardAccounts = [
    AccountInfo(name: "acme-prod", vendor: .provisionr),
    AccountInfo(name: "agents", vendor: .metokens),
    AccountInfo(name: "ml-platform", vendor: .truefoundry),
]

/// Seven tokens covering every row style: active, expiring, expired, revoked, trashed, never
/// used, no expiry; created on different days so the default sort (created ↓) is known.
func sampleTokens() -> [Token] {
    [
        Token.fixture(account: "acme-prod", id: "wstok_01hq8xa1", kind: "svc_access", title: "Vendor X (Prod)",
                      createdAt: TestClock.days(-2), lastUsedAt: TestClock.days(-2), expiresAt: TestClock.days(29), owner: "alice"),
        Token.fixture(account: "acme-prod", id: "wstok_01hq8xb2", kind: "personal_access", title: "Laptop CLI",
                      createdAt: TestClock.days(-40), lastUsedAt: TestClock.days(-50), expiresAt: nil, owner: "bob"),
        Token.fixture(account: "acme-prod", id: "wstok_01hq8xc3", kind: "svc_access", title: "Old deploy bot",
                      trashed: true, createdAt: TestClock.days(-400), lastUsedAt: nil, expiresAt: TestClock.days(-3), owner: "ci"),
        Token.fixture(vendor: .metokens, account: "agents", id: "4021", kind: "token", title: "Nightly agent",
                      createdAt: TestClock.days(-5), lastUsedAt: nil, expiresAt: TestClock.days(90), usageCount: 0),
        Token.fixture(vendor: .metokens, account: "agents", id: "4022", kind: "token", title: "Expired agent",
                      createdAt: TestClock.days(-100), lastUsedAt: TestClock.days(-95), expiresAt: TestClock.days(-1)),
        Token.fixture(vendor: .truefoundry, account: "ml-platform", id: "pat-7", kind: "personal", title: "Notebook access",
                      vendorStatus: .revoked, createdAt: TestClock.days(-20), lastUsedAt: nil, expiresAt: TestClock.days(100), owner: "carol"),
        Token.fixture(vendor: .truefoundry, account: "ml-platform", id: "pat-8", kind: "personal", title: "Feature store",
                      createdAt: TestClock.days(-1), lastUsedAt: nil, expiresAt: TestClock.days(300), owner: "carol"),
    ]
}

/// `count` tokens in one account, ids `tok_00001`…, newest first by creation.
func manyTokens(_ count: Int, account: String = "acme-prod", kinds: [String] = ["svc_access", "cli_access", "personal_access"]) -> [Token] {
    (0..<count).map { index in
        let number = String(index + 1)
        let id = "tok_" + String(repeating: "0", count: max(0, 5 - number.count)) + number
        return Token.fixture(account: account, id: id, kind: kinds[index % kinds.count], title: "Token number \(index + 1)",
                             createdAt: TestClock.days(-1, seconds: -Double(index) * 60), lastUsedAt: TestClock.days(-1),
                             expiresAt: TestClock.days(200), owner: "owner\(index % 7)")
    }
}

/// A dashboard at `size` holding `tokens`, fetched 12 seconds before the clock.
func dashboard(_ tokens: [Token] = sampleTokens(), accounts: [AccountInfo] = dashboardAccounts, size: Size = Size(width: 100, height: 20),
               pageSize: Int = 100, demo: Bool = false) -> AppState {
    var state = AppState(accounts: accounts, pageSize: pageSize, demo: demo, now: TestClock.now)
    _ = App.update(&state, .resize(size))
    _ = App.update(&state, .tokensLoaded(tokens, fetchedAt: TestClock.now.addingTimeInterval(-12)))
    return state
}

extension AppState {
    /// Presses keys in order; returns every effect they produced.
    @discardableResult
    mutating func press(_ keys: Key...) -> [Effect] {
        keys.flatMap { App.update(&self, .key($0)) }
    }

    /// Types text into whatever has the keys, one key per character.
    @discardableResult
    mutating func type(_ text: String) -> [Effect] {
        text.flatMap { App.update(&self, .key(.char($0))) }
    }

    /// The screen at the state's own size.
    var screen: Screen { App.render(self, size: size) }

    /// Ids of the rows the table shows, in order.
    var visibleIDs: [String] { view.rows.map { catalog.tokens[$0].id } }
}

extension Screen {
    /// Every row, trailing spaces trimmed (what a person sees).
    var trimmedLines: [String] { text.components(separatedBy: "\n") }

    /// The first row whose text contains `text`.
    func dashboardRow(containing text: String) -> Int? { lines.firstIndex { $0.contains(text) } }

    /// The cell column where `text` starts on row `y` (wide characters count two cells).
    func cellColumn(of text: String, row y: Int) -> Int? {
        let line = lines[y]
        guard let range = line.range(of: text) else { return nil }
        var x = 0
        var characters = 0
        let prefix = line[..<range.lowerBound].count
        while x < size.width, characters < prefix {
            if !self[x, y].isContinuation { characters += 1 }
            x += 1
        }
        while x < size.width, self[x, y].isContinuation { x += 1 }
        return x
    }

    /// Style of the cell where `text` first starts on the screen.
    func style(at text: String) -> TextStyle? {
        for (y, line) in lines.enumerated() {
            guard let range = line.range(of: text) else { continue }
            // Columns, not characters: count display width up to the match (continuations are empty).
            var x = 0
            var column = 0
            let prefix = line[..<range.lowerBound]
            while x < size.width, column < prefix.count {
                if !self[x, y].isContinuation { column += 1 }
                x += 1
            }
            while x < size.width, self[x, y].isContinuation { x += 1 }
            return x < size.width ? self[x, y].style : nil
        }
        return nil
    }
}
