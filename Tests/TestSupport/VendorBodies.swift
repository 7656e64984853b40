import Foundation
import TokenDeckCore

/// Realistic vendor bodies, built from the specs' shapes with concrete values, for paging and
/// mapping tests. Each builder returns JSON text.
public enum VendorBodies {
    private static func quote(_ text: String?) -> String {
        guard let text else { return "null" }
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return "\"" + out + "\""
    }

    // MARK: Provisionr

    public static func provisionrRecord(
        id: String, type: String = "svc_access", description: String = "Token for Vendor X Integration (Prod)",
        abilities: [String] = ["tokens:read"], createdAt: String? = "2024-03-15T10:30:00.000000Z",
        lastUsedAt: String? = "2024-03-16T08:00:00.000000Z", expiresAt: String? = "2024-04-15T10:30:00.000000Z"
    ) -> String {
        """
        {"id":\(quote(id)),"name":\(quote(type)),"description":\(quote(description)),\
        "abilities":[\(abilities.map { quote($0) }.joined(separator: ","))],\
        "timestamp":{"created_at":\(quote(createdAt)),"last_used_at":\(quote(lastUsedAt)),\
        "expires_at":\(quote(expiresAt)),"expires_at_mins":43200,"requested_at":\(quote(createdAt))},\
        "_embedded":[],"_links":{"self":"https://ws-a1b2c3.provisionr.io/api/v1/workspace/tokens/\(id)"}}
        """
    }

    /// A Laravel paginator page. `nextPageURL` defaults to present unless this is the last page.
    public static func provisionrPage(
        records: [String], currentPage: Int = 1, lastPage: Int = 1, perPage: Int = 500, total: Int? = nil,
        nextPageURL: String?? = .none, previousLabel: String = "&laquo; Previous", nextLabel: String = "Next &raquo;"
    ) -> String {
        let base = "https://wks-a1b2c3d4.provisionr.io/api/v1/workspace/tokens"
        let next: String? = nextPageURL ?? (currentPage < lastPage ? "\(base)?page%5Bnumber%5D=\(currentPage + 1)" : nil)
        let from = records.isEmpty ? "null" : String((currentPage - 1) * perPage + 1)
        let to = records.isEmpty ? "null" : String((currentPage - 1) * perPage + records.count)
        return """
        {"current_page":\(currentPage),"data":[\(records.joined(separator: ","))],\
        "first_page_url":"\(base)?page%5Bnumber%5D=1","from":\(from),"last_page":\(lastPage),\
        "last_page_url":"\(base)?page%5Bnumber%5D=\(lastPage)",\
        "links":[{"url":null,"label":\(quote(previousLabel)),"active":false},\
        {"url":"\(base)?page%5Bnumber%5D=1","label":"1","active":\(currentPage == 1)},\
        {"url":\(quote(next)),"label":\(quote(nextLabel)),"active":false}],\
        "next_page_url":\(quote(next)),"path":"\(base)","per_page":\(perPage),\
        "prev_page_url":null,"to":\(to),"total":\(total ?? records.count)}
        """
    }

    // MARK: Prefactor

    public static func prefactorSummary(
        id: String, scope: String = "environment", status: String = "active",
        insertedAt: String = "2024-01-01T00:00:00Z", lastUsedAt: String? = nil, expiresAt: String? = nil,
        createdBy: String? = "013xrzp12g3nqk8nh0qrc2b1jfanmvb9"
    ) -> String {
        """
        {"account_id":"013xrzp12g3nqk8ngskn1wtxgka5b0nf","created_by_admin_user_id":\(quote(createdBy)),\
        "environment_id":"013xrzp12g3nqk8nzxvq7jm2arsfg5h1","expires_at":\(quote(expiresAt)),"id":\(quote(id)),\
        "inserted_at":\(quote(insertedAt)),"last_used_at":\(quote(lastUsedAt)),"status":\(quote(status)),\
        "token_scope":\(quote(scope)),"type":"api_token","updated_at":\(quote(insertedAt))}
        """
    }

