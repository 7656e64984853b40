import Foundation

/// One entry of a Laravel paginator's `links` array, label decoded (`&laquo; Previous` → `« Previous`).
public struct PaginatorLink: Sendable, Hashable {
    public enum Role: Sendable, Hashable {
        case previous, next, gap
        case page(Int)
    }

    public var url: String?
    public var label: String
    public var active: Bool
    public var role: Role

    public init(url: String?, label rawLabel: String, page: Int? = nil, active: Bool = false) {
        self.url = url
        label = LaravelPaginator.decodeEntities(rawLabel)
        self.active = active
        if label.contains("Previous") || label.hasPrefix("«") {
            role = .previous
        } else if label.contains("Next") || label.hasSuffix("»") {
            role = .next
        } else if let number = page ?? Int(label) {
            role = .page(number)
        } else {
            role = .gap
        }
    }
}

/// The Laravel paging rules Provisionr (paginator) and metokens (API resource) share.
enum LaravelPaginator {
    /// Laravel escapes labels unless told not to; both forms must read the same.
    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var out = text
        for (entity, plain) in [("&laquo;", "«"), ("&raquo;", "»"), ("&hellip;", "…"), ("&nbsp;", " "),
                                ("&quot;", "\""), ("&#039;", "'"), ("&#39;", "'"), ("&lt;", "<"), ("&gt;", ">"),
                                ("&amp;", "&")] {
            out = out.replacingOccurrences(of: entity, with: plain)
        }
        return out
    }

    /// The `links` array, forgiving: entries that are not objects with a label are skipped.
    static func links(_ value: JSONValue?) -> [PaginatorLink] {
        guard case .array(let items)? = value else { return [] }
        return items.compactMap { item in
            guard let label = item["label"]?.stringValue else { return nil }
            let active: Bool = if case .bool(let flag)? = item["active"] { flag } else { false }
            return PaginatorLink(url: item["url"]?.stringValue, label: label, page: item["page"]?.intValue, active: active)
        }
    }

    /// Whether the server offers a next page, from the next URL when it sent one; else from the
    /// "Next »" link; nil when it said neither (then the page numbers decide). The links are read
    /// only when there is no next URL: classifying a page's dozen labels goes through Foundation's
    /// string search, which shows at metokens' thousand pages of twenty.
    static func nextOffered(nextURL: JSONValue?, links: @autoclosure () -> [PaginatorLink]) -> Bool? {
        if let nextURL { return nextURL.stringValue.map { !$0.isEmpty } ?? false }
        if let nextLink = links().first(where: { $0.role == .next }) { return nextLink.url != nil }
        return nil
    }

    /// The stopping rule: no next page when the server offers none, the page came back empty
    /// (a page past the end is a 200 with empty data), or this is the last page.
    static func nextCursor(currentPage: Int, lastPage: Int, perPage: Int, nextOffered: Bool?,
                           dataCount: Int, requestedSize: Int) -> PageCursor? {
        guard nextOffered != false, dataCount > 0, currentPage < lastPage else { return nil }
        return .pageNumber(currentPage + 1, size: perPage > 0 ? perPage : requestedSize)
    }
}
