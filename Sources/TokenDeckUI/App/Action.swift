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
    case syncStarted
    case syncProgress(account: String, pagesDone: Int, pagesKnown: Int?)
    case syncFinished(Date)
    /// `message` is vendor text: it is sanitised when drawn, like every other vendor string.
    case syncFailed(account: String?, message: String)
}

/// Work the runtime does on the dashboard's behalf; results come back as `Action`s.
public enum Effect: Sendable, Hashable {
    /// Fetch every account again with this trash filter (the runtime decides what is cached).
    case refresh(trashed: TrashFilter)
    case quit
    /// Put this text on the clipboard (OSC 52 over SSH).
    case copyToClipboard(String)
}
