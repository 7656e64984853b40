import Foundation
import TokenDeckCore

/// Everything that can happen to the dashboard: a key, the terminal, the clock, or the sync service.
public enum Action: Sendable {
    case key(Key)
    case resize(Size)
    case tick(Date)
    /// The full current set for all accounts; replaces what was shown, keeping the selection
    /// (by token key) where the token is still there.
    case tokensLoaded([Token], fetchedAt: Date?)
    /// The newest cached tokens, shown while all `total` are read (a first frame in a blink).
    /// Ignored once the full set has come.
    case cachePreview([Token], total: Int)
    case syncStarted
    case syncProgress(account: String, pagesDone: Int, pagesKnown: Int?)
    case syncFinished(Date)
    /// `message` is vendor text: it is sanitised when drawn, like every other vendor string.
    case syncFailed(account: String?, message: String)
    /// The account's data changed under the sync and it could not confirm it had every token:
    /// `count` of its previous tokens were kept unconfirmed rather than dropped.
    case syncUnconfirmed(account: String, count: Int)
    /// The vendor minted the token the form asked for; `secret` is shown once, then dropped.
    case createSucceeded(CreatedToken)
    /// The create request failed; the form stays open with what was typed.
    case createFailed(account: String, error: VendorError)
    /// A line for the message bar from the runtime (an export written, a theme switched).
    case statusMessage(String, isError: Bool)
    /// One account's tokens as the cache now holds them (its sync finished): they replace what was
    /// shown of that account and nothing else. `fetchedAt` as for `tokensLoaded`.
    case accountTokensLoaded(account: String, tokens: [Token], fetchedAt: Date?)
    /// The vendor JSON of a token loaded without it (`loadRawJSON`); nil when the cache no longer has it.
    case rawJSONLoaded(account: String, id: String, json: String?)
    /// One token's answer to a `performAction` request (a failure may leave its state unknown).
    case actionAnswered(account: String, id: String, outcome: Result<TokenActionOutcome, VendorError>)
    /// What the sync service knows of an account's freshness: its last sync, failure, back-off and
    /// rate limit (the sidebar shows it; pages in progress come with `syncProgress`).
    case accountFreshness(account: String, AccountFreshness)
    /// The cache's change events, newest first (the answer to `loadChanges`); nil when the cache
    /// could not be read, with `error` saying why.
    case changesLoaded([ChangeEvent]?, error: String?)
    /// Tokens that appeared since the dashboard was last opened (none on a first run), by token
    /// key (`Token.key`).
    case newSinceLastOpened(keys: Set<String>)
    /// No input is waiting and `App.subscriptions` asks for idle work: do one slice of it (a
    /// fraction of a millisecond). Changes nothing on screen.
    case idle
}

extension Action {
    /// Whether this action, arriving while `other` still waits to be applied, makes `other`
    /// pointless, so the runtime may drop it: 100,000 tokens are then not held twice. A
    /// `tokensLoaded` (the whole current set) supersedes every waiting load; an
    /// `accountTokensLoaded` supersedes a waiting one of the same account. Nothing else is dropped.
    public func supersedes(_ other: Action) -> Bool {
        switch (self, other) {
        case (.tokensLoaded, .tokensLoaded), (.tokensLoaded, .accountTokensLoaded):
            true
        case let (.accountTokensLoaded(account, _, _), .accountTokensLoaded(waiting, _, _)):
            account == waiting
        default:
            false
        }
    }
}

/// Work the runtime does on the dashboard's behalf; results come back as `Action`s.
public enum Effect: Sendable, Hashable {
    /// Fetch every account again. A sync always fetches each account's whole set (trash included):
    /// the view's filters are applied here, never sent as the definition of what is cached.
    case refresh
    case quit
    /// Put this text on the clipboard (OSC 52 over SSH).
    case copyToClipboard(String)
    /// Send this create request once (never retried); answer with `createSucceeded`/`createFailed`.
    case createToken(account: String, request: CreateTokenRequest)
    /// Write these tokens, with hygiene flags, to `path` as `format` (csv or json).
    case exportView(format: String, path: String, tokens: [Token])
    /// Load the theme of this name and redraw with it.
    case switchTheme(String)
    /// Read this token's vendor JSON from the cache (tokens are loaded without it, which takes a
    /// third of the memory); answer with `rawJSONLoaded`.
    case loadRawJSON(account: String, id: String)
    /// Send `action` once for each target, in order, one request a token, never retried; answer
    /// each with `actionAnswered` as it comes (the service puts the new state in the cache).
    case performAction(TokenAction, targets: [ActionTarget])
    /// Read the cache's change events (kept 90 days), newest first; answer with `changesLoaded`.
    case loadChanges
}
