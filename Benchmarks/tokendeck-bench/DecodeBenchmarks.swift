import Foundation
import TokenDeckCore

/// Decoding one list answer per vendor, as the sync does for every page it fetches, against what
/// Foundation offers for the same page: `JSONSerialization` (the tree alone, nothing mapped) and
/// `JSONDecoder` into typed records of exactly the fields the adapter reads (no vendor JSON kept).
/// Both Foundation figures do less than the adapter, so the adapter is kept only if it is faster.
enum DecodeBenchmarks {
    static func run(_ runner: inout BenchmarkRunner, fixtures: Fixtures, records: Int) async throws {
        guard runner.wants("decode") else { return }
        for (account, cursor, response) in try await fixtures.pageBodies(records: records) {
            let adapter = Adapters.adapter(for: account.vendor)
            let count = try adapter.decodeList(response, account: account, cursor: cursor, trashed: false).tokens.count
            let kilobytes = response.body.count / 1024
            let vendor = account.vendor.rawValue
            try runner.measure("decode \(vendor) page (\(count) records, \(kilobytes) KB): adapter → [Token]") {
                _ = try adapter.decodeList(response, account: account, cursor: cursor, trashed: false)
            }
            try runner.measure("decode \(vendor) page: JSONSerialization tree only") {
                _ = try JSONSerialization.jsonObject(with: response.body)
            }
            let decoder = JSONDecoder()
            try runner.measure("decode \(vendor) page: JSONDecoder typed fields only") {
                let decoded = try FoundationPages.decode(account.vendor, response.body, with: decoder)
                precondition(decoded == count, "JSONDecoder read \(decoded) records, the adapter \(count)")
            }
        }
    }
}

/// The records as `Decodable` types holding what each adapter maps (dates as text: parsing them is
/// the same work either way and would only widen the gap).
enum FoundationPages {
    static func decode(_ vendor: Vendor, _ body: Data, with decoder: JSONDecoder) throws -> Int {
        switch vendor {
        case .provisionr: try decoder.decode(ProvisionrPage.self, from: body).data.count
        case .prefactor: try decoder.decode(PrefactorPage.self, from: body).summaries.count
        case .metokens: try decoder.decode(MetokensPage.self, from: body).data.count
        case .truefoundry: try decoder.decode(TrueFoundryPage.self, from: body).data.count
        }
    }

    struct ProvisionrPage: Decodable {
        struct Record: Decodable {
            struct Times: Decodable { var created_at: String?; var last_used_at: String?; var expires_at: String? }
            var id: String; var name: String?; var description: String?; var abilities: [String]?; var timestamp: Times?
        }
        var data: [Record]; var current_page: Int; var last_page: Int; var per_page: Int?; var total: Int?
        var next_page_url: String?
    }

    struct PrefactorPage: Decodable {
        struct Record: Decodable {
            var id: String; var token_scope: String?; var type: String?; var status: String?
            var inserted_at: String; var last_used_at: String?; var expires_at: String?; var created_by_admin_user_id: String?
        }
        struct Pagination: Decodable { var page_size: Int?; var next_page_offset: Int?; var item_count: Int?; var page_count: Int? }
        var summaries: [Record]; var pagination: Pagination?
    }

    struct MetokensPage: Decodable {
        struct Record: Decodable {
            var id: Int64; var name: String?; var status: String?; var created_at: String; var last_used_at: String?
            var expires_at: String?; var allowed_ips: [String]?; var usage_count: Int?
        }
        struct Meta: Decodable { var current_page: Int; var last_page: Int; var per_page: Int?; var total: Int? }
        struct Links: Decodable { var next: String? }
        var data: [Record]; var meta: Meta; var links: Links?
    }

    struct TrueFoundryPage: Decodable {
        struct Record: Decodable {
            struct Permission: Decodable { var role_id: String?; var resource_fqn: String? }
            struct Manifest: Decodable { var name: String?; var type: String?; var expiration_date: String?; var permissions: [Permission]? }
            struct Subject: Decodable { var subjectDisplayName: String?; var subjectSlug: String? }
            var id: String; var name: String?; var type: String?; var createdAt: String?; var createdBy: String?
            var manifest: Manifest?; var createdBySubject: Subject?
        }
        struct Pagination: Decodable { var total: Int?; var offset: Int?; var limit: Int? }
        var data: [Record]; var pagination: Pagination?
    }
}
