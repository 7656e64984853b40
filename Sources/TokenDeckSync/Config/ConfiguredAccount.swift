import Foundation
import TokenDeckCore

/// Where an account's bearer token comes from. The value itself is never stored, logged or cached.
public enum CredentialSource: Sendable, Hashable {
    /// The named environment variable (`token_env`).
    case environment(String)
    /// A program and its arguments, run without a shell (`token_command`).
    case command([String])
    /// A value given directly: only for the embedded demo sandbox, whose tokens are public.
    case literal(String)
}

/// One account from the configuration, with where its credential comes from.
public struct ConfiguredAccount: Sendable, Hashable {
    public var account: Account
    public var credential: CredentialSource
    public init(account: Account, credential: CredentialSource) {
        self.account = account
        self.credential = credential
    }
}
