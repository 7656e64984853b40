import Foundation
import Testing
import TestSupport
import TokenDeckCore
@testable import TokenDeckUI

/// Marks, the action menu, the confirmations and the answers, through `App.update` alone.
@Suite struct DashboardActionTests {
    // MARK: - Marks

    @Test func spaceMarksTheSelectedTokenMovesDownAndAgainUnmarks() {
        var state = actionDashboard()
        #expect(state.visibleIDs.prefix(3) == ["pf_1", "pf_2", "pf_3"])
        #expect(state.press(.char(" "), .char(" ")).isEmpty)
        #expect(state.actions.marks == [TokenKey(account: "pf-prod", id: "pf_1"), TokenKey(account: "pf-prod", id: "pf_2")])
        #expect(state.selectedToken?.id == "pf_3")
        state.press(.char("k"), .char(" "))
        #expect(state.actions.marks == [TokenKey(account: "pf-prod", id: "pf_1")])
        // The table says how many are marked and marks the row left of its id.
        let lines = state.screen.trimmedLines
        #expect(lines[1].contains("page 1/1 · 1–7 of 7 · 1 marked"))
        #expect(lines[3].contains("*pf_1"))
        #expect(!lines[4].contains("*pf_2"))
    }

    @Test func starMarksEveryTokenInTheFilterAndAgainClears() {
        var state = actionDashboard()
        state.press(.char("2"))
        #expect(state.visibleIDs == ["pf_1", "pf_2", "pf_3", "pf_4"])
        state.press(.char("*"))
        #expect(state.actions.marks.count == 4)
        #expect(state.actions.marks.allSatisfy { $0.account == "pf-prod" })
        #expect(state.messageText == "marked 4 tokens (all in this view; * again clears)")
        state.press(.char("*"))
        #expect(state.actions.marks.isEmpty)
        #expect(state.messageText == "marks cleared")
    }

    @Test func marksOnTokensThatAreGoneAfterALoadAreDropped() {
        var state = actionDashboard()
        state.press(.char(" "), .char(" "))
        _ = App.update(&state, .accountTokensLoaded(account: "pf-prod", tokens: Array(actionTokens()[1...3]), fetchedAt: TestClock.now))
        #expect(state.actions.marks == [TokenKey(account: "pf-prod", id: "pf_2")])
    }

    // MARK: - What the menu offers

    @Test func theMenuListsWhatTheVendorDocumentsAndTheStateAllows() {
        let expected: [(String, [TokenAction])] = [
            ("pf_1", [.suspend, .revoke, .delete]),
            ("pf_3", [.activate, .revoke, .delete]),
            ("pf_4", [.delete]),
            ("pat-8", [.delete]),
        ]
        for (id, actions) in expected {
            var state = actionDashboard()
            state.selectToken(id)
            state.press(.char("a"))
            #expect(state.menuActions == actions, "\(id)")
            #expect(state.actions.menu?.subject == id)
        }
    }

    @Test func provisionrAndMetokensGetNoMenuAndAMessageSayingTheirVendorDocumentsNone() {
        for (id, vendor) in [("4021", "metokens"), ("wstok_01hq8xa1", "provisionr")] {
            var state = actionDashboard()
            state.selectToken(id)
            #expect(state.press(.char("a")).isEmpty)
            #expect(state.actions.menu == nil)
            #expect(state.messageText == "no action: \(vendor) documents no action on its tokens")
        }
    }

    @Test func onAMarkedSetEachActionHitsTheTokensItAppliesToAndCountsTheRest() throws {
        var state = actionDashboard()
        for id in ["pf_1", "pf_4", "4021"] {
            state.selectToken(id)
            state.press(.char(" "))
        }
        state.press(.char("a"))
        let menu = try #require(state.actions.menu)
        #expect(menu.subject == "3 marked")
        #expect(menu.entries.map(\.action) == [.suspend, .revoke, .delete])
        #expect(menu.entries.map { $0.targets.map(\.id) } == [["pf_1"], ["pf_1"], ["pf_1", "pf_4"]])
        #expect(menu.entries.map(\.skipped) == [2, 2, 1])
    }

    @Test func aCommandTheTokenCannotTakeSaysWhyAndOpensNothing() {
        var state = actionDashboard()
        state.selectToken("pf_4")
        state.press(.char(":"))
        state.type("activate")
        state.press(.enter)
        #expect(state.actions.confirmation == nil)
        #expect(state.messageText == "activate: not for a revoked prefactor token")
        state.selectToken("pat-8")
        state.press(.char(":"))
        state.type("suspend")
        state.press(.enter)
        #expect(state.messageText == "suspend: truefoundry documents only delete")
    }

    // MARK: - Confirmations