    public static func prefactorPage(summaries: [String], offset: Int, pageSize: Int, itemCount: Int, nextOffset: Int?) -> String {
        let pageCount = pageSize > 0 ? (itemCount + pageSize - 1) / pageSize : 0
        let previous = offset > 0 ? String(max(0, offset - pageSize)) : "null"
        return """
        {"status":"success","summaries":[\(summaries.joined(separator: ","))],\
        "pagination":{"item_count":\(itemCount),"item_start":\(offset + 1),"item_end":\(offset + summaries.count),\
        "next_page_offset":\(nextOffset.map(String.init) ?? "null"),"page_count":\(pageCount),\
        "page_index":\(pageSize > 0 ? offset / pageSize + 1 : 1),"page_offset":\(offset),"page_size":\(pageSize),\
        "previous_page_offset":\(previous)},"sorting":{"field":"id","direction":"asc"}}
        """
    }

    // MARK: metokens

    public static func metokensRecord(
        id: Int, name: String = "CI Deployments", status: String = "active", lastUsedAt: String? = "2024-04-11T14:35:05Z",
        usageCount: Int = 12, expiresAt: String? = "2024-12-31T06:00:00Z", createdAt: String = "2024-03-01T18:11:00Z",
        allowedIPs: [String]? = ["10.0.0.0/24", "203.0.113.12"]
    ) -> String {
        let ips = allowedIPs.map { "[" + $0.map { quote($0) }.joined(separator: ",") + "]" } ?? "null"
        return """
        {"id":\(id),"name":\(quote(name)),"status":\(quote(status)),"last_used_at":\(quote(lastUsedAt)),\
        "usage_count":\(usageCount),"expires_at":\(quote(expiresAt)),"created_at":\(quote(createdAt)),"allowed_ips":\(ips)}
        """
    }

    public static func metokensPage(records: [String], currentPage: Int = 1, lastPage: Int = 1, perPage: Int = 20, total: Int? = nil,
                                     nextURL: String?? = .none) -> String {
        let base = "https://example.test/api/v1/me/tokens"
        let next: String? = nextURL ?? (currentPage < lastPage ? "\(base)?page=\(currentPage + 1)" : nil)
        return """
        {"data":[\(records.joined(separator: ","))],\
        "links":{"first":"\(base)?page=1","last":"\(base)?page=\(lastPage)","prev":null,"next":\(quote(next))},\
        "meta":{"current_page":\(currentPage),"from":1,"last_page":\(lastPage),\
        "links":[{"url":null,"label":"« Previous","page":null,"active":false},\
        {"url":\(quote(next)),"label":"Next »","page":null,"active":false}],\
        "path":"\(base)","per_page":\(perPage),"to":\(records.count),"total":\(total ?? records.count)}}
        """
    }

    // MARK: TrueFoundry

    public static func truefoundryRecord(
        id: String, name: String = "ci-bot", type: String = "personal-access-token",
        expirationDate: String? = "2024-12-31T00:00:00.000Z", createdAt: String = "2023-11-07T05:31:56Z",
        displayName: String? = "Ada Lovelace", createdBy: String = "ada@example.com",
        permissions: [(role: String, fqn: String)] = [("workspace-admin", "tenant:cluster:ws1")]
    ) -> String {
        let perms = permissions.map {
            "{\"resource_fqn\":\(quote($0.fqn)),\"resource_type\":\"workspace\",\"role_id\":\(quote($0.role))}"
        }.joined(separator: ",")
        let expiry = expirationDate.map { "\"expiration_date\":\(quote($0))," } ?? ""
        return """
        {"id":\(quote(id)),"name":\(quote(name)),"type":\(quote(type)),"tenantName":"acme",\
        "manifest":{"name":\(quote(name)),"type":"virtual-account",\(expiry)"permissions":[\(perms)]},\
        "createdBySubject":{"subjectId":"u1","subjectType":"user","subjectSlug":"ada","subjectDisplayName":\(quote(displayName))},\
        "createdAt":\(quote(createdAt)),"updatedAt":\(quote(createdAt)),"createdBy":\(quote(createdBy))}
        """
    }

    public static func truefoundryPage(records: [String], total: Int, offset: Int, limit: Int) -> String {
        """
        {"data":[\(records.joined(separator: ","))],"pagination":{"total":\(total),"offset":\(offset),"limit":\(limit)}}
        """
    }

    /// What a proxy sends when the vendor is down.
    public static let html502 = """
    <html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>
    """
}
