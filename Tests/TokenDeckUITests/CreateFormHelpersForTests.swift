import Foundation
import TokenDeckCore
import TokenDeckUI

/// 2026-11-23T12:00:00Z: relative expiries resolve to known dates (30d → 2026-12-23).
let formNow = Date(timeIntervalSince1970: 1_795_435_200)
let formArea = Rect(x: 0, y: 0, width: 100, height: 30)

/// Two creatable accounts, each with its configured default service.
func makeForm(selected: String? = "acme-prod") -> CreateFormState {
    CreateFormState(accounts: ["acme-prod", "agents"], selectedAccount: selected,
                    services: ["acme-prod": "svc_123", "agents": "svc_agents"], now: formNow)
}

extension CreateFormState {
    /// Types `text` one key at a time, as a person would.
    mutating func type(_ text: String) {
        for character in text { _ = handle(.char(character), now: formNow) }
    }

    @discardableResult
    mutating func press(_ keys: Key...) -> [CreateFormOutcome] {
        keys.map { handle($0, now: formNow) }
    }

    /// A form with every field valid: name, description and a 30-day expiry typed in.
    static func filled() -> CreateFormState {
        var form = makeForm()
        form.type("Vendor X (Prod)")
        form.press(.tab)
        form.type("Token for Vendor X")
        form.press(.tab)
        form.type("30d")
        return form
    }
}

func renderedForm(_ form: CreateFormState, area: Rect = formArea) -> Screen {
    var screen = Screen(size: Size(width: area.width, height: area.height))
    CreateFormView.render(form, into: &screen, area: area, now: formNow)
    return screen
}

extension Screen {
    /// The row holding `text`, if any.
    func formRow(containing text: String) -> Int? { lines.firstIndex { $0.contains(text) } }

    /// The columns (cell x) where `text` starts on row `y`.
    func formColumn(of text: String, row y: Int) -> Int? {
        let cells = (0..<size.width).map { self[$0, y].text }
        for start in cells.indices {
            var joined = ""
            for cell in cells[start...] {
                joined += cell
                if joined.count >= text.count { break }
            }
            if joined.hasPrefix(text) { return start }
        }
        return nil
    }
}
