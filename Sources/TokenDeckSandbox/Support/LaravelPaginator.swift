/// The arithmetic and link window of Laravel's `LengthAwarePaginator`, shared by the two
/// Laravel vendors (Provisionr's paginator body and metokens' API-resource body).
struct LaravelPaginator {
    let currentPage: Int
    let perPage: Int
    let total: Int

    var lastPage: Int { max(1, (total + perPage - 1) / perPage) }
    /// Offset of the first item on the current page, nil when it overflows.
    var offset: Int? {
        let (product, overflow) = (currentPage - 1).multipliedReportingOverflow(by: perPage)
        return overflow ? nil : product
    }

    /// Range of items on this page within the whole (empty past the end).
    var itemRange: Range<Int> {
        guard let offset, offset < total else { return total..<total }
        return offset..<min(total, offset + perPage)
    }

    /// 1-based `from`/`to`, null when the page is empty.
    var from: Int? { itemRange.isEmpty ? nil : itemRange.lowerBound + 1 }
    var to: Int? { itemRange.isEmpty ? nil : itemRange.upperBound }

    var hasMorePages: Bool { currentPage < lastPage }

    enum Element: Equatable {
        case page(Int)
        case dots
    }

    /// Laravel's `UrlWindow` with `onEachSide = 3`: every page when there are fewer than 14,
    /// otherwise a slider with the first two, the last two and `...` between.
    var window: [Element] {
        let onEachSide = 3
        let last = lastPage
        if last < onEachSide * 2 + 8 {
            return (1...last).map(Element.page)
        }
        let windowSize = onEachSide + 4
        let start = [Element.page(1), .page(2)]
        let finish = [Element.page(last - 1), .page(last)]
        if currentPage <= windowSize {
            return (1...(windowSize + onEachSide)).map(Element.page) + [.dots] + finish
        }
        if currentPage > last - windowSize {
            return start + [.dots] + ((last - (windowSize + (onEachSide - 1)))...last).map(Element.page)
        }
        let slider = ((currentPage - onEachSide)...(currentPage + onEachSide)).map(Element.page)
        return start + [.dots] + slider + [.dots] + finish
    }
}
