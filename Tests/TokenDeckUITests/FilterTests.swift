import Foundation
import Testing
import TestSupport
import TokenDeckCore
@testable import TokenDeckUI

@Suite struct FilterTests {
    @Test func searchNarrowsLiveAsYouTypeAndBackspaceWidens() {
        var state = dashboard()
        state.press(.char("/"))
        #expect(state.isEditingText)
        state.type("o")
        #expect(state.visibleTokenCount == 6)
        state.type("ld")
        #expect(state.visibleTokenCount == 0)  // "Old deploy bot" is in the trash
        state.press(.backspace, .backspace)
        state.type("agent")
        #expect(state.visibleIDs.isEmpty)  // "oagent"
        state.press(.ctrl("u"))
        state.type("agent")
        #expect(state.visibleIDs == ["4021", "4022"])
        #expect(state.screen.trimmedLines[0].contains(" /agent "))
        #expect(state.screen.trimmedLines[19].hasPrefix(" /agent   2 match"))
        state.press(.ctrl("w"))
        #expect(state.query.text.isEmpty)
        #expect(state.visibleTokenCount == 6)
    }

    @Test func searchKeysAreTextNotCommands() {
        var state = dashboard()
        state.press(.char("/"))
        let effects = state.type("qxr")
        #expect(effects.isEmpty)
        #expect(!state.shouldQuit)
        #expect(state.query.text == "qxr")
        #expect(state.query.trashed == .none)
    }

    @Test func enterKeepsTheSearchAndEscClearsIt() {
        var state = dashboard()
        state.press(.char("/"))
        state.type("VENDOR")  // case-insensitive
        state.press(.enter)
        #expect(!state.isEditingText)
        #expect(state.visibleIDs == ["wstok_01hq8xa1"])
        state.press(.char("j"))  // back to commands
        #expect(state.query.text == "VENDOR")
        state.press(.char("/"))
        state.press(.escape)
        #expect(state.query.text.isEmpty)
        #expect(state.visibleTokenCount == 6)
    }

    @Test func searchMatchesIDTypeAndOwnerToo() {
        var state = dashboard()
        state.press(.char("/"))
        state.type("carol")
        #expect(Set(state.visibleIDs) == ["pat-7", "pat-8"])
        state.press(.ctrl("u"))
        state.type("personal_")
        #expect(state.visibleIDs == ["wstok_01hq8xb2"])
        state.press(.ctrl("u"))
        state.type("8xa")
        #expect(state.visibleIDs == ["wstok_01hq8xa1"])
    }

    /// The cache holds every account's trash: the trash filter is local, instant, and never syncs.
    @Test func xCyclesTheTrashFilterLocallyWithoutASync() {
        var state = dashboard()
        #expect(state.press(.char("x")) == [])
        #expect(state.visibleIDs.contains("wstok_01hq8xc3"))
        #expect(state.visibleTokenCount == 7)
        #expect(state.screen.trimmedLines[0].contains(" trash: with "))
        #expect(state.press(.char("x")) == [])
        #expect(state.visibleIDs == ["wstok_01hq8xc3"])
        #expect(state.screen.trimmedLines[0].contains(" trash: only "))
        #expect(state.press(.char("x")) == [])
        #expect(state.visibleTokenCount == 6)
        #expect(!state.screen.trimmedLines[0].contains("trash:"))
    }

    @Test func typePickerListsTheTypesOfTheCurrentViewWithCounts() {
        var state = dashboard()
        state.press(.char("t"))
        let lines = state.screen.trimmedLines
        let box = lines.filter { $0.contains("Token type") || $0.contains("all types") || $0.contains("personal") }
        #expect(box.contains { $0.contains("┌ Token type ") })
        #expect(box.contains { $0.contains("▸1 all types") && $0.contains("6") })
        guard case .picker(let picker) = state.overlay else { Issue.record("no picker"); return }
        #expect(picker.options.map(\.label) == ["all types", "personal", "token", "personal_access", "svc_access"])
        #expect(picker.options.map(\.count) == [6, 2, 2, 1, 1])
        // In one account, only its types.
        state.press(.escape, .tab, .tab, .char("j"), .enter, .char("t"))
        guard case .picker(let scoped) = state.overlay else { Issue.record("no picker"); return }
        #expect(scoped.options.map(\.label) == ["all types", "personal_access", "svc_access"])
    }

    @Test func choosingATypeFiltersAndShowsAChip() {
        var state = dashboard()
        state.press(.char("t"), .char("j"), .char("j"), .char("j"), .char("j"), .enter)
        #expect(state.query.kind == "svc_access")
        #expect(state.visibleIDs == ["wstok_01hq8xa1"])
        #expect(state.screen.trimmedLines[0].contains(" type: svc_access "))
        // Picking again starts on the current type; "all types" clears it.
        state.press(.char("t"))
        guard case .picker(let picker) = state.overlay else { Issue.record("no picker"); return }
        #expect(picker.options[picker.cursor].label == "svc_access")
        state.press(.char("g"), .enter)
        #expect(state.query.kind == nil)
        #expect(state.overlay == nil)
    }

    @Test func aDigitChoosesThatPickerEntryAtOnce() {
        var state = dashboard()
        state.press(.char("t"), .char("5"))
        #expect(state.overlay == nil)
        #expect(state.query.kind == "svc_access")
        state.press(.char("t"), .char("9"))  // no ninth entry: nothing happens
        #expect(state.query.kind == "svc_access")
        #expect(state.overlay != nil)
    }