    @Test func suspendConfirmsWithYAndSendsOneRequestForTheToken() {
        var state = actionDashboard()
        state.press(.char("a"))
        #expect(state.press(.char("1")).isEmpty)
        #expect(state.actions.confirmation?.action == .suspend)
        let effects = state.press(.char("y"))
        #expect(effects == [.performAction(.suspend, targets: [ActionTarget(vendor: .prefactor, account: "pf-prod", id: "pf_1", title: "CI deploy")])])
        #expect(state.actions.run?.answeredCount == 0)
        // Nothing more is sent whatever is pressed while it runs.
        #expect(state.press(.char("y"), .enter).isEmpty)
    }

    @Test func enterNAndEscOnAYesNoConfirmationAllCancelWithNothingSent() {
        for key in [Key.enter, .char("n"), .escape, .ctrl("c")] {
            var state = actionDashboard()
            state.press(.char(":"))
            state.type("suspend")
            state.press(.enter)
            #expect(state.actions.confirmation != nil)
            #expect(state.press(key).isEmpty, "\(key)")
            #expect(state.actions.confirmation == nil)
            #expect(state.actions.run == nil)
            #expect(!state.shouldQuit)
            #expect(state.messageText == "suspend cancelled — nothing sent")
        }
    }

    @Test func escOnTheMenuClosesItWithNothingSent() {
        var state = actionDashboard()
        state.press(.char("a"))
        #expect(state.press(.escape).isEmpty)
        #expect(state.actions.menu == nil)
        #expect(state.actions.confirmation == nil)
    }

