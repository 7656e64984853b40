import Foundation
import Synchronization
import TestSupport
import TokenDeckCore
@testable import TokenDeckSandbox
@testable import TokenDeckSync

/// A vendor whose listing changes while it is walked: an ordered list of ids served in the vendor's
/// own page shape (Provisionr page number and size, Prefactor and TrueFoundry offsets, metokens twenty
/// a page), and a change applied after chosen answers are made — deterministically by request, or at
/// random from a seed. Counts requests and remembers every id that ever left, so a test can tell
/// which tokens existed for the whole walk.
final class LivingListing: HTTPTransport {
    enum Change: Sendable, Hashable {
        case delete(position: Int)
        case insertAtHead
        case append
    }

    struct State {
        var ids: [String]
        var requests = 0
        var nextID = 0
        var removed: Set<String> = []
        var served: Set<String> = []
        var rng: SplitMix
        var changes = 0
    }

    let vendor: Vendor
    /// The most a page holds, whatever is asked (Prefactor's server clamp).
    let maxPageSize: Int
    private let state: Mutex<State>
    /// Changes after the answer to request N (1-based) is made, before it is returned.
    private let scripted: [Int: [Change]]
    /// Random changes after each answer, on average (each a delete anywhere, an insert at the head or at the end).
    private let churn: Double

    init(vendor: Vendor, count: Int, maxPageSize: Int = 1000, scripted: [Int: [Change]] = [:], churn: Double = 0, seed: UInt64 = 1) {
        self.vendor = vendor
        self.maxPageSize = maxPageSize
        self.scripted = scripted
        self.churn = churn
        state = Mutex(State(ids: (0..<count).map { Self.id(vendor, $0) }, nextID: count, rng: SplitMix(seed: seed)))
    }

    var ids: [String] { state.withLock { $0.ids } }
    var requestCount: Int { state.withLock { $0.requests } }
    var changeCount: Int { state.withLock { $0.changes } }
    /// Ids that left the listing at some point.
    var removed: Set<String> { state.withLock { $0.removed } }
    /// Ids some answer held.
    var served: Set<String> { state.withLock { $0.served } }

    /// Stops random changes (the next walk is quiet).
    func quiet() { state.withLock { $0.rng.quiet = true } }

    static func id(_ vendor: Vendor, _ number: Int) -> String {
        vendor == .metokens ? String(number + 1) : "tok_\(number)"
    }

    func send(_ request: HTTPRequestSpec, timeout: Duration) async throws -> HTTPResponseData {
        let body = state.withLock { state -> String in
            state.requests += 1
            let body = answer(request, ids: state.ids, served: &state.served)
            for change in scripted[state.requests] ?? [] { apply(change, to: &state) }
            if churn > 0, !state.rng.quiet {
                // `churn` changes an answer on average: its whole part always, its fraction by chance.
                var count = Int(churn)
                if state.rng.unit() < churn - Double(count) { count += 1 }
                for _ in 0..<count {
                    let pick = state.rng.next() % 3
                    let change: Change = pick == 0 ? .delete(position: Int(state.rng.next() % UInt64(max(1, state.ids.count))))
                        : pick == 1 ? .insertAtHead : .append
                    apply(change, to: &state)
                }
            }
            return body
        }
        return HTTPResponseData(status: 200, body: Data(body.utf8))
    }

    private func apply(_ change: Change, to state: inout State) {
        state.changes += 1
        switch change {
        case .delete(let position):
            guard state.ids.indices.contains(position) else { return }
            state.removed.insert(state.ids.remove(at: position))
        case .insertAtHead:
            state.ids.insert(Self.id(vendor, state.nextID), at: 0)
            state.nextID += 1
        case .append:
            state.ids.append(Self.id(vendor, state.nextID))
            state.nextID += 1
        }
    }

    private func answer(_ request: HTTPRequestSpec, ids: [String], served: inout Set<String>) -> String {
        func query(_ name: String) -> Int? { ScriptedTransport.query(request, name).flatMap { Int($0) } }
        func slice(_ offset: Int, _ size: Int) -> ArraySlice<String> {
            let start = min(max(0, offset), ids.count)
            let page = ids[start..<min(ids.count, start + max(0, size))]
            served.formUnion(page)
            return page
        }
        let total = ids.count
        switch vendor {
        case .provisionr where ScriptedTransport.query(request, "filter[trashed]") == "only":
            return VendorBodies.provisionrPage(records: [], currentPage: 1, lastPage: 1, perPage: 500, total: 0)
        case .provisionr:
            let size = min(query("page[size]") ?? 500, maxPageSize)
            let page = max(1, query("page[number]") ?? 1)
            let last = max(1, (total + size - 1) / size)
            return VendorBodies.provisionrPage(records: slice((page - 1) * size, size).map { VendorBodies.provisionrRecord(id: $0) },
                                               currentPage: page, lastPage: last, perPage: size, total: total)
        case .prefactor:
            let size = min(query("pagination[page_size]") ?? 25, maxPageSize)
            let offset = query("pagination[offset]") ?? 0
            let next = offset + size < total ? offset + size : nil
            return VendorBodies.prefactorPage(summaries: slice(offset, size).map { VendorBodies.prefactorSummary(id: $0) },
                                              offset: offset, pageSize: size, itemCount: total, nextOffset: next)
        case .metokens:
            let page = max(1, query("page") ?? 1)
            let last = max(1, (total + 19) / 20)
            return VendorBodies.metokensPage(records: slice((page - 1) * 20, 20).compactMap { Int($0) }.map { VendorBodies.metokensRecord(id: $0) },
                                             currentPage: page, lastPage: last, perPage: 20, total: total)
        case .truefoundry:
            let limit = min(query("limit") ?? 100, maxPageSize)
            let offset = query("offset") ?? 0
            return VendorBodies.truefoundryPage(records: slice(offset, limit).map { VendorBodies.truefoundryRecord(id: $0) },
                                                total: total, offset: offset, limit: limit)
        }
    }

    /// The sandbox's seeded generator, so a failing run can be repeated; `quiet` stops random changes.
    struct SplitMix {
        private var generator: SplitMix64
        var quiet = false
        init(seed: UInt64) { generator = SplitMix64(seed: seed) }
        mutating func next() -> UInt64 { generator.next() }
        mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
    }
}
