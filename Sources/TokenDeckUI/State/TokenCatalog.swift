import Foundation
import TokenDeckCore

/// The tokens of one load, with what every later filter needs precomputed once: the lowercased
/// search text of each token as UTF-8 in one contiguous buffer, each token's account and type as
/// numbers, and the fields its status is derived from — so a filter key visits plain arrays, not tokens.
struct TokenCatalog: Sendable {
    private(set) var tokens: [Token] = []
    /// Index into the account list of each token; -1 for an account the configuration does not name.
    private(set) var accountOrdinals: [Int] = []
    /// The same as runs of consecutive tokens of one account (tokens come grouped by account, so
    /// there are a handful); empty when they are not grouped, and counting reads `accountOrdinals`.
    private var accountRuns: [(start: Int, end: Int, ordinal: Int)] = []
    /// Where each token is, by account and then id. The ids are the tokens' own strings (shared, not
    /// copied): a key string per token ("account␟id") cost 8 MB at 100,000 tokens.
    private var indexByAccountAndID: [String: [String: Int]] = [:]
    /// Bumped on every load, so cached views know they are out of date.
    private(set) var generation = 0
    /// The distinct token types, and the index into them of each token's type.
    private(set) var kinds: [String] = []
    private(set) var kindOrdinals: [Int32] = []
    /// What `Token.status(asOf:)` reads, per token: the trash flag, the vendor's status and the
    /// expiry (seconds since the reference date, nil as +infinity).
    private var trashedFlags: [Bool] = []
    private var vendorStatuses: [TokenStatus] = []
    private var expirySeconds: [Double] = []
    private var haystack: [UInt8] = []
    private var bounds: [Int] = [0]
    /// Per token, `maskBit` of every byte of its search text (newlines aside).
    private var byteMasks: [UInt64] = []
    /// Per token, a 512-bit set of the (hashed) pairs of adjacent bytes of its search text: a
    /// token can match only if every pair of the needle is in it. Stored word by word — word w of
    /// token t at `w * count + t` — so a two-letter needle reads one 800 KB array front to back,
    /// not 64 bytes of every token.
    private var pairWords: [UInt64] = []
    /// `statuses(asOf:)` of the last minute asked for (shared by copies of this load, which agree).
    private var statusMemo = LastValue<Int, [UInt8]>()

    init() {}

    /// An empty catalog that keeps counting loads from `generation`.
    init(generation: Int) {
        self.generation = generation
    }

