import Foundation
import TokenDeckCore

/// The dashboard as two pure functions: `update` changes state and returns effects for the
/// runtime to run; `render` draws state into a `Screen`. Nothing here draws, fetches or sleeps.
public enum App {
    public static func update(_ state: inout AppState, _ action: Action) -> [Effect] {
        // Between key presses: nothing on screen changes, so nothing else is looked at.
        if case .idle = action {
            _ = idleWork(&state)
            return []
        }
        var effects = apply(action, to: &state)
        // Whatever moved the selection, its vendor JSON is read if the load left it out.
        if let read = state.rawJSONRequest() { effects.append(read) }
        return effects
    }

    private static func apply(_ action: Action, to state: inout AppState) -> [Effect] {
        switch action {
        case .key(let key):
            let effects = KeyHandler.handle(key, in: &state)
            state.refreshView(fallbackToTop: true)
            return effects
        case .resize(let size):
            state.size = size
        case .tick(let date):
            state.now = date
        case .tokensLoaded(let tokens, let fetchedAt):
            state.loadingTotal = nil
            state.load(tokens, fetchedAt: fetchedAt)
            state.replacedSets &+= 1
            ActionKeys.loaded(account: nil, in: &state)
            return []
        case .cachePreview(let tokens, let total):
            guard !state.loaded else { return [] }
            state.loadingTotal = total > tokens.count ? total : nil
            state.load(tokens, fetchedAt: nil)
            return []
        case .syncStarted:
            // An account stays marked unconfirmed until its next walk begins.
            state.sync = SyncProgress(running: true, unconfirmed: state.sync.unconfirmed)
            if state.message?.kind == .error { state.message = nil }
        case .syncProgress(let account, let done, let known):
            state.sync.running = true
            if done <= 1 { state.sync.unconfirmed[account] = nil }
            state.sync.pages[account] = SyncProgress.Pages(done: max(0, done), known: known.map { max(0, $0) })
        case .syncFinished(let date):
            state.sync.running = false
            state.sync.pages = [:]
            if state.sync.failures.isEmpty { state.fetchedAt = date }
        case .syncFailed(let account, let message):
            let text = account.map { "\($0): \(message)" } ?? message
            state.sync.failures.append(text)
            let more = state.sync.failures.count > 1 ? "  (+\(state.sync.failures.count - 1) more)" : ""
            state.message = StatusMessage(kind: .error, text: text + more)
        case .syncUnconfirmed(let account, let count):
            state.sync.unconfirmed[account] = count
            state.message = StatusMessage(kind: .error, text: SyncProgress.unconfirmedText(account: account, count: count))
        case .createSucceeded(let created):
            CreateKeys.succeeded(created, in: &state)
        case .createFailed(let account, let error):
            CreateKeys.failed(account: account, error: error, in: &state)
        case .statusMessage(let text, let isError):
            state.message = StatusMessage(kind: isError ? .error : .info, text: text)
        case .accountTokensLoaded(let account, let tokens, let fetchedAt):
            state.replaceTokens(ofAccount: account, with: tokens, fetchedAt: fetchedAt)
            state.replacedSets &+= 1
            ActionKeys.loaded(account: account, in: &state)
            return []
        case .rawJSONLoaded(let account, let id, let json):
            state.rawJSONArrived(key: Token.key(account: account, id: id), json: json)
        case .actionAnswered(let account, let id, let outcome):
            ActionKeys.answered(account: account, id: id, outcome: outcome, in: &state)
        case .idle:
            return []  // answered by `update` before it gets here
        case .accountFreshness(let account, let freshness):
            state.freshness[account] = freshness
        case .changesLoaded(let events, let error):
            ChangesKeys.loaded(events, error: error, in: &state)
        case .newSinceLastOpened(let keys):
            state.newSinceLastOpened = keys
        }
        // A new size or a new message line changes how many rows the table has.
        state.refreshView(fallbackToTop: false)
        return []
    }

    /// One slice (a fraction of a millisecond) of the work worth doing between key presses:
    /// preparing the next keystroke of a search (what `.idle` does). It changes nothing on screen.
    /// Returns whether more is left.
    public static func idleWork(_ state: inout AppState) -> Bool {
        state.catalog.prepareNextKeystroke()
    }

    /// What the state asks of the runtime besides effects, read after every update (the Elm
    /// architecture's subscriptions); `EffectRunner` acts on it.
    public static func subscriptions(_ state: AppState) -> Subscriptions {
        Subscriptions(idleWork: state.catalog.isPreparingNextKeystroke, replacedSets: state.replacedSets)
    }

    /// `memo` keeps what this frame works out for the next (the runtime passes the same one every
    /// frame); the screen is the same with a fresh one.
    public static func render(_ state: AppState, size: Size, memo: FrameMemo = FrameMemo()) -> Screen {
        var screen = Screen(size: size)
        guard Layout.fits(size) else {
            let needed = "terminal too small (needs \(Layout.minimumSize.width)×\(Layout.minimumSize.height))"
            screen.write(needed, x: 0, y: 0)
            return screen
        }
        let layout = Layout(size: size, state: state)
        Header.draw(state, in: layout.header, on: &screen)
        if let sidebar = layout.sidebar { Sidebar.draw(state, in: sidebar, on: &screen) }
        if layout.table.height > 0 { TokenTable.draw(state, in: layout.table, on: &screen, memo: memo) }
        if let details = layout.details { DetailsPane.draw(state, in: details, on: &screen, memo: memo) }
        if let line = layout.message, let message = state.message { MessageLine.draw(message, in: line, on: &screen) }
        StatusBar.draw(state, in: layout.statusBar, on: &screen)
        switch state.overlay {
        case .help(let scroll): HelpOverlay.draw(scroll: scroll, in: size, on: &screen)
        case .picker(let picker): PickerOverlay.draw(picker, in: size, on: &screen)
        case nil: break
        }
        if let panel = state.riskPanel { RiskOverlay.draw(panel, in: size, on: &screen) }
        if let panel = state.changesPanel { ChangesOverlay.draw(panel, now: state.now, in: size, on: &screen) }
        ConfirmOverlay.draw(state, in: size, on: &screen)
        let whole = Rect(x: 0, y: 0, width: size.width, height: size.height)
        if let form = state.createForm { CreateFormView.render(form, into: &screen, area: whole, now: state.now) }
        if let notice = state.createdNotice { CreatedTokenNotice.render(notice, into: &screen, area: whole) }
        return screen
    }

    /// Where the terminal's cursor should blink: in the create form's focused field; nil hides it.
    public static func cursorPosition(_ state: AppState, size: Size) -> (x: Int, y: Int)? {
        guard Layout.fits(size), state.createdNotice == nil, let form = state.createForm else { return nil }
        return CreateFormView.cursorPosition(form, area: Rect(x: 0, y: 0, width: size.width, height: size.height))
    }
}
