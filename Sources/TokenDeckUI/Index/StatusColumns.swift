import Foundation
import TokenDeckCore

/// What `Token.status(asOf:)` reads, per token: the trash flag, the vendor's status and the
/// expiry (seconds since the reference date, +infinity for none) — and every token's status for
/// the last minute asked, so a status filter and the status picker read a byte per token.
struct StatusColumns: Sendable {
    private(set) var trashedFlags: [Bool] = []
    private var vendorStatuses: [TokenStatus] = []
    private var expirySeconds: [Double] = []
    /// Every token's status for one minute, kept by `keepStatuses(asOf:)` (a plain value: copies of
    /// the index each keep their own).
    private var kept: (minute: Int, statuses: [UInt8])?

    init() {}

    init(_ tokens: [Token]) {
        trashedFlags.reserveCapacity(tokens.count)
        vendorStatuses.reserveCapacity(tokens.count)
        expirySeconds.reserveCapacity(tokens.count)
        // Fields are read in place: a `for token in` loop would copy (and retain) every token.
        tokens.withUnsafeBufferPointer { buffer in
            for index in buffer.indices {
                trashedFlags.append(buffer[index].trashed)
                vendorStatuses.append(buffer[index].vendorStatus)
                expirySeconds.append(buffer[index].expiresAt?.timeIntervalSinceReferenceDate ?? .infinity)
            }
        }
    }

    var count: Int { trashedFlags.count }

    mutating func setVendorStatus(_ status: TokenStatus, at index: Int) {
        guard vendorStatuses.indices.contains(index) else { return }
        vendorStatuses[index] = status
        kept = nil
    }

    /// `tokens[index].status(asOf: now)`, from the arrays; `now` in seconds since the reference date.
    func status(of index: Int, asOf now: Double) -> TokenStatus {
        if trashedFlags[index] { return .trashed }
        let vendorStatus = vendorStatuses[index]
        switch vendorStatus {
        case .trashed, .revoked, .suspended, .expired: return vendorStatus
        case .active, .expiring: break
        }
        let expiry = expirySeconds[index]
        guard expiry.isFinite else { return .active }
        let remaining = expiry - now
        if remaining <= 0 { return .expired }
        if remaining <= HygieneRules.expiringWindow { return .expiring }
        return .active
    }

    /// Every token's status (its position in `TokenStatus.allCases`) as of `now`, in storage order:
    /// a status filter and the status picker then read a byte per token instead of three arrays and
    /// a date sum. The minute's statuses when kept (`keepStatuses(asOf:)`), else worked out.
    func statuses(asOf now: Double) -> [UInt8] {
        if let kept, kept.minute == Self.minute(of: now) { return kept.statuses }
        return workedOutStatuses(asOf: now)
    }

    /// Works out every token's status as of `now` and keeps it for the rest of its minute, unless
    /// this minute's are kept already.
    mutating func keepStatuses(asOf now: Double) {
        let minute = Self.minute(of: now)
        guard kept?.minute != minute else { return }
        kept = (minute, workedOutStatuses(asOf: now))
    }

    private static func minute(of now: Double) -> Int { Int((now / 60).rounded(.down)) }

    private func workedOutStatuses(asOf now: Double) -> [UInt8] {
        let cases = TokenStatus.allCases
        var statuses = [UInt8](repeating: 0, count: count)
        for index in 0..<count {
            statuses[index] = UInt8(cases.firstIndex(of: status(of: index, asOf: now)) ?? 0)
        }
        return statuses
    }
}
