import Foundation

/// The one text-matching rule every search follows — the CLI's `--search`, the dashboard, and the
/// dashboard index's fast path, which stores `fold` of each field so it can compare bytes:
///
/// - `fold(s)`: ASCII text is lower-cased byte by byte (A–Z to a–z); any other text is put in
///   Unicode normalisation form C, then lower-cased (`String.lowercased()`), as UTF-8.
/// - A token matches when `fold(needle)` is a byte substring of `fold(field)` for one of its
///   searchable fields (title, id, type, owner), never across two fields. An empty needle
///   matches every token.
///
/// What follows from it: `é` and `e`+U+0301 find each other (NFC), `É` finds `é`, the Kelvin
/// sign finds `k`, `İ` finds `i` (it lower-cases to `i`+U+0307); but `ß` does not find `SS` nor
/// `ss` (lower-casing is not case folding), `ﬁ` does not find `fi`, `ς` does not find `σ`, and
/// `e` does not find `é`. Bytes, not characters: `👍` finds `👍🏽`.
public enum SearchFold {
    /// `text` under the rule, as UTF-8 bytes.
    public static func fold(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        append(text, to: &bytes)
        return bytes
    }

    /// Appends `fold(text)` to `bytes` (what an index holding many fields in one buffer calls).
    public static func append(_ text: String, to bytes: inout [UInt8]) {
        let utf8 = text.utf8
        if isASCII(utf8) {
            for byte in utf8 { bytes.append(foldASCII(byte)) }
        } else {
            bytes.append(contentsOf: text.precomposedStringWithCanonicalMapping.lowercased().utf8)
        }
    }

    /// Whether `fold(field)` contains `needle` (already folded). ASCII fields, nearly every id and
    /// name, are folded as they are read, so searching 100,000 of them allocates nothing.
    public static func field(_ field: String, contains needle: [UInt8]) -> Bool {
        if needle.isEmpty { return true }
        let utf8 = field.utf8
        if isASCII(utf8) {
            return utf8.withContiguousStorageIfAvailable { contains($0, needle, fold: true) }
                ?? Array(utf8).withUnsafeBufferPointer { contains($0, needle, fold: true) }
        }
        return fold(field).withUnsafeBufferPointer { contains($0, needle, fold: false) }
    }

    @inline(__always)
    public static func foldASCII(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }

    private static func isASCII(_ utf8: String.UTF8View) -> Bool {
        utf8.withContiguousStorageIfAvailable { $0.allSatisfy { $0 < 0x80 } } ?? utf8.allSatisfy { $0 < 0x80 }
    }

    /// Whether `haystack` (its bytes folded first when `fold`) contains `needle` (not empty).
    private static func contains(_ hay: UnsafeBufferPointer<UInt8>, _ needle: [UInt8], fold: Bool) -> Bool {
        guard hay.count >= needle.count else { return false }
        for start in 0...(hay.count - needle.count) {
            var offset = 0
            while offset < needle.count {
                let byte = hay[start + offset]
                if (fold ? foldASCII(byte) : byte) != needle[offset] { break }
                offset += 1
            }
            if offset == needle.count { return true }
        }
        return false
    }
}