    /// Issue 5's bar: every svc_access token in the trash of a Provisionr account, in at most
    /// eight key presses after launch. Here it takes five: 1 x x t 2.
    @Test func trashedServiceTokensOfOneAccountInFiveKeys() {
        var tokens = sampleTokens()
        tokens.append(.fixture(account: "acme-prod", id: "wstok_trash_2", kind: "svc_access", title: "Retired sync", trashed: true))
        tokens.append(.fixture(account: "acme-prod", id: "wstok_trash_3", kind: "personal_access", title: "Old laptop", trashed: true))
        var state = dashboard(tokens, size: Size(width: 120, height: 40))
        let effects = state.press(.char("1"), .char("x"), .char("x"), .char("t"))
        #expect(effects == [])
        guard case .picker(let picker) = state.overlay else { Issue.record("no picker"); return }
        let svc = picker.options.firstIndex { $0.label == "svc_access" } ?? 0
        state.press(.char(Character(String(svc + 1))))
        #expect(Set(state.visibleIDs) == ["wstok_01hq8xc3", "wstok_trash_2"])
        let header = state.screen.trimmedLines[0]
        #expect(header.contains(" type: svc_access ") && header.contains(" trash: only "))
        #expect(state.screen.lines[1].contains("acme-prod · provisionr   page 1/1 · 1–2 of 2"))
    }

    @Test func digitsSelectAnAccountFromAnywhere() {
        var state = dashboard()
        state.press(.char("3"))
        #expect(state.selectedAccount == "ml-platform")
        #expect(Set(state.visibleIDs) == ["pat-7", "pat-8"])
        state.press(.char("0"))
        #expect(state.selectedAccount == nil)
        state.press(.char("7"))  // no seventh account
        #expect(state.selectedAccount == nil)
    }

    @Test func escClosesThePickerWithoutChangingAnything() {
        var state = dashboard()
        state.press(.char("t"), .char("j"), .escape)
        #expect(state.overlay == nil)
        #expect(state.query.kind == nil)
    }

    @Test func statusPickerFiltersByStatusAndTrashedShowsTheTrash() {
        var state = dashboard()
        state.press(.char("f"))
        guard case .picker(let picker) = state.overlay else { Issue.record("no picker"); return }
        #expect(picker.options.map(\.label) == ["all statuses", "active", "expiring", "expired", "suspended", "revoked", "trashed (shows the trash)"])
        #expect(picker.options.map(\.count) == [6, 3, 1, 1, 0, 1, nil])
        state.press(.char("j"), .char("j"), .enter)
        #expect(state.query.status == .expiring)
        #expect(state.visibleIDs == ["wstok_01hq8xa1"])
        #expect(state.screen.trimmedLines[0].contains(" status: expiring "))
        let effects = state.press(.char("f"), .char("G"), .enter)
        #expect(effects == [])
        #expect(state.query.status == nil && state.query.trashed == .only)
        #expect(state.visibleIDs == ["wstok_01hq8xc3"])
    }

    @Test func sortCyclesAndReversesWithAChipAndAColumnArrow() {
        var state = dashboard()
        state.press(.char("s"))
        #expect(state.query.sort == TokenSort(field: .lastUsed, ascending: false))
        state.press(.char("s"))
        #expect(state.query.sort == TokenSort(field: .expires, ascending: true))
        #expect(state.visibleIDs.first == "4022")  // expired yesterday: soonest
        let lines = state.screen.trimmedLines
        #expect(lines[0].contains(" sort: expires ↑ "))
        #expect(lines[2].contains("EXPIRES ↑"))
        state.press(.char("S"))
        #expect(state.query.sort == TokenSort(field: .expires, ascending: false))
        #expect(state.visibleIDs.first == "pat-8")
        for _ in 0..<4 { state.press(.char("s")) }
        #expect(state.query.sort == TokenSort(field: .created, ascending: false))
        #expect(!state.screen.trimmedLines[0].contains("sort:"))
    }

    @Test func allActiveFiltersAreVisibleAtOnce() {
        var state = dashboard(size: Size(width: 120, height: 30))
        state.press(.char("t"), .char("G"), .enter, .char("x"), .char("s"), .char("s"), .char("/"))
        state.type("vault")
        state.press(.enter)
        let header = state.screen.trimmedLines[0]
        #expect(header.contains(" trash: with "))
        #expect(header.contains(" /vault "))
        #expect(header.contains(" sort: expires ↑ "))
        #expect(header.contains(" type: svc_access "))
        #expect(header.hasSuffix("⟳ 12s ago"))
    }

    @Test func emptyResultExplainsWhichFiltersToChange() {
        var state = dashboard()
        state.press(.char("/"))
        state.type("zzz")
        state.press(.enter)
        let text = state.screen.text
        #expect(text.contains("no tokens match: /zzz"))
        #expect(text.contains("/ then Esc clears the search"))
        #expect(text.contains("All accounts   no tokens"))
    }

    /// The cached stages give exactly what TokenFilter.apply gives for the same query.
    @Test(arguments: ["", "token", "number 1", "OWNER3", "tok_0004", "zz"])
    func cachedViewAgreesWithTokenFilter(search: String) {
        let tokens = manyTokens(600, kinds: ["svc_access", "cli_access"]) + sampleTokens()
        var state = dashboard(tokens)
        state.press(.char("s"), .char("s"), .char("/"))  // sort: expires ↑
        state.type(search)
        state.press(.enter, .char("x"))
        var query = state.query
        query.pageSize = 100_000
        let expected = TokenFilter.apply(tokens, query: query, now: state.now).map(\.key)
        #expect(state.view.rows.map { state.catalog.tokens[$0].key } == expected)
    }
}
