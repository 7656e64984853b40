import Foundation
import TokenDeckCore

extension TokenIndex {
    /// The subset of `candidates` (in order) that `TokenFilter.matches` passes for the type,
    /// trash and status of `query` (its text aside), and the risk filter: the tokens whose
    /// assessed rules (`risks`) include the one asked for — none before the risks are assessed.
    func rows(_ candidates: [Int], passingFiltersOf query: TokenQuery, now: Date) -> [Int] {
        var kind: Int32?
        if let wanted = query.kind, !wanted.isEmpty {
            guard let ordinal = kinds.firstIndex(of: wanted) else { return [] }
            kind = Int32(ordinal)
        }
        let trashed = query.trashed, status = query.status, seconds = now.timeIntervalSinceReferenceDate
        let riskMasks = query.risk == nil ? [] : (risks?.masks ?? [])
        let wantedRisk = query.risk?.wanted.rawValue ?? 0
        if query.risk != nil, riskMasks.count != count { return [] }
        if kind == nil, trashed == .with, status == nil, query.risk == nil { return candidates }
        // Decided in storage order into a bit per token, then read in the candidates' (sort)
        // order: the per-token arrays are read front to back instead of at random, which took
        // most of a status filter's time over 100,000 tokens.
        let kindOrdinals = self.kindOrdinals, trashedFlags = statusColumns.trashedFlags
        let statuses = status == nil ? [] : statusColumns.statuses(asOf: seconds)
        let wantedStatus = status.flatMap { TokenStatus.allCases.firstIndex(of: $0) }.map(UInt8.init)
        let passes = Bitset(capacity: count) { index in
            if let kind, kindOrdinals[index] != kind { return false }
            switch trashed {
            case .none: if trashedFlags[index] { return false }
            case .with: break
            case .only: if !trashedFlags[index] { return false }
            }
            if let wantedStatus, statuses[index] != wantedStatus { return false }
            if wantedRisk != 0, riskMasks[index] & wantedRisk == 0 { return false }
            return true
        }
        // Every token a candidate (the view's sort order, or storage order for a picker's counts):
        // `passes` holds candidates only, and they are selected without a branch each. Otherwise
        // it may hold others: one by one.
        if candidates.count == count { return passes.members(among: candidates) }
        return candidates.filter { passes.contains($0) }
    }
}
