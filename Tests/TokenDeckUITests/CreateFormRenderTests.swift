import Foundation
import Testing
import TokenDeckCore
import TokenDeckUI

/// The form and the created-token notice, drawn into a 100×30 screen and read as text.
@Suite struct CreateFormRenderTests {
    @Test func anOpenFormShowsItsFieldsDefaultsAndKeysButNoProblems() {
        let screen = renderedForm(makeForm())
        let text = screen.text
        #expect(text.contains("┌ New service access token ─"))
        #expect(text.contains("◂ acme-prod ▸"))
        #expect(text.contains("1/2"))
        #expect(text.contains("svc_123"))
        #expect(text.contains("▸ Name"))
        #expect(text.contains("0/55"))
        #expect(text.contains("never"))
        #expect(text.contains("Enter/^S create · Tab/↑↓ field · ^P 7d/30d/90d/1y · Esc cancel"))
        #expect(!text.contains("required"))
    }

    @Test func theBoxIsCentredAndLeavesTheViewAroundIt() {
        var screen = Screen(size: Size(width: 100, height: 30))
        screen.fill(Rect(x: 0, y: 0, width: 100, height: 30), with: "#")
        CreateFormView.render(makeForm(), into: &screen, area: formArea, now: formNow)
        #expect(screen.lines[7].hasPrefix(String(repeating: "#", count: 10) + "┌"))
        #expect(screen.lines[21].hasSuffix("┘" + String(repeating: "#", count: 10)))
        #expect(screen.lines[6] == String(repeating: "#", count: 100))
    }

    @Test func theNameCounterCountsLive() {
        var form = makeForm()
        form.type("Vendor X (Prod) 1")
        let screen = renderedForm(form)
        guard let row = screen.formRow(containing: "Vendor X (Prod) 1") else {
            Issue.record("\(screen.text)")
            return
        }
        #expect(screen.lines[row].contains("17/55"))
    }

    @Test func aFiftySixCharacterNameTurnsTheCounterRedAndSaysWhy() {
        var form = makeForm()
        form.type(String(repeating: "n", count: 56))
        let screen = renderedForm(form)
        guard let row = screen.formRow(containing: "56/55"), let x = screen.formColumn(of: "56/55", row: row) else {
            Issue.record("\(screen.text)")
            return
        }
        #expect(screen[x, row].style.role == .formError)
        #expect(screen.lines[row + 1].contains("The name may not be longer than 55 characters (it has 56)."))
        if let messageX = screen.formColumn(of: "The name may", row: row + 1) {
            #expect(screen[messageX, row + 1].style.role == .formError)
        }
    }

    @Test func aRelativeExpiryIsShownResolved() {
        var form = makeForm()
        form.press(.ctrl("p"), .ctrl("p"))
        let screen = renderedForm(form)
        guard let row = screen.formRow(containing: "Expires") else {
            Issue.record("\(screen.text)")
            return
        }
        #expect(screen.lines[row].contains("30d"))
        #expect(screen.lines[row].contains("→ 2026-12-23"))
    }

    @Test func anInvalidSubmitShowsEveryProblemUnderItsField() {
        var form = makeForm()
        form.press(.enter)
        let text = renderedForm(form).text
        #expect(text.contains("The name is required."))
        #expect(text.contains("The description is required."))
        #expect(form.focused == .name)
    }

    @Test func unprocessable422MessagesAreDrawnUnderTheirFields() {
        var form = CreateFormState.filled()
        form.press(.enter)
        form.submissionFailed(VendorError(vendor: .provisionr, status: 422, message: "The given data was invalid.",
                                          fieldErrors: ["name": ["The name has already been taken."]]))
        let screen = renderedForm(form)
        guard let nameRow = screen.formRow(containing: "Vendor X (Prod)") else {
            Issue.record("\(screen.text)")
            return
        }
        #expect(screen.lines[nameRow + 1].contains("The name has already been taken."))
        #expect(screen.text.contains("provisionr HTTP 422: The given data was invalid."))
        #expect(screen.lines[nameRow].contains("▸ Name"))
    }

    @Test func aServerErrorIsAFormMessageAndTheTypedValuesStay() {
        var form = CreateFormState.filled()
        form.press(.enter)
        #expect(renderedForm(form).text.contains("Creating the token…"))
        form.submissionFailed(VendorError(vendor: .provisionr, status: 500, message: "Server Error"))
        let text = renderedForm(form).text
        #expect(text.contains("provisionr HTTP 500: Server Error"))
        #expect(text.contains("Vendor X (Prod)"))
        #expect(text.contains("Token for Vendor X"))
        #expect(text.contains("→ 2026-12-23"))
        #expect(text.contains("Enter/^S create"))
    }