    init(tokens loaded: [Token], accountNames: [String], generation: Int) {
        self.generation = generation
        let ordinalOf = Dictionary(accountNames.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        var duplicates: [(kept: Int, newer: Int)] = []
        indexByAccountAndID = Self.positions(of: loaded, duplicates: &duplicates)
        var unique = loaded
        if !duplicates.isEmpty {
            // The same key twice would be the same row twice; the later record is the newer one.
            for duplicate in duplicates { unique[duplicate.kept] = loaded[duplicate.newer] }
            let dropped = Set(duplicates.map(\.newer))
            unique = unique.enumerated().filter { !dropped.contains($0.offset) }.map(\.element)
            duplicates = []
            indexByAccountAndID = Self.positions(of: unique, duplicates: &duplicates)
        }
        tokens = unique
        var ordinals: [Int] = []
        ordinals.reserveCapacity(unique.count)
        var lastAccount: String?
        var lastOrdinal = -1
        var kindIndex: [String: Int32] = [:]
        kindOrdinals.reserveCapacity(unique.count)
        trashedFlags.reserveCapacity(unique.count)
        vendorStatuses.reserveCapacity(unique.count)
        expirySeconds.reserveCapacity(unique.count)
        // Exactly: reserving a guess and growing past it doubled a 9 MB buffer to 13.
        haystack.reserveCapacity(unique.withUnsafeBufferPointer { buffer in
            buffer.reduce(ByteSearch.overread) { $0 + $1.title.utf8.count + $1.id.utf8.count + $1.kind.utf8.count + ($1.owner?.utf8.count ?? 0) + 3 }
        })
        bounds.reserveCapacity(unique.count + 1)
        unique.withUnsafeBufferPointer { buffer in
            for index in buffer.indices {
                // Tokens arrive grouped by account: look the name up only when it changes.
                let account = buffer[index].account
                if account != lastAccount {
                    lastAccount = account
                    lastOrdinal = ordinalOf[account] ?? -1
                }
                ordinals.append(lastOrdinal)
                let kind = buffer[index].kind
                if let ordinal = kindIndex[kind] {
                    kindOrdinals.append(ordinal)
                } else {
                    let ordinal = Int32(kinds.count)
                    kindIndex[kind] = ordinal
                    kinds.append(kind)
                    kindOrdinals.append(ordinal)
                }
                trashedFlags.append(buffer[index].trashed)
                vendorStatuses.append(buffer[index].vendorStatus)
                expirySeconds.append(buffer[index].expiresAt?.timeIntervalSinceReferenceDate ?? .infinity)
                // The fields TokenFilter searches (title, id, kind, owner), newline-separated so a
                // needle never matches across two of them.
                Self.appendFolded(buffer[index].title, to: &haystack)
                haystack.append(0x0A)
                Self.appendFolded(buffer[index].id, to: &haystack)
                haystack.append(0x0A)
                Self.appendFolded(kind, to: &haystack)
                haystack.append(0x0A)
                Self.appendFolded(buffer[index].owner ?? "", to: &haystack)
                bounds.append(haystack.count)
            }
        }
        // What ByteSearch may read past the last token's text.
        haystack.append(contentsOf: repeatElement(0, count: ByteSearch.overread))
        accountOrdinals = ordinals
        var runs: [(start: Int, end: Int, ordinal: Int)] = []
        for (index, ordinal) in ordinals.enumerated() {
            if let last = runs.last, last.ordinal == ordinal, last.end == index {
                runs[runs.count - 1].end = index + 1
            } else {
                runs.append((index, index + 1, ordinal))
                if runs.count > Self.maximumAccountRuns { break }
            }
        }
        accountRuns = runs.count > Self.maximumAccountRuns ? [] : runs
        byteMasks.reserveCapacity(unique.count)
        let total = unique.count
        var words = [UInt64](repeating: 0, count: PairBit.words * total)
        haystack.withUnsafeBufferPointer { hay in
            words.withUnsafeMutableBufferPointer { words in
                for token in 0..<total {
                    var mask: UInt64 = 0
                    var previous: UInt8 = 0x0A
                    for offset in bounds[token]..<bounds[token + 1] {
                        let byte = hay[offset]
                        if byte != 0x0A {
                            mask |= Self.maskBit(byte)
                            if previous != 0x0A {
                                let pair = PairBit(previous, byte)
                                words[pair.word * total + token] |= pair.bit
                            }
                        }
                        previous = byte
                    }
                    byteMasks.append(mask)
                }
            }
        }
        pairWords = words
    }

    /// Each token's index by account and id; a key seen again goes to `duplicates` instead.
    private static func positions(of tokens: [Token], duplicates: inout [(kept: Int, newer: Int)]) -> [String: [String: Int]] {
        var byAccount: [String: [String: Int]] = [:]
        var account: String?
        var current: [String: Int] = [:]
        // Fields are read in place through the buffer: a `for token in` loop would copy (and
        // retain every field of) 100,000 tokens once per loop. Tokens come grouped by account.
        tokens.withUnsafeBufferPointer { buffer in
            for index in buffer.indices {
                let owner = buffer[index].account
                if owner != account {
                    if let account { byAccount[account] = current }
                    account = owner
                    current = byAccount.removeValue(forKey: owner) ?? [:]
                    if current.isEmpty {
                        // Sized for this account's run of tokens: sized for all that remain, the
                        // first account's table alone took 6 MB.
                        var end = index + 1
                        while end < buffer.count, buffer[end].account == owner { end += 1 }
                        current.reserveCapacity(end - index)
                    }
                }
                let id = buffer[index].id
                if let existing = current[id] { duplicates.append((existing, index)) } else { current[id] = index }
            }
        }
        if let account { byAccount[account] = current }
        return byAccount
    }

    /// The index of the token with this account and id, if loaded.
    func index(account: String, id: String) -> Int? {
        indexByAccountAndID[account]?[id]
    }

    func index(of key: TokenKey) -> Int? {
        index(account: key.account, id: key.id)
    }

    /// Lower-cased UTF-8 of `text`: ASCII folded byte by byte (nearly every id and name), the rest
    /// through Unicode lower-casing, the same as `needle(for:)` does to what is typed.
    private static func appendFolded(_ text: String, to bytes: inout [UInt8]) {
        let utf8 = text.utf8
        if utf8.allSatisfy({ $0 < 0x80 }) {
            for byte in utf8 { bytes.append(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte) }
        } else {
            bytes.append(contentsOf: text.lowercased().utf8)
        }
    }

    var count: Int { tokens.count }

    /// A token's vendor status changed (an action's answer): in place, keeping the search index of
    /// the load (status is not searched); a new generation, so views filter and sort again.
    mutating func setVendorStatus(_ status: TokenStatus, at index: Int) {
        guard tokens.indices.contains(index) else { return }
        tokens[index].vendorStatus = status
        vendorStatuses[index] = status
        statusMemo = LastValue()
        generation &+= 1
    }

    /// `tokens[index].status(asOf: now)`, from the arrays (no token is touched); `now` in seconds
    /// since the reference date.
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

    /// How many of `indices` have each type, by ordinal into `kinds`.
    func kindCounts(of indices: [Int]) -> [Int] {
        var counts = [Int](repeating: 0, count: kinds.count)
        kindOrdinals.withUnsafeBufferPointer { ordinals in
            for index in indices { counts[Int(ordinals[index])] += 1 }
        }
        return counts
    }

    /// How many of `indices` are in each account, by ordinal (tokens of unnamed accounts aside).
    func accountCounts(of indices: [Int], accountCount: Int) -> [Int] {
        var counts = [Int](repeating: 0, count: accountCount)
        if !accountRuns.isEmpty {
            // Tokens grouped by account: mark the indices (a 12 KB bitset at 100,000 tokens) and count
            // each run's bits, without reading an ordinal per token — an 800 KB array read at random,
            // out of the cache by the time a key comes.
            let bits = Bitset(indices, capacity: count)
            for run in accountRuns where run.ordinal >= 0 && run.ordinal < accountCount {
                counts[run.ordinal] += bits.count(in: run.start..<run.end)
            }
            return counts
        }
        accountOrdinals.withUnsafeBufferPointer { ordinals in
            for index in indices {
                let ordinal = ordinals[index]
                if ordinal >= 0, ordinal < accountCount { counts[ordinal] += 1 }
            }
        }
        return counts
    }

    /// The subset of `candidates` (in order) in the account with this ordinal.
    func tokens(_ candidates: [Int], inAccount account: Int) -> [Int] {
        guard !accountRuns.isEmpty else { return candidates.filter { accountOrdinals[$0] == account } }
        // The account's runs as a bitset: no ordinal read per candidate (an 800 KB array, at
        // random in the view's sort order, cold by the time `1` is pressed).
        var bits = Bitset(capacity: count)
        for run in accountRuns where run.ordinal == account { bits.insert(contentsOf: run.start..<run.end) }
        return bits.members(among: candidates)
    }

    /// How many of `indices` have each status, in `TokenStatus.allCases` order.
    func statusCounts(of indices: [Int], asOf now: Double) -> [Int] {
        let cases = TokenStatus.allCases
        let statuses = self.statuses(asOf: now)
        var byStatus = [Int](repeating: 0, count: 256)
        statuses.withUnsafeBufferPointer { statuses in
            for index in indices { byStatus[Int(statuses[index])] += 1 }
        }
        return cases.indices.map { byStatus[$0] }
    }

    /// Every token's status (its position in `TokenStatus.allCases`) as of the minute of `now`,
    /// worked out once a minute in storage order and kept: a status filter and the status picker
    /// then read a byte per token instead of three arrays and a date sum.
    func statuses(asOf now: Double) -> [UInt8] {
        statusMemo.value(for: Int((now / 60).rounded(.down))) {
            let cases = TokenStatus.allCases
            var statuses = [UInt8](repeating: 0, count: count)
            for index in 0..<count {
                statuses[index] = UInt8(cases.firstIndex(of: status(of: index, asOf: now)) ?? 0)
            }
            return statuses
        }
    }

    /// The subset of `candidates` (in order) that `TokenFilter.matches` passes for the type,
    /// trash and status of `query` (its text aside).
    func filter(_ candidates: [Int], structurally query: TokenQuery, now: Date) -> [Int] {
        var kind: Int32?
        if let wanted = query.kind, !wanted.isEmpty {
            guard let ordinal = kinds.firstIndex(of: wanted) else { return [] }
            kind = Int32(ordinal)
        }
        let trashed = query.trashed, status = query.status, seconds = now.timeIntervalSinceReferenceDate
        if kind == nil, trashed == .with, status == nil { return candidates }
        // Decided in storage order into a bit per token, then read in the candidates' (sort)
        // order: the per-token arrays are read front to back instead of at random, which took
        // most of a status filter's time over 100,000 tokens.
        let statuses = status == nil ? [] : self.statuses(asOf: seconds)
        let wantedStatus = status.flatMap { TokenStatus.allCases.firstIndex(of: $0) }.map(UInt8.init)
        let passes = Bitset(capacity: count) { index in
            if let kind, kindOrdinals[index] != kind { return false }
            switch trashed {
            case .none: if trashedFlags[index] { return false }
            case .with: break
            case .only: if !trashedFlags[index] { return false }
            }
            if let wantedStatus, statuses[index] != wantedStatus { return false }
            return true
        }
        // Every token a candidate (the view's sort order, or storage order for a picker's counts):
        // `passes` holds candidates only, and they are selected without a branch each. Otherwise
        // it may hold others: one by one.
        if candidates.count == count { return passes.members(among: candidates) }
        return candidates.filter { passes.contains($0) }
    }

    /// The lowercased UTF-8 form of what a person typed, as `matches` takes it.
    static func needle(for text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        appendFolded(text, to: &bytes)
        return bytes
    }

    /// The subset of `candidates` (indices, in order) whose search text contains `needle`.
    func filter(_ candidates: [Int], containing needle: [UInt8]) -> [Int] {
        guard !needle.isEmpty else { return candidates }
        // A token can match only if it holds every byte of the needle: its byte mask says so
        // without reading its text, and for one letter or digit the mask is the whole answer.
        var wanted: UInt64 = 0
        for byte in needle where byte != 0x0A { wanted |= Self.maskBit(byte) }
        // Tokens are visited in storage order, not in the sort order candidates come in: the
        // masks and the text are then read front to back instead of at random (between two key
        // presses they fall out of the cache, and the misses were most of a keystroke's cost).
        let among = Bitset(candidates, capacity: count)
        let hits: Bitset
        if needle.count == 1, Self.hasOwnBit(needle[0]) {
            hits = Self.tokens(of: among, whose: byteMasks, intersect: wanted)
        } else {
            hits = tokensContaining(needle, among: among, bytes: wanted, pairs: PairBit.wanted(in: needle),
                                    shared: candidates.count >= Self.wideSearch)
        }
        return hits.members(among: candidates)
    }

    /// The tokens of `among` whose search text contains `needle`, visited in storage order;
    /// `bytes` and `pairs` are the needle's masks.
    private func tokensContaining(_ needle: [UInt8], among: Bitset, bytes wantedBytes: UInt64, pairs wantedPairs: [(word: Int, bits: UInt64)],
                                  shared: Bool) -> Bitset {
        // Reading the candidates' text is most of the time (it is not in cache): with many to
        // read, every core takes a share of the words. Shares are small (sixteen), so a thread
        // the system puts off holds up one share, not half the search.
        let parts = shared && ProcessInfo.processInfo.activeProcessorCount > 1 ? 16 : 1
        return haystack.withUnsafeBufferPointer { hay in
            needle.withUnsafeBufferPointer { pin in
                byteMasks.withUnsafeBufferPointer { masks in
                    pairWords.withUnsafeBufferPointer { pairs in
                        bounds.withUnsafeBufferPointer { ends in
                            let test = ContainmentTest(
                                hay: hay, needle: pin, byteMasks: masks, pairWords: pairs, bounds: ends,
                                wantedBytes: wantedBytes, wantedPairs: wantedPairs.map { (offset: $0.word * count, bits: $0.bits) })
                            return among.subset(passing: test, sharedAmong: parts)
                        }
                    }
                }
            }
        }
    }

    /// Candidates from which a search is shared among the cores (below this, waking another
    /// thread costs about what it saves), and the matches from which the next keystroke is
    /// prepared between key presses.
    static let wideSearch = 20_000

    /// More runs than this and tokens are not grouped by account: counting reads ordinals instead.
    private static let maximumAccountRuns = 256

    /// The tokens of `among` whose per-token mask shares a bit with `wanted`; masks are read in
    /// storage order.
    static func tokens(of among: Bitset, whose masks: [UInt64], intersect wanted: UInt64) -> Bitset {
        masks.withUnsafeBufferPointer { masks in
            among.subset { masks[$0] & wanted != 0 }
        }
    }

    // MARK: - Followers: the next keystroke, prepared while the person is still reaching for it

    /// For each token of `among` in `tokens`: the `maskBit` of every byte that follows an
    /// occurrence of `needle` in its search text, written to `followers[token]`. For a letter or a
    /// digit the bit is the byte's own, so "does the text contain needle + c" is one AND; for any
    /// other byte it says only that the text must be read.
    func recordFollowers(of needle: [UInt8], among: Bitset, in tokens: Range<Int>, into followers: inout [UInt64]) {
        guard let first = needle.first else { return }
        let n = needle.count
        haystack.withUnsafeBufferPointer { hay in
            needle.withUnsafeBufferPointer { pin in
                followers.withUnsafeMutableBufferPointer { followers in
                    guard let base = hay.baseAddress, let pinBase = pin.baseAddress else { return }
                    among.forEach(in: tokens) { token in
                        var mask: UInt64 = 0
                        // The byte after a match must be inside the text: the last match ends before `end`.
                        let end = bounds[token + 1]
                        var position = bounds[token]
                        while position + n < end {
                            if hay[position] == first, n == 1 || memcmp(base + position, pinBase, n) == 0 {
                                let next = hay[position + n]
                                if next != 0x0A { mask |= Self.maskBit(next) }
                            }
                            position += 1
                        }
                        followers[token] = mask
                    }
                }
            }
        }
    }

    /// `filter(candidates, containing: needle + [byte])` from the followers of `needle` recorded
    /// for every candidate (which all contain `needle`; `among` is their bitset): for a letter or a
    /// digit, no text is read. Followers are read in storage order, front to back.
    func filter(_ candidates: [Int], among: Bitset, containing needle: [UInt8], followedBy byte: UInt8, followers: [UInt64]) -> [Int] {
        let bit = Self.maskBit(byte)
        let hits = Self.tokens(of: among, whose: followers, intersect: bit)
        let kept = hits.members(among: candidates)
        guard !Self.hasOwnBit(byte) else { return kept }
        // A byte sharing its bit with others: the followers only narrow down whose text to read.
        return filter(kept, containing: needle + [byte])
    }

    /// A bit per byte value: one of its own for each lower-case letter and digit (what people
    /// type), shared by the rest.
    private static func maskBit(_ byte: UInt8) -> UInt64 {
        switch byte {
        case 0x61...0x7A: 1 << UInt64(byte - 0x61)
        case 0x30...0x39: 1 << UInt64(26 + byte - 0x30)
        default: 1 << UInt64(36 + byte % 28)
        }
    }

    private static func hasOwnBit(_ byte: UInt8) -> Bool {
        (0x61...0x7A).contains(byte) || (0x30...0x39).contains(byte)
    }
}

/// Whether a token's search text contains the needle: its byte mask and pair words first, then
/// its text. The catalog's arrays as buffers, borrowed for the length of one search; only read,
/// which is what makes asking it from several threads sound.
private struct ContainmentTest: MemberTest, @unchecked Sendable {
    let hay: UnsafeBufferPointer<UInt8>
    let needle: UnsafeBufferPointer<UInt8>
    let byteMasks: UnsafeBufferPointer<UInt64>
    let pairWords: UnsafeBufferPointer<UInt64>
    let bounds: UnsafeBufferPointer<Int>
    let wantedBytes: UInt64
    /// Where each wanted pair word starts in `pairWords`, with the bits it must hold.
    let wantedPairs: [(offset: Int, bits: UInt64)]

