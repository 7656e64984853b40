import Foundation
import Testing
import TokenDeckCore
import TokenDeckUI

@Suite struct CreateFormStateTests {
    @Test func opensOnTheNameWithAccountAndServicePrefilled() {
        let form = makeForm()
        #expect(form.draft.account == "acme-prod")
        #expect(form.draft.service == "svc_123")
        #expect(form.focused == .name)
        #expect(!form.isDirty)
        #expect(form.visibleProblems(now: formNow).isEmpty)
    }

    @Test func selectedAccountThatCannotCreateFallsBackToTheFirstCreatable() {
        let form = makeForm(selected: "prefactor-main")
        #expect(form.draft.account == "acme-prod")
    }

    @Test func typingFillsTheFieldsInOrder() {
        let form = CreateFormState.filled()
        #expect(form.draft.name == "Vendor X (Prod)")
        #expect(form.draft.description == "Token for Vendor X")
        #expect(form.draft.expires == "30d")
        #expect(form.focused == .expires)
        #expect(form.isDirty)
    }

    @Test func tabAndArrowsMoveBetweenFieldsAndWrap() {
        var form = makeForm()
        form.press(.tab)
        #expect(form.focused == .description)
        form.press(.down, .down)
        #expect(form.focused == .account)
        form.press(.backTab)
        #expect(form.focused == .expires)
        form.press(.up)
        #expect(form.focused == .description)
    }

    @Test func aFiftySixCharacterNameIsRefusedWithTheServersMessage() {
        var form = makeForm()
        form.type(String(repeating: "n", count: 56))
        #expect(form.nameLength == 56)
        #expect(form.visibleProblems(now: formNow)[.name] == "The name may not be longer than 55 characters (it has 56).")
        form.press(.backspace)
        #expect(form.visibleProblems(now: formNow)[.name] == nil)
    }

    @Test func problemsOfUntouchedFieldsWaitForASubmitAttempt() {
        var form = makeForm()
        form.type("x")
        form.press(.backspace)
        // The name was edited (now empty): its problem shows; description was never touched.
        #expect(form.visibleProblems(now: formNow) == [.name: "The name is required."])
    }

    @Test func presetKeyCyclesRelativeExpiriesResolvedFromTheInjectedClock() {
        var form = makeForm()
        form.press(.ctrl("p"))
        #expect(form.draft.expires == "7d")
        form.press(.ctrl("p"))
        #expect(form.draft.expires == "30d")
        #expect(ExpiryParser.preview(form.draft.expires, now: formNow) == "2026-12-23T12:00:00Z")
        form.press(.ctrl("p"), .ctrl("p"), .ctrl("p"))
        #expect(form.draft.expires == "7d")
        #expect(form.focused == .name, "the preset key works from any field without moving focus")
    }

    @Test func enterOnAnInvalidFormFocusesTheFirstBadFieldAndSendsNothing() {
        var form = makeForm()
        form.type("Vendor X")
        form.press(.tab, .tab)
        form.type("someday")
        let outcome = form.handle(.enter, now: formNow)
        #expect(outcome == .none)
        #expect(form.focused == .description)
        #expect(!form.isSubmitting)
        let problems = form.visibleProblems(now: formNow)
        #expect(problems[.description] == "The description is required.")
        #expect(problems[.expires]?.hasPrefix("Use a date") == true)
    }

    @Test func enterOnAValidFormSubmitsTheResolvedRequest() {
        var form = CreateFormState.filled()
        let outcome = form.handle(.enter, now: formNow)
        let expected = ServiceAccessTokenRequest(service: "svc_123", name: "Vendor X (Prod)", description: "Token for Vendor X",
                                                 expiresAt: ISO8601Date.date(from: "2026-12-23T12:00:00Z"))
        #expect(outcome == .submit(account: "acme-prod", request: .provisionr(expected)))
        #expect(form.isSubmitting)
    }

    @Test func doubleEnterSendsExactlyOneRequest() {
        var form = CreateFormState.filled()
        let outcomes = form.press(.enter, .enter, .ctrl("s"), .enter)
        let submits = outcomes.filter { if case .submit = $0 { true } else { false } }
        #expect(submits.count == 1)
        #expect(outcomes.first.map { if case .submit = $0 { true } else { false } } == true)
    }

    @Test func keysAreInertWhileSubmitting() {
        var form = CreateFormState.filled()
        form.press(.enter)
        form.type("zzz")
        form.press(.escape, .ctrl("u"))
        #expect(form.draft.expires == "30d")
        #expect(!form.confirmingDiscard)
    }

