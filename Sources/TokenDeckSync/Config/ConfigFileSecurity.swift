import Foundation

/// Whether a config file leaks: readable by group or others *and* holding something that looks
/// like a secret. Either alone is fine — a shared config of `token_env` names harms no one.
enum ConfigFileSecurity {
    /// Keys whose values are names, URLs or ids, never secrets, so they are not inspected.
    private static let nonSecretKeys: Set<String> = ["theme", "page_size", "read_only", "name", "vendor", "base_url", "token_env", "service", "account_id"]
    private static let secretKeyWords = ["token", "secret", "password", "passwd", "api_key", "apikey", "credential", "bearer", "auth"]
    private static let secretPrefixes = ["sk-", "sk_", "ghp_", "gho_", "github_pat_", "glpat-", "xoxb-", "xoxp-", "AKIA", "eyJ"]

    /// The problem with the file at `path` holding `text`, or nil when it is private or holds nothing secret.
    static func exposure(path: String, text: String) -> ConfigError? {
        guard let mode = permissionBits(of: path), mode & 0o044 != 0,
              let line = firstSecretLookingLine(in: text)
        else { return nil }
        let who = mode & 0o004 != 0 ? "every user on this machine" : "its group"
        return ConfigError(
            kind: .insecurePermissions, path: path, line: line,
            message: "refusing to use a config file that \(who) can read (mode \(String(format: "%04o", mode))) and that holds a secret; "
                + "fix it with `chmod 600 \(path)`, or move the token out of the file (token_env, or a token_command that fetches it)")
    }

    /// The permission bits of the file itself (symbolic links followed), or nil when it cannot be examined.
    static func permissionBits(of path: String) -> Int? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Int(info.st_mode) & 0o777
    }

    /// The 1-based line of the first value that looks like a secret, if any.
    static func firstSecretLookingLine(in text: String) -> Int? {
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = rawLine.drop { $0 == " " || $0 == "\t" }
            guard !line.hasPrefix("#"), !line.hasPrefix("["), let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"'")).lowercased()
            let values = quotedStrings(in: line[line.index(after: equals)...])
            if nonSecretKeys.contains(key) { continue }
            let keySoundsSecret = secretKeyWords.contains { key.contains($0) } && key != "token_command"
            if keySoundsSecret && values.contains(where: { !$0.isEmpty }) { return offset + 1 }
            // token_command and unknown keys: look at each word for something token-shaped.
            let words = values.flatMap { $0.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init) }
            if words.contains(where: looksLikeBearerToken) { return offset + 1 }
        }
        return nil
    }

    /// Long, unbroken, mixed letters and digits in a token alphabet — or a well-known token prefix.
    static func looksLikeBearerToken(_ word: String) -> Bool {
        let candidate = word.hasPrefix("Bearer") ? String(word.dropFirst(6)) : word
        if candidate.count >= 12 && secretPrefixes.contains(where: { candidate.hasPrefix($0) }) { return true }
        guard candidate.count >= 24 else { return false }
        let alphabet = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-_.+/=~"))
        guard candidate.unicodeScalars.allSatisfy({ $0.isASCII && alphabet.contains($0) }) else { return false }
        // A path like /usr/local/bin/something-long is not a token.
        if candidate.hasPrefix("/") || candidate.hasPrefix(".") { return false }
        return candidate.contains(where: \.isNumber) && candidate.contains(where: \.isLetter)
    }

    private static func quotedStrings(in text: Substring) -> [String] {
        var result: [String] = []
        var iterator = text.makeIterator()
        while let character = iterator.next() {
            if character == "#" { break }
            guard character == "\"" || character == "'" else { continue }
            var value = ""
            while let inner = iterator.next(), inner != character {
                if inner == "\\" && character == "\"", let escaped = iterator.next() { value.append(escaped); continue }
                value.append(inner)
            }
            result.append(value)
        }
        return result
    }
}
