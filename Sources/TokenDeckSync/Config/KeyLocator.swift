import Foundation

/// Finds the line a key sits on in a config's text, for error messages: TOMLKit's tables carry
/// no source positions, so semantic errors look the key up here. A line scanner, not a parser;
/// it only has to agree with TOML on files TOML already accepted.
struct KeyLocator {
    enum Section: Hashable {
        /// Keys before the first table header.
        case top
        /// The n-th `[[accounts]]` block, counted from 1.
        case account(Int)
        /// The n-th block of another array of tables (`[[exceptions]]`), counted from 1.
        case element(String, Int)
        /// Any other `[table]` header, by its name.
        case other(String)
    }

    private var keyLines: [Section: [String: Int]] = [:]
    private var headerLines: [Section: Int] = [:]

    init(text: String) {
        var section = Section.top
        var accountCount = 0
        var elementCounts: [String: Int] = [:]
        // Inside a multi-line string, the delimiter that closes it.
        var openMultiline: String?
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = offset + 1
            let line = rawLine.drop { $0 == " " || $0 == "\t" }
            if let delimiter = openMultiline {
                if line.contains(delimiter) { openMultiline = nil }
                continue
            }
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("[[") {
                let name = Self.headerName(line.dropFirst(2), closing: "]]")
                if name == "accounts" {
                    accountCount += 1
                    section = .account(accountCount)
                } else {
                    elementCounts[name, default: 0] += 1
                    section = .element(name, elementCounts[name, default: 1])
                }
                if headerLines[section] == nil { headerLines[section] = lineNumber }
                continue
            }
            if line.hasPrefix("[") {
                section = .other(Self.headerName(line.dropFirst(), closing: "]"))
                if headerLines[section] == nil { headerLines[section] = lineNumber }
                continue
            }
            guard let equals = line.firstIndex(of: "=") else { continue }
            let key = Self.firstKeyComponent(line[..<equals])
            if !key.isEmpty, keyLines[section, default: [:]][key] == nil {
                keyLines[section, default: [:]][key] = lineNumber
            }
            let value = line[line.index(after: equals)...]
            for delimiter in ["\"\"\"", "'''"] where Self.occurrences(of: delimiter, in: value) % 2 == 1 {
                openMultiline = delimiter
                break
            }
        }
    }

    /// The line of `key` in `section`; for a key that is itself a table (`[settings]`), its header.
    func line(of key: String, in section: Section) -> Int? {
        if let line = keyLines[section]?[key] { return line }
        if section == .top {
            return headerLines[.other(key)] ?? headerLines[.element(key, 1)]
                ?? headerLines.filter { if case .other(let name) = $0.key { name.hasPrefix(key + ".") } else { false } }
                .values.min()
        }
        return headerLines[section]
    }

    /// The line of the section's header (`[[accounts]]`), for problems with no single key.
    func headerLine(of section: Section) -> Int? { headerLines[section] }

    private static func headerName(_ rest: Substring, closing: String) -> String {
        let inner = rest.range(of: closing).map { rest[..<$0.lowerBound] } ?? rest
        return inner.split(separator: ".").map { unquote($0) }.joined(separator: ".")
    }

    private static func firstKeyComponent(_ keyText: Substring) -> String {
        let trimmed = keyText.trimmed(of: " \t")
        if let quote = trimmed.first, quote == "\"" || quote == "'" {
            let body = trimmed.dropFirst()
            return String(body.prefix { $0 != quote })
        }
        return unquote(trimmed.split(separator: ".").first ?? "")
    }

    private static func unquote(_ text: Substring) -> String {
        let trimmed = text.trimmed(of: " \t")
        if trimmed.count >= 2, let first = trimmed.first, first == "\"" || first == "'", trimmed.last == first {
            return String(trimmed.dropFirst().dropLast())
        }
        return String(trimmed)
    }

    private static func occurrences(of needle: String, in text: Substring) -> Int {
        var count = 0
        var rest = text[...]
        while let range = rest.range(of: needle) {
            count += 1
            rest = rest[range.upperBound...]
        }
        return count
    }
}

extension Substring {
    fileprivate func trimmed(of set: String) -> Substring {
        let sub = self
        let start = sub.firstIndex { !set.contains($0) } ?? sub.endIndex
        let end = sub[start...].lastIndex { !set.contains($0) }.map { sub.index(after: $0) } ?? start
        return sub[start..<end]
    }
}
