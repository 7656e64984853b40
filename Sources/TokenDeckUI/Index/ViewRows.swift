import Foundation
import TokenDeckCore

/// What the index keeps of the view's last questions, so that the next one redoes only the stage
/// its change touched (`rows(for:now:)` is the only reader and writer):
///   1. every token in the sort order — on a sort change, or each minute for the status sort;
///   2. the type, trash and status filters over it (plain arrays of the index, no sorting);
///   3. the search text over that — narrowed from the last text while typing forward, with the
///      answers for shorter texts kept so Backspace goes back to one without searching;
///   4. the next keystroke of a wide search, prepared between key presses (`prepareNextKeystroke`).
/// A load or a status change makes a new index, or empties this, so nothing here outlives its tokens.
struct ViewMemo: Sendable {
    struct SortKey: Equatable, Sendable {
        var sort: TokenSort
        /// The status sort depends on the clock: re-sorted once a minute.
        var minute: Int?
    }

    struct FilterKey: Equatable, Sendable {
        var kind: String?
        var trashed: TrashFilter
        var status: TokenStatus?
        /// The risk filter, and which assessment of the risks it read.
        var risk: RiskFilter?
        var riskAssessment: Int
        /// Status depends on the clock: with a status filter, filtered again once a minute.
        var minute: Int?
    }

    var sorted: (key: SortKey, rows: [Int])?
    var filtered: (key: FilterKey, rows: [Int])?
    /// Texts searched over `filtered`, each with its rows; the last is the current one.
    var searches: [(needle: [UInt8], rows: [Int])] = []
    /// For the current search, when its matches are many.
    var prepared: PreparedKeystroke?
}

extension TokenIndex {
    /// The rows `query` selects (every account), in its sort order: what the dashboard shows
    /// before an account is picked. What the last queries cost is kept (`ViewMemo`), so typing,
    /// erasing and changing a filter each redo only their own stage.
    mutating func rows(for query: TokenQuery, now: Date) -> [Int] {
        let minute = Int(now.timeIntervalSince1970 / 60)
        let sortKey = ViewMemo.SortKey(sort: query.sort, minute: query.sort.field == .status ? minute : nil)
        let sorted: [Int]
        if let kept = viewMemo.sorted, kept.key == sortKey {
            sorted = kept.rows
        } else {
            sorted = TokenFilter.sortedIndices(tokens, by: query.sort, now: now)
            viewMemo = ViewMemo(sorted: (sortKey, sorted))
        }
        let filterKey = ViewMemo.FilterKey(kind: query.kind, trashed: query.trashed, status: query.status,
                                           risk: query.risk, riskAssessment: query.risk == nil ? 0 : risks?.assessment ?? 0,
                                           minute: query.status != nil ? minute : nil)
        let filtered: [Int]
        if let kept = viewMemo.filtered, kept.key == filterKey {
            filtered = kept.rows
        } else {
            if query.status != nil { keepStatuses(asOf: now) }
            filtered = rows(sorted, passingFiltersOf: query, now: now)
            viewMemo.filtered = (filterKey, filtered)
            viewMemo.searches = []
            viewMemo.prepared = nil
        }
        return search(filtered, for: SearchText.needle(for: query.text))
    }

    private mutating func search(_ filtered: [Int], for needle: [UInt8]) -> [Int] {
        if let current = viewMemo.searches.last, current.needle == needle { return current.rows }
        let matching: [Int]
        if let kept = viewMemo.searches.lastIndex(where: { $0.needle == needle }) {
            // Backspace back to a text searched before: its answer is still right.
            matching = viewMemo.searches[kept].rows
            viewMemo.searches.removeSubrange((kept + 1)...)
        } else {
            // Typing forward only narrows: search what the longest earlier text it contains matched.
            while let last = viewMemo.searches.last, last.needle.isEmpty || !Self.bytes(needle, contain: last.needle) {
                viewMemo.searches.removeLast()
            }
            let base = viewMemo.searches.last
            if let base, let prepared = viewMemo.prepared, prepared.needle == base.needle,
               needle.count == base.needle.count + 1, needle.starts(with: base.needle), let byte = needle.last,
               let narrowed = prepared.rows(base.rows, followedBy: byte, in: self) {
                matching = narrowed
            } else {
                matching = rows(base?.rows ?? filtered, containing: needle)
            }
            viewMemo.searches.append((needle, matching))
        }
        viewMemo.prepared = PreparedKeystroke(needle: needle, matching: matching)
        return matching
    }

    /// Whether `prepareNextKeystroke` has work left.
    var isPreparingNextKeystroke: Bool { viewMemo.prepared.map { !$0.isComplete } ?? false }

    /// Whether the next letter typed after the current search will be answered from the followers
    /// prepared between key presses (one AND per token) rather than by reading the text.
    var isNextKeystrokePrepared: Bool { viewMemo.prepared?.isComplete ?? false }

    /// One slice of the work done between key presses: the followers of the current search text in
    /// its matches, a few thousand tokens at a time. Returns whether any is left.
    mutating func prepareNextKeystroke() -> Bool {
        // Taken out while it changes, so its arrays are not copied.
        guard var next = viewMemo.prepared, !next.isComplete else { return false }
        viewMemo.prepared = nil
        let more = next.prepareSlice(in: self)
        // Nothing left yet not complete: there was nothing to prepare (an empty load).
        guard more || next.isComplete else { return false }
        viewMemo.prepared = next
        return more
    }

    private static func bytes(_ haystack: [UInt8], contain needle: [UInt8]) -> Bool {
        guard needle.count <= haystack.count else { return false }
        if needle.isEmpty { return true }
        for start in 0...(haystack.count - needle.count) where haystack[start..<(start + needle.count)].elementsEqual(needle) {
            return true
        }
        return false
    }
}