    @Test func revokeNeedsTheWordAndCountTypedAndAMismatchSendsNothingAndKeepsTheText() throws {
        var state = actionDashboard()
        state.press(.char("2"), .char(" "), .char(" "), .char(" "))
        state.press(.char(":"))
        state.type("revoke")
        state.press(.enter)
        #expect(state.actions.confirmation?.word == "revoke 3")
        #expect(state.isEditingText)
        // y and Enter are not a confirmation here.
        #expect(state.press(.char("y"), .backspace, .enter).isEmpty)
        #expect(state.actions.confirmation?.refusal == "type revoke 3 to go on, or Esc to cancel")
        #expect(state.type("revoke 2").isEmpty)
        #expect(state.press(.enter).isEmpty)
        var confirmation = try #require(state.actions.confirmation)
        #expect(confirmation.typed == "revoke 2")
        #expect(confirmation.refusal == "that is not revoke 3: nothing sent")
        // Stray keys never lose what was typed.
        #expect(state.press(.up, .down, .left, .tab, .function(5), .delete, .insert, .mouse(MouseEvent(kind: .press, x: 1, y: 1))).isEmpty)
        confirmation = try #require(state.actions.confirmation)
        #expect(confirmation.typed == "revoke 2")
        state.press(.backspace)
        state.type("3")
        let effects = state.press(.enter)
        let titles = ["pf_1": "CI deploy", "pf_2": "Staging agent", "pf_3": "Paused bot"]
        #expect(effects == [.performAction(.revoke, targets: ["pf_1", "pf_2", "pf_3"].map { id in
            ActionTarget(vendor: .prefactor, account: "pf-prod", id: id, title: titles[id] ?? "")
        })])
    }

    @Test func escOnATypedConfirmationCancelsEvenWithTextTyped() {
        var state = actionDashboard()
        state.selectToken("pat-8")
        state.press(.char("a"), .char("1"))
        #expect(state.actions.confirmation?.word == "delete 1")
        state.type("delete")
        #expect(state.press(.escape).isEmpty)
        #expect(state.actions.confirmation == nil)
        #expect(state.messageText == "delete cancelled — nothing sent")
        #expect(state.visibleIDs.contains("pat-8"))
    }

    // MARK: - Answers

    @Test func answersLandInTheListAtOnceAndTheSummarySaysWhatHappened() throws {
        var state = actionDashboard()
        state.press(.char("2"), .char(" "), .char(" "), .char(" "))
        state.press(.char("a"))
        let deleteIndex = try #require(state.menuActions.firstIndex(of: .delete))
        state.press(.char(Character(String(deleteIndex + 1))))
        state.type("delete 3")
        #expect(state.press(.enter).count == 1)
        _ = App.update(&state, .actionAnswered(account: "pf-prod", id: "pf_1", outcome: .success(.deleted)))
        #expect(state.visibleIDs == ["pf_2", "pf_3", "pf_4"])
        #expect(state.actions.run?.answeredCount == 1)
        let refused = VendorError(vendor: .prefactor, status: 404, code: "not_found", message: "api token pf_2 not found")
        _ = App.update(&state, .actionAnswered(account: "pf-prod", id: "pf_2", outcome: .failure(refused)))
        let lost = VendorError(kind: .transport, vendor: .prefactor, message: "connection reset by peer")
        _ = App.update(&state, .actionAnswered(account: "pf-prod", id: "pf_3", outcome: .failure(lost)))
        #expect(state.messageText == "delete: 1 succeeded, 1 failed (pf_2: prefactor HTTP 404 (not_found): api token pf_2 not found), 1 unknown — refresh to see")
        #expect(state.message?.kind == .error)
        // Nothing guessed: the token whose answer was lost is still listed, marked unknown.
        #expect(state.visibleIDs == ["pf_2", "pf_3", "pf_4"])
        #expect(state.actions.unknown == [TokenKey(account: "pf-prod", id: "pf_3")])
        // The failures stay marked (to try again on purpose); the box stays until closed.
        #expect(state.actions.marks == [TokenKey(account: "pf-prod", id: "pf_2"), TokenKey(account: "pf-prod", id: "pf_3")])
        #expect(ActionKeys.isOpen(state))
        state.press(.escape)
        #expect(!ActionKeys.isOpen(state))
        #expect(state.screen.trimmedLines.contains { $0.contains("?pf_3") })
        // The next load of the account says what happened.
        _ = App.update(&state, .accountTokensLoaded(account: "pf-prod", tokens: Array(actionTokens()[1...3]), fetchedAt: TestClock.now))
        #expect(state.actions.unknown.isEmpty)
    }

    @Test func aStatusAnswerChangesTheRowAndTheBoxClosesWhenAllWentWell() {
        var state = actionDashboard()
        state.press(.char("a"), .char("1"), .char("y"))
        _ = App.update(&state, .actionAnswered(account: "pf-prod", id: "pf_1", outcome: .success(.status(.suspended))))
        #expect(state.selectedToken?.id == "pf_1")
        #expect(state.selectedToken?.vendorStatus == .suspended)
        #expect(state.messageText == "suspend: 1 succeeded")
        #expect(!ActionKeys.isOpen(state))
        #expect(state.actions.run == nil)
        // Now it can be activated, not suspended again.
        state.press(.char("a"))
        #expect(state.menuActions == [.activate, .revoke, .delete])
        // And the filters know it (the status memo of the load was dropped with the change).
        state.press(.escape, .char(":"))
        state.type("status suspended")
        state.press(.enter)
        #expect(state.visibleIDs == ["pf_1", "pf_3"])
    }

    @Test func aTypedConfirmationEditsLikeALineAndTakesAPaste() throws {
        var state = actionDashboard()
        state.selectToken("pat-8")
        state.press(.char(":"))
        state.type("delete")
        state.press(.enter)
        state.type("delete  1")
        state.press(.ctrl("w"))
        #expect(state.actions.confirmation?.typed == "delete  ")
        state.press(.ctrl("u"), .paste("delete 1\u{1B}[2J"))
        // Control bytes in a paste are dropped; the rest is kept as typed (and does not match).
        #expect(state.actions.confirmation?.typed == "delete 1[2J")
        state.press(.ctrl("w"))
        state.type("1")
        // Runs of spaces do not matter.
        #expect(state.actions.confirmation?.typedMatches == true)
        #expect(state.press(.enter).count == 1)
    }

    @Test func aRunWhoseBoxWasHiddenStillSaysHowItWent() {
        var state = actionDashboard()
        state.press(.char(" "), .char(" "), .char("a"), .char("1"), .char("y"))
        #expect(state.actions.run?.targets.map(\.id) == ["pf_1", "pf_2"])
        state.press(.escape)
        #expect(!ActionKeys.isOpen(state))
        // Another action waits for this one's answers.
        state.press(.char("a"))
        #expect(state.actions.menu == nil)
        #expect(state.messageText == "still waiting for 2 answer(s) to suspend")
        state.press(.escape)
        _ = App.update(&state, .actionAnswered(account: "pf-prod", id: "pf_1", outcome: .success(.status(.suspended))))
        _ = App.update(&state, .actionAnswered(account: "pf-prod", id: "pf_2", outcome: .failure(
            VendorError(vendor: .prefactor, status: 403, code: "not_permitted", message: "not permitted"))))
        #expect(state.actions.run == nil)
        #expect(state.messageText == "suspend: 1 succeeded, 1 failed (pf_2: prefactor HTTP 403 (not_permitted): not permitted)")
        // A stray answer for nothing asked changes nothing.
        _ = App.update(&state, .actionAnswered(account: "pf-prod", id: "pf_3", outcome: .success(.deleted)))
        #expect(state.visibleIDs.contains("pf_3"))
    }

    // MARK: - Read-only

    @Test func readOnlyModeRefusesTheMenuMarksAndCommandsNamingWhatTurnedItOn() {
        var state = actionDashboard(readOnly: true)
        for keys in [[Key.char("a")], [.char(" ")], [.char("*")], [.char(":")] + "revoke".map { .char($0) } + [.enter]] {
            for key in keys { _ = App.update(&state, .key(key)) }
            #expect(state.actions.menu == nil)
            #expect(state.actions.confirmation == nil)
            #expect(state.actions.marks.isEmpty)
            #expect(state.messageText == "read-only mode: token actions are disabled (--read-only)")
            state.press(.escape)
        }
    }
}
