import Foundation
import Testing
import TokenDeckCore
@testable import TokenDeckSync

/// A walk is exact while the listing changes under it: every token that existed for the whole walk
/// is in the result exactly once, and a quiet walk after it gives the listing exactly.
@Suite("Exact walks while the listing changes")
struct ExactWalkTests {
    // MARK: Geometry

    @Test func offsetWindowsShareTheLastPositionOfThePageBefore() {
        #expect(ListingPaging.offset.window(after: 500, maxSize: 500) == .offset(499, size: 500))
        #expect(ListingPaging.offset.window(covering: 90..<130, maxSize: 500) == .offset(90, size: 40))
        #expect(ListingPaging.offset.window(covering: -20..<10, maxSize: 500) == .offset(0, size: 10))
        #expect(ListingPaging.fixedPages.window(after: 20, maxSize: 20) == nil)
    }

    @Test func pageNumberWindowsOverlapTheirPredecessorAndReachAsFarAsTheyCan() {
        // After [0, 500): the block of 499 holding position 499 is [499, 998).
        #expect(ListingPaging.pageNumber.window(after: 500, maxSize: 500) == .pageNumber(2, size: 499))
        var rng = LivingListing.SplitMix(seed: 7)
        for _ in 0..<2000 {
            let cap = Int(rng.next() % 985) + 16
            let end = Int(rng.next() % 200_000) + 1
            guard let window = ListingPaging.pageNumber.window(after: end, maxSize: cap) else {
                Issue.record("no window after \(end) with pages of at most \(cap)")
                continue
            }
            let positions = window.positions
            #expect(positions.contains(end - 1), "\(window) after \(end)")
            #expect(positions.upperBound > end)
            #expect(window.size <= cap && window.size >= max(2, cap / 2))
            // The best window: no allowed size reaches further.
            var best = 0
            for size in max(2, cap / 2)...cap {
                let reach: Int = ((end - 1) / size + 1) * size
                best = max(best, reach)
            }
            #expect(positions.upperBound == best)
        }
    }

    @Test func aCoveringWindowHoldsTheWholeRange() {
        var rng = LivingListing.SplitMix(seed: 11)
        for paging in [ListingPaging.offset, .pageNumber] {
            for _ in 0..<2000 {
                let cap = Int(rng.next() % 999) + 8
                let lower = Int(rng.next() % 100_000)
                let width = Int(rng.next() % UInt64(cap / 2)) + 1
                guard let window = paging.window(covering: lower..<(lower + width), maxSize: cap) else {
                    Issue.record("\(paging): nothing covers \(lower)..<\(lower + width) in pages of \(cap)")
                    continue
                }
                #expect(window.positions.lowerBound <= lower && window.positions.upperBound >= lower + width)
                #expect(window.size <= cap)
            }
        }
        #expect(ListingPaging.offset.window(covering: 0..<600, maxSize: 500) == nil)
    }

    // MARK: Deterministic changes

    @Test("A token deleted from page 1 right after page 1 was served does not hide the first token of page 2",
          arguments: Vendor.allCases)
    func deletionFromPageOneAfterItWasServed(vendor: Vendor) async throws {
        let listing = LivingListing(vendor: vendor, count: 400, maxPageSize: Self.maxPage(vendor), scripted: [1: [.delete(position: 3)]])
        let before = listing.ids
        let (events, cached) = try await Self.sync(listing)
        #expect(events.failures.isEmpty, "\(events.failures)")
        #expect(events.unconfirmed.isEmpty, "\(events.unconfirmed)")
        let ids = cached.map(\.id)
        #expect(Set(ids).count == ids.count, "a token twice")
        // Everything that was there at the start, the deleted one included (it was served on page 1).
        #expect(Set(ids) == Set(before))
        #expect(listing.ids.count == before.count - 1)
    }

    @Test("Tokens deleted from page 1 after it was served, more than the pages overlap: mended by bridges (metokens: a second walk)",
          arguments: Vendor.allCases, [5, 40])
    func deletionsBeyondTheOverlap(vendor: Vendor, deletions: Int) async throws {
        // Forty is a third of a page: the first bridge, centred on the estimate, misses and the next looks further back.
        let changes = Array(repeating: LivingListing.Change.delete(position: 2), count: deletions)
        let listing = LivingListing(vendor: vendor, count: 400, maxPageSize: Self.maxPage(vendor), scripted: [1: changes])
        let before = listing.ids
        let (events, cached) = try await Self.sync(listing)
        #expect(events.failures.isEmpty && events.unconfirmed.isEmpty, "\(events)")
        let ids = cached.map(\.id)
        #expect(Set(ids).count == ids.count)
        // Every token that lasted the walk, and nothing that never was (metokens' page 1 is twenty
        // tokens: of forty deleted, those past it were gone before anything could serve them).
        #expect(Set(before).subtracting(listing.removed).isSubset(of: Set(ids)))
        #expect(Set(ids).isSubset(of: Set(before)))
        // More requests than a quiet walk of what is left: the bridges (or, for metokens, a second walk).
        let quiet = LivingListing(vendor: vendor, count: 400 - deletions, maxPageSize: Self.maxPage(vendor))
        _ = try await Self.sync(quiet)
        #expect(listing.requestCount > quiet.requestCount)
    }

