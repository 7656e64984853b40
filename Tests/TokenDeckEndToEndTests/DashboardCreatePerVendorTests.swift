import Foundation
import Testing

/// A Prefactor API token created in the real dashboard (the demo, in tmux): the form's Prefactor
/// fields, the secret shown once, `y` copying it as OSC 52 (read from tmux's pipe, before tmux
/// interprets it), and the new token selected in the list. Every wait is for the screen that
/// answers the key, with timeouts for a loaded CI box.
@Suite("Creating a Prefactor token in the dashboard", .serialized)
struct DashboardCreatePerVendorTests {
    @Test func aPrefactorTokenCreatedInTheDashboardShowsItsSecretOnceAndCopiesIt() async throws {
        let demo = try RecordedDemo()
        let session = demo.session
        try await session.waitUntil("the demo synced", timeout: 40) { screen in
            DashboardEndToEndTests.isSynced(screen) && (DashboardEndToEndTests.sidebarCount(of: "demo-prefactor", in: screen) ?? 0) > 0
                && screen.contains("q:quit")
        }
        try session.type(":account demo-prefactor")
        try session.press("Enter")
        let listed = try await session.waitFor("demo-prefactor · prefactor", timeout: 20)
        let before = try #require(DashboardEndToEndTests.sidebarCount(of: "demo-prefactor", in: listed))

        try session.press("c")
        let form = try await session.waitFor("New Prefactor API token", timeout: 20)
        #expect(form.contains("◂ demo-prefactor ▸"), "the selected account is chosen:\n\(form)")
        #expect(form.contains("◂ account ▸"), "the scope starts at account:\n\(form)")
        #expect(form.contains("Account ID") && !form.contains("Service ID") && !form.contains("Description"), "Prefactor's fields:\n\(form)")
        // Scope → Account ID (empty: the credential's own account) → Expires.
        try session.press("Tab", "Tab")
        try session.type("30d")
        let expected = DashboardEndToEndTests.utcDay(Date().addingTimeInterval(30 * 86_400))
        try await session.waitFor("→ \(expected)", timeout: 20)
        try session.press("Enter")

        let notice = try await session.waitFor("Token created · demo-prefactor", timeout: 30)
        let id = try #require(DashboardEndToEndTests.noticeValue("ID", in: notice), "no id in the notice:\n\(notice)")
        let secret = try #require(Self.secret(in: notice), "no secret in the notice:\n\(notice)")
        #expect(secret.hasPrefix("pfx_"))
        #expect(notice.contains("press y to copy (OSC 52)"))
        try session.press("y")
        try await session.waitFor("secret copied (OSC 52)", timeout: 20)
        try session.press("Escape")
        let shown = try await session.waitUntil("the notice closed and the new token selected", timeout: 30) { screen in
            !screen.contains("Token created") && DashboardEndToEndTests.detailsText(screen).contains(id)
        }
        #expect(!shown.contains(secret), "the secret is gone from the screen once the notice closes")
        #expect(DashboardEndToEndTests.sidebarCount(of: "demo-prefactor", in: shown) == before + 1)

        let (end, bytes) = try await demo.quitAndRecording()
        #expect(end.contains("[exit=0]"), "the dashboard did not exit 0:\n\(end)")
        let payloads = ClipboardEndToEndTests.osc52Payloads(in: bytes).compactMap { Data(base64Encoded: $0) }
        #expect(payloads.map { String(decoding: $0, as: UTF8.self) } == [secret], "y copies the secret, once")
    }

    /// The line under "Secret — shown only this once" in the notice.
    static func secret(in screen: String) -> String? {
        let lines = screen.split(separator: "\n").map(String.init)
        guard let heading = lines.firstIndex(where: { $0.contains("Secret — shown only this once") }), heading + 1 < lines.count,
              let range = lines[heading + 1].range(of: "│ ") else { return nil }
        return lines[heading + 1][range.upperBound...].trimmingCharacters(in: CharacterSet(charactersIn: " │")).split(separator: " ").first.map(String.init)
    }
}