    @Test func ctrlSSubmitsFromAnyField() {
        var form = CreateFormState.filled()
        form.press(.tab, .tab)
        #expect(form.focused == .service)
        guard case .submit = form.handle(.ctrl("s"), now: formNow) else {
            Issue.record("Ctrl-S should submit")
            return
        }
    }

    @Test func unprocessable422LandsOnTheNamedFieldsAndFocusesTheFirst() {
        var form = CreateFormState.filled()
        form.press(.enter)
        form.submissionFailed(VendorError(vendor: .provisionr, status: 422, message: "The expires at field must be a date after now. (and 1 more error)",
                                          fieldErrors: ["expires_at": ["The expires at field must be a date after now."],
                                                        "description": ["The description has already been taken."]]))
        #expect(!form.isSubmitting)
        #expect(form.serverFieldErrors == [.expires: "The expires at field must be a date after now.",
                                           .description: "The description has already been taken."])
        #expect(form.focused == .description)
        #expect(form.visibleProblems(now: formNow)[.expires] == "The expires at field must be a date after now.")
        // Editing a field takes its server message away; the other stays.
        form.type("!")
        #expect(form.visibleProblems(now: formNow)[.description] == nil)
        #expect(form.visibleProblems(now: formNow)[.expires] != nil)
    }

    @Test func unknown422KeysGoToTheFormMessage() {
        var form = CreateFormState.filled()
        form.press(.enter)
        form.submissionFailed(VendorError(vendor: .provisionr, status: 422, message: "Invalid.", fieldErrors: ["abilities": ["Bad ability."]]))
        #expect(form.serverFieldErrors.isEmpty)
        #expect(form.serverError?.contains("abilities: Bad ability.") == true)
    }

    @Test func serverErrorKeepsEverythingTypedAndAllowsAnotherTry() {
        var form = CreateFormState.filled()
        let before = form.draft
        form.press(.enter)
        form.submissionFailed(VendorError(vendor: .provisionr, status: 500, message: "Server Error"))
        #expect(form.draft == before)
        #expect(!form.isSubmitting)
        #expect(form.serverError == "provisionr HTTP 500: Server Error")
        guard case .submit = form.handle(.enter, now: formNow) else {
            Issue.record("a failed form can be sent again")
            return
        }
        #expect(form.serverError == nil)
    }

    @Test func escapeOnACleanFormCancels() {
        var form = makeForm()
        #expect(form.handle(.escape, now: formNow) == .cancel)
    }

    @Test func escapeOnAnEditedFormAsksBeforeDiscarding() {
        var form = makeForm()
        form.type("half a name")
        #expect(form.handle(.escape, now: formNow) == .none)
        #expect(form.confirmingDiscard)
        #expect(form.handle(.char("n"), now: formNow) == .none)
        #expect(!form.confirmingDiscard)
        #expect(form.draft.name == "half a name")
        form.press(.escape)
        #expect(form.handle(.escape, now: formNow) == .none, "Esc answers no")
        #expect(!form.confirmingDiscard)
        form.press(.escape)
        #expect(form.handle(.char("y"), now: formNow) == .cancel)
    }

    @Test func typingThenErasingEverythingIsCleanAgain() {
        var form = makeForm()
        form.type("abc")
        form.press(.ctrl("u"))
        #expect(!form.isDirty)
        #expect(form.handle(.escape, now: formNow) == .cancel)
    }

    @Test func accountChooserCyclesAndTheUntouchedServiceFollows() {
        var form = makeForm()
        form.press(.up, .up)
        #expect(form.focused == .account)
        form.press(.right)
        #expect(form.draft.account == "agents")
        #expect(form.draft.service == "svc_agents")
        form.press(.char(" "))
        #expect(form.draft.account == "acme-prod")
        #expect(form.draft.service == "svc_123")
        form.press(.left)
        #expect(form.draft.account == "agents")
    }

    @Test func anEditedServiceStaysWhenTheAccountChanges() {
        var form = makeForm()
        form.press(.backTab)
        #expect(form.focused == .service)
        form.press(.ctrl("u"))
        form.type("svc_mine")
        form.press(.backTab, .right)
        #expect(form.draft.account == "agents")
        #expect(form.draft.service == "svc_mine")
    }

    @Test func noCreatableAccountIsTheFirstProblem() {
        var form = CreateFormState(accounts: [], selectedAccount: nil, services: [:], now: formNow)
        #expect(form.focused == .account)
        form.press(.enter)
        #expect(form.focused == .account)
        #expect(form.visibleProblems(now: formNow)[.account] == "Choose an account.")
    }
}