    @Test("A token added at the head right after page 1 was served is not a duplicate", arguments: Vendor.allCases)
    func insertionAtTheHeadAfterPageOne(vendor: Vendor) async throws {
        let listing = LivingListing(vendor: vendor, count: 400, maxPageSize: Self.maxPage(vendor), scripted: [1: [.insertAtHead]])
        let before = listing.ids
        let (events, cached) = try await Self.sync(listing)
        #expect(events.failures.isEmpty && events.unconfirmed.isEmpty, "\(events)")
        let ids = cached.map(\.id)
        #expect(Set(ids).count == ids.count)
        #expect(Set(before).isSubset(of: Set(ids)))
    }

    @Test("Deleted from page 1 and one added at the head after page 1: the quiet sync after it is the listing exactly",
          arguments: Vendor.allCases)
    func deletionAndInsertionAfterPageOne(vendor: Vendor) async throws {
        let listing = LivingListing(vendor: vendor, count: 400, maxPageSize: Self.maxPage(vendor),
                                    scripted: [1: [.delete(position: 0), .insertAtHead]])
        let before = listing.ids
        let cache = try TokenCache.inMemory()
        let (events, cached) = try await Self.sync(listing, cache: cache)
        #expect(events.failures.isEmpty && events.unconfirmed.isEmpty, "\(events)")
        #expect(Set(before).subtracting(listing.removed).isSubset(of: Set(cached.map(\.id))))
        let (_, again) = try await Self.sync(listing, cache: cache)
        #expect(again.map(\.id).sorted() == listing.ids.sorted())
    }

    // MARK: Random changes

    @Test("Under random changes every token that lasted the whole walk is kept once; a quiet sync is then exact",
          arguments: Vendor.allCases)
    func randomChurn(vendor: Vendor) async throws {
        for seed: UInt64 in 1...4 {
            let listing = LivingListing(vendor: vendor, count: 500, maxPageSize: Self.maxPage(vendor), churn: 3, seed: seed)
            let before = Set(listing.ids)
            let cache = try TokenCache.inMemory()
            let (events, cached) = try await Self.sync(listing, cache: cache)
            #expect(events.failures.isEmpty, "\(events.failures)")
            #expect(listing.changeCount > 0)
            let ids = cached.map(\.id)
            #expect(Set(ids).count == ids.count, "seed \(seed): a token twice")
            let lasted = before.subtracting(listing.removed)
            let missing = lasted.subtracting(ids)
            #expect(missing.isEmpty, "seed \(seed): missed \(missing.sorted().prefix(5)) of \(lasted.count)")

            listing.quiet()
            let (quietEvents, quiet) = try await Self.sync(listing, cache: cache)
            #expect(quietEvents.unconfirmed.isEmpty, "seed \(seed): \(quietEvents.unconfirmed)")
            #expect(quiet.map(\.id).sorted() == listing.ids.sorted(), "seed \(seed)")
        }
    }

    @Test func aListingThatNeverHoldsStillKeepsThePreviousTokensAndSaysHowMany() async throws {
        // metokens' pages cannot overlap; a change after every answer means no walk ever holds still.
        // The last sync saw 201 tokens; the newest has gone since.
        let listing = LivingListing(vendor: .metokens, count: 201)
        let cache = try TokenCache.inMemory()
        _ = try await Self.sync(listing, cache: cache)
        let churning = LivingListing(vendor: .metokens, count: 200, scripted: Dictionary(uniqueKeysWithValues: (1...400).map { ($0, [LivingListing.Change.delete(position: 0)]) }))
        let (events, cached) = try await Self.sync(churning, cache: cache)
        let kept = try #require(events.unconfirmed["living"])
        // Nothing cached before is dropped: what no walk saw stays, unconfirmed, and is counted.
        #expect(Set(cached.map(\.id)) == Set((1...201).map(String.init)))
        #expect(kept == 201 - churning.served.count)
        #expect(kept >= 1, "token 201 was never served")
        // Three walks of about ten pages, each followed by the first page again.
        #expect(churning.requestCount >= 3 * 9)
    }

    /// Prefactor's server clamps pages (to 60 here, 250 in the sandbox); the others serve what the sync asks (125).
    static func maxPage(_ vendor: Vendor) -> Int { vendor == .prefactor ? 60 : 1000 }

    static func sync(_ listing: LivingListing, cache: TokenCache? = nil) async throws -> ([SyncEvent], [Token]) {
        let cache = try cache ?? TokenCache.inMemory()
        let account = ConfiguredAccount(
            account: Account(name: "living", vendor: listing.vendor, baseURL: try #require(URL(string: "http://127.0.0.1:1/api/v1"))),
            credential: .literal("secret"))
        // Pages of 125 (a quarter of the default): as many pages as a bigger listing, a quarter of the JSON.
        let service = TokenService(accounts: [account], cache: cache, transport: listing, retry: .fastForTests, syncPageSize: 125)
        let events = await collect(service.sync())
        return (events, try await cache.tokens(account: "living"))
    }
}
