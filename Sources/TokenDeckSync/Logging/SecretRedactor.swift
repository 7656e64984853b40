import Foundation
import Logging

/// Masks secrets in text bound for the log: every credential this process has resolved (registered
/// by `CredentialResolver`), and whatever follows `Bearer ` wherever it appears. Process-wide,
/// because a secret resolved by one task may turn up in a message logged by another.
public final class SecretRedactor: @unchecked Sendable {
    /// The registry `CredentialResolver` registers into and the log handler reads from.
    public static let shared = SecretRedactor()

    /// What a masked secret becomes; the same marker as transport errors use.
    public static let mask = "‹redacted›"
    /// Shorter values are not registered: masking every "ab" would garble the log and hide nothing.
    public static let minimumSecretLength = 4

    private let lock = NSLock()
    /// Longest first, so a secret that contains another is masked whole.
    private var secrets: [String] = []

    public init() {}

    /// Remembers `secret` (trimmed) so every later log line masks it. Idempotent.
    public func register(_ secret: String) {
        let trimmed = secret.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.count >= Self.minimumSecretLength else { return }
        lock.withLock {
            guard !secrets.contains(trimmed) else { return }
            secrets.append(trimmed)
            secrets.sort { $0.count > $1.count }
        }
    }

    /// `text` with every registered secret and every bearer credential masked.
    public func redact(_ text: String) -> String {
        let known = lock.withLock { secrets }
        var out = text
        for secret in known where out.contains(secret) {
            out = out.replacingOccurrences(of: secret, with: Self.mask)
        }
        return Self.maskingBearerCredentials(out)
    }

    /// A metadata value with every string inside it redacted (dictionary keys included).
    public func redact(_ value: Logger.Metadata.Value) -> Logger.Metadata.Value {
        switch value {
        case .string(let text): .string(redact(text))
        case .stringConvertible(let convertible): .string(redact(convertible.description))
        case .array(let values): .array(values.map(redact))
        case .dictionary(let metadata): .dictionary(redact(metadata))
        }
    }

    public func redact(_ metadata: Logger.Metadata) -> Logger.Metadata {
        Dictionary(metadata.map { (redact($0.key), redact($0.value)) }, uniquingKeysWith: { first, _ in first })
    }

    /// `Bearer abc.def` → `Bearer ‹redacted›`, any case, any run of spaces or tabs between, the
    /// credential quoted or not. Only the word `bearer` (not `forbearer`); what follows it in prose
    /// is masked too, which costs a word of a message and can never leak a token.
    static func maskingBearerCredentials(_ text: String) -> String {
        guard text.range(of: "bearer", options: .caseInsensitive) != nil else { return text }
        var out = ""
        var rest = text[...]
        while let word = rest.range(of: "bearer", options: .caseInsensitive) {
            let inWord = word.lowerBound > rest.startIndex && rest[rest.index(before: word.lowerBound)].isLetter
            out += rest[..<word.upperBound]
            rest = rest[word.upperBound...]
            guard !inWord else { continue }
            let gap = rest.prefix { $0 == " " || $0 == "\t" }
            guard !gap.isEmpty else { continue }
            out += gap
            rest = rest[gap.endIndex...]
            let quote = rest.prefix { $0 == "\"" || $0 == "'" }
            out += quote
            rest = rest[quote.endIndex...]
            let credential = rest.prefix { !$0.isWhitespace && !"\"',;".contains($0) }
            guard !credential.isEmpty else { continue }
            out += mask
            rest = rest[credential.endIndex...]
        }
        return out + rest
    }
}
