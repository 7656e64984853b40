/// Makes the tokens that appear after start (mutations, churn): made now, in the style of
/// `TokenGenerator`, from their own seeded stream so the generated data stays as it was.
struct TokenFactory: Sendable {
    private var rng: SplitMix64
    private let seed: UInt64
    private let provisionrDevices: [String]
    private let provisionrServices: [String]
    private let prefactorAdmins: [String]
    private let prefactorEnvironments: [String]
    private let trueFoundrySubjects: [TrueFoundryToken.Subject]

    init(seed: UInt64) {
        self.seed = seed
        rng = SplitMix64(seed: seed, stream: 7)
        // The generator's own fixtures: a new token names the devices, admins and people the old ones do.
        var provisionr = SplitMix64(seed: seed, stream: 1)
        (provisionrDevices, provisionrServices) = TokenGenerator.provisionrFixtures(&provisionr)
        var prefactor = SplitMix64(seed: seed, stream: 2)
        (prefactorAdmins, prefactorEnvironments) = TokenGenerator.prefactorFixtures(&prefactor)
        var trueFoundry = SplitMix64(seed: seed, stream: 4)
        trueFoundrySubjects = TokenGenerator.trueFoundrySubjects(&trueFoundry)
    }

    /// Just made: never used; never expiring (~20%) or expiring 30 days to two years ahead.
    private mutating func expiry(now: Int64, allowNever: Bool) -> Int64? {
        if allowNever, rng.chance(0.2) { return nil }
        return now + rng.int64(in: (30 * TokenGenerator.day)...(730 * TokenGenerator.day))
    }

    /// A ULID-style id at `milliseconds` (Provisionr's and Prefactor's ids sort by creation).
    mutating func ulid(milliseconds: Int64, randomCharacters: Int) -> String {
        TokenGenerator.ulid(milliseconds: milliseconds, randomCharacters: randomCharacters, rng: &rng)
    }

    mutating func provisionr(id: String, now: Int64) -> ProvisionrToken {
        let type = ProvisionrToken.types[rng.weighted([10, 20, 20, 25, 25])]
        let service = rng.pick(provisionrServices)
        let generator = TokenGenerator(seed: seed, now: now)
        return ProvisionrToken(
            id: id, type: type, description: generator.provisionrDescription(type: type, service: service, rng: &rng),
            displayName: nil, abilities: generator.provisionrAbilities(type: type, service: service),
            createdAt: now, updatedAt: now, lastUsedAt: nil, expiresAt: expiry(now: now, allowNever: true),
            deletedAt: nil,
            refreshTokenID: type == "cli_access" ? "wstok_" + rng.base32(26) : nil,
            workspaceDeviceID: type.hasPrefix("cli_") ? rng.pick(provisionrDevices) : nil
        )
    }

    /// A Prefactor token of `accountID` with the given id (the caller decides where it sorts).
    mutating func prefactor(id: String, accountID: String, now: Int64) -> PrefactorToken {
        let isEnvironment = rng.chance(0.4)
        return PrefactorToken(
            id: id, accountID: accountID,
            createdByAdminUserID: rng.pick(prefactorAdmins),
            environmentID: isEnvironment ? rng.pick(prefactorEnvironments) : nil,
            // Prefactor's expires_at is not nullable.
            expiresAt: expiry(now: now, allowNever: false) ?? now + 365 * TokenGenerator.day,
            insertedAt: now, lastUsedAt: nil, status: "active",
            scope: isEnvironment ? "environment" : "account", updatedAt: now
        )
    }

    mutating func metokens(id: Int, now: Int64) -> MetokensToken {
        let name = "\(rng.pick(SampleText.systems)) \(rng.pick(SampleText.environments))"
        let allowedIPs: [String]? = rng.chance(0.3) ? ["10.0.\(rng.int(below: 256)).0/24"] : nil
        return MetokensToken(id: id, name: name, revokedAt: nil, lastUsedAt: nil, usageCount: 0,
                             expiresAt: expiry(now: now, allowNever: true), createdAt: now, allowedIPs: allowedIPs)
    }

    mutating func trueFoundryID() -> String { "c" + rng.base36(24) }

    /// `number` makes the slug unique, as the generated ones are.
    mutating func trueFoundry(id: String, number: Int, now: Int64) -> TrueFoundryToken {
        let name = "\(rng.pick(SampleText.slugWords))-\(rng.pick(SampleText.slugWords))-\(number)"
        return TrueFoundryToken(
            id: id, name: name, expiresAt: expiry(now: now, allowNever: true),
            permissions: TokenGenerator.trueFoundryPermissions(&rng), createdBy: rng.pick(trueFoundrySubjects),
            createdAt: now, updatedAt: now
        )
    }
}