    @Test func aLongServerMessageWrapsOntoTwoLines() {
        var form = CreateFormState.filled()
        form.press(.enter)
        form.submissionFailed(VendorError(vendor: .provisionr, status: 503, message: String(repeating: "overloaded ", count: 9) + "TAIL"))
        let screen = renderedForm(form)
        guard let first = screen.formRow(containing: "provisionr HTTP 503") else {
            Issue.record("\(screen.text)")
            return
        }
        #expect(screen.lines[first + 1].contains("overloaded"))
        #expect(screen.lines[first + 1].contains("TAIL"))
    }

    @Test func hostileTextInAServerMessageIsDrawnInert() {
        var form = CreateFormState.filled()
        form.press(.enter)
        form.submissionFailed(VendorError(vendor: .provisionr, status: 500,
                                          message: "boom\u{1B}]52;c;ZXZpbA==\u{7}\u{1B}[2J\u{9B}31m\u{202E}evil\nnext"))
        let screen = renderedForm(form)
        let everything = screen.cells.map(\.text).joined()
        #expect(!everything.unicodeScalars.contains { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) || $0.value == 0x202E })
        #expect(screen.text.contains("boom␛]52;c;ZXZpbA==␇␛[2J"))
    }

    @Test func escOnAnEditedFormAsksInTheHintLine() {
        var form = makeForm()
        form.type("x")
        form.press(.escape)
        let screen = renderedForm(form)
        guard let row = screen.formRow(containing: "Discard this token? y/n"), let x = screen.formColumn(of: "Discard", row: row) else {
            Issue.record("\(screen.text)")
            return
        }
        #expect(screen[x, row].style.bold)
        #expect(CreateFormView.cursorPosition(form, area: formArea) == nil)
    }

    @Test func aSmallAreaClipsTheBoxWithoutCrashing() {
        var screen = Screen(size: Size(width: 30, height: 8))
        CreateFormView.render(CreateFormState.filled(), into: &screen, area: Rect(x: 0, y: 0, width: 30, height: 8), now: formNow)
        #expect(screen.lines[0].hasPrefix("┌"))
        #expect(screen.lines[7].hasPrefix("└"))
    }
}

@Suite struct CreateFormNoticeTests {
    private func created(secret: String?) -> CreatedToken {
        CreatedToken(token: Token(vendor: .provisionr, account: "acme-prod", id: "wstok_01hq8xyz", kind: "svc_access",
                                  title: "Token for Vendor X", expiresAt: ISO8601Date.date(from: "2026-12-23T12:00:00Z")),
                     secret: secret)
    }

    private func draw(_ notice: CreatedTokenNotice) -> String {
        var screen = Screen(size: Size(width: 100, height: 30))
        CreatedTokenNotice.render(notice, into: &screen, area: formArea)
        return screen.text
    }

    @Test func showsTheTokenAndTheSecretOnceWithTheCopyKey() {
        var notice = CreatedTokenNotice(created(secret: "psk_live_abc123"))
        let text = draw(notice)
        #expect(text.contains("Token created · acme-prod"))
        #expect(text.contains("wstok_01hq8xyz"))
        #expect(text.contains("svc_access"))
        #expect(text.contains("Token for Vendor X"))
        #expect(text.contains("2026-12-23T12:00:00Z"))
        #expect(text.contains("psk_live_abc123"))
        #expect(text.contains("press y to copy (OSC 52)"))
        #expect(notice.handle(.char("y")) == .copy("psk_live_abc123"))
        #expect(draw(notice).contains("secret copied (OSC 52)"))
        #expect(notice.handle(.escape) == .close)
        #expect(!"\(notice)".contains("psk_live_abc123"))
        #expect(!String(reflecting: notice).contains("psk_live_abc123"))
    }

    @Test func withoutASecretTheCopyKeyCopiesTheID() {
        var notice = CreatedTokenNotice(created(secret: nil))
        let text = draw(notice)
        #expect(!text.contains("Secret"))
        #expect(text.contains("press y to copy the id (OSC 52)"))
        #expect(notice.handle(.char("y")) == .copy("wstok_01hq8xyz"))
        #expect(notice.handle(.enter) == .close)
    }
}
