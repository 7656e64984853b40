import TokenDeckCore

/// Which windows of a listing a client can ask for — the geometry that decides whether two pages
/// can be made to overlap, and so whether a walk can prove that it missed nothing.
///
/// A window is a range of 0-based positions `start ..< start + size` of the listing as the server
/// orders it at the moment it answers.
enum ListingPaging: Sendable, Hashable {
    /// Any start and any size up to the maximum (Prefactor `pagination[offset]`, TrueFoundry `offset`).
    case offset
    /// Any size up to the maximum, but a window starts at a multiple of its size (Provisionr's
    /// `page[number]` and `page[size]`).
    case pageNumber
    /// The server fixes the size and only the page number is asked (metokens): pages cannot overlap.
    case fixedPages

    static func of(_ vendor: Vendor) -> ListingPaging {
        switch vendor {
        case .prefactor, .truefoundry: .offset
        case .provisionr: .pageNumber
        case .metokens: .fixedPages
        }
    }

    /// Whether consecutive windows can share a position (what proves that nothing fell between them).
    var canOverlap: Bool { self != .fixedPages }

    /// The window that follows one ending at `end` and shares at least its last position with it,
    /// reaching as far as possible with windows of at most `maxSize` (and, for page numbers, at
    /// least half of it, so a walk never degrades into tiny pages). Nil when no such window moves on.
    func window(after end: Int, maxSize: Int) -> PageCursor? {
        guard maxSize >= 2, end >= 1 else { return nil }
        let last = end - 1
        switch self {
        case .offset:
            return .offset(last, size: maxSize)
        case .pageNumber:
            // The block of size z holding `last` ends at (last / z + 1) * z: take the z reaching furthest.
            var best: (reach: Int, size: Int)?
            for size in stride(from: maxSize, through: max(2, maxSize / 2), by: -1) {
                let reach = (last / size + 1) * size
                if reach > end, reach > best?.reach ?? 0 { best = (reach, size) }
            }
            guard let best else { return nil }
            return .pageNumber(last / best.size + 1, size: best.size)
        case .fixedPages:
            return nil
        }
    }

    /// A window of at most `maxSize` positions that holds every position of `range` (clamped at 0),
    /// or nil when the geometry has none: a page to bridge two pages that no longer meet.
    func window(covering range: Range<Int>, maxSize: Int) -> PageCursor? {
        let lower = max(0, range.lowerBound)
        let upper = max(lower + 1, range.upperBound)
        guard upper - lower <= maxSize else { return nil }
        switch self {
        case .offset:
            return .offset(lower, size: upper - lower)
        case .pageNumber:
            // The largest size whose block holding `lower` also holds `upper - 1`.
            for size in stride(from: maxSize, through: upper - lower, by: -1) where lower / size == (upper - 1) / size {
                return .pageNumber(lower / size + 1, size: size)
            }
            return nil
        case .fixedPages:
            return nil
        }
    }
}

extension PageCursor {
    /// The positions the cursor asks for, 0-based.
    var positions: Range<Int> {
        switch self {
        case .pageNumber(let number, let size):
            let start = max(0, number - 1).multipliedReportingOverflow(by: size)
            return start.overflow ? Int.max..<Int.max : start.partialValue..<(start.partialValue &+ size)
        case .offset(let offset, let size):
            return offset..<(offset &+ size)
        }
    }

    var size: Int {
        switch self {
        case .pageNumber(_, let size), .offset(_, let size): size
        }
    }
}