    func passes(_ token: Int) -> Bool {
        guard byteMasks[token] & wantedBytes == wantedBytes else { return false }
        for pair in wantedPairs where pairWords[pair.offset + token] & pair.bits != pair.bits { return false }
        return ByteSearch.contains(hay, from: bounds[token], to: bounds[token + 1], needle)
    }
}

/// Which token, across reloads: its account and its vendor id.
struct TokenKey: Sendable, Hashable {
    var account: String
    var id: String

    init(_ token: Token) {
        account = token.account
        id = token.id
    }
}

/// Where a pair of adjacent bytes goes in a token's 512-bit pair set: which word, which bit.
struct PairBit {
    /// Words of a 512-bit set.
    static let words = Bitset.wordCount(forCapacity: 512)
    let word: Int
    let bit: UInt64

    init(_ first: UInt8, _ second: UInt8) {
        let hash = ((UInt32(first) << 8 | UInt32(second)) &* 2_654_435_761) >> 23
        let position = Bitset.position(of: Int(hash))
        word = position.word
        bit = position.mask
    }

    /// The pair bits a text containing `needle` must have, merged by word (pairs across a newline,
    /// which separates fields, aside).
    static func wanted(in needle: [UInt8]) -> [(word: Int, bits: UInt64)] {
        var bits = [UInt64](repeating: 0, count: words)
        for (first, second) in zip(needle, needle.dropFirst()) where first != 0x0A && second != 0x0A {
            let pair = PairBit(first, second)
            bits[pair.word] |= pair.bit
        }
        return bits.enumerated().filter { $0.element != 0 }.map { (word: $0.offset, bits: $0.element) }
    }
}
