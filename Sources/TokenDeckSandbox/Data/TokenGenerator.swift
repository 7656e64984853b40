/// Generates every vendor's tokens deterministically from a seed and a reference time.
struct TokenGenerator {
    static let day: Int64 = 86_400

    /// Prefactor accounts the tokens belong to; the first is the bearer token's own
    /// account (the default when a request names none).
    static let prefactorAccountIDs = ["013xrzp12g3nqk8ngskn1wtxgka5b0nf", "013xrzp12g3nqk8nv4e6wq2hdcy7s1ta"]

    let seed: UInt64
    let now: Int64

    /// Splits `total` 40/20/20/20; every vendor gets at least one token once there are four.
    static func split(_ total: Int) -> [SandboxVendor: Int] {
        var fifth = total / 5
        if total >= 4 { fifth = max(fifth, 1) }
        return [.provisionr: total - 3 * fifth, .prefactor: fifth, .metokens: fifth, .truefoundry: fifth]
    }

    // MARK: Times shared by the vendors

    /// Creation times, oldest first: mostly within the last year, some up to ~3 and ~7 years old.
    func creationTimes(_ count: Int, rng: inout SplitMix64) -> [Int64] {
        (0..<count).map { _ -> Int64 in
            let age: Int64 = switch rng.weighted([70, 20, 10]) {
            case 0: rng.int64(in: 3600...(365 * Self.day))
            case 1: rng.int64(in: (365 * Self.day)...(1000 * Self.day))
            default: rng.int64(in: (1000 * Self.day)...(2500 * Self.day))
            }
            return now - age
        }.sorted()
    }

    /// Never used (~15%), used recently, unused 45–90 days, or stale beyond 90 days.
    func lastUsed(createdAt: Int64, rng: inout SplitMix64) -> Int64? {
        let ago: Int64
        switch rng.weighted([15, 50, 15, 20]) {
        case 0: return nil
        case 1: ago = rng.int64(in: 60...(14 * Self.day))
        case 2: ago = rng.int64(in: (45 * Self.day)...(90 * Self.day))
        default: ago = rng.int64(in: (91 * Self.day)...(600 * Self.day))
        }
        return max(createdAt, now - ago)
    }

    /// Never (when allowed, ~20%), expiring within 30 days (~10%), already expired (~10%),
    /// or months ahead.
    func expiry(createdAt: Int64, allowNever: Bool, rng: inout SplitMix64) -> Int64? {
        switch rng.weighted([allowNever ? 20 : 0, 10, 10, 60]) {
        case 0: return nil
        case 1: return now + rng.int64(in: 3600...(30 * Self.day))
        case 2: return createdAt + Int64(Double(now - createdAt) * (0.1 + 0.89 * rng.unit()))
        default: return now + rng.int64(in: (31 * Self.day)...(730 * Self.day))
        }
    }

    /// A ULID-style id: ten characters of millisecond time then random, so ids sort by creation.
    static func ulid(milliseconds: Int64, randomCharacters: Int, rng: inout SplitMix64) -> String {
        var value = UInt64(max(0, milliseconds))
        var timePart = [UInt8](repeating: 0, count: 10)
        for index in stride(from: 9, through: 0, by: -1) {
            timePart[index] = SplitMix64.crockford[Int(value & 31)]
            value >>= 5
        }
        return String(decoding: timePart, as: UTF8.self) + rng.base32(randomCharacters)
    }

    /// The millisecond time in a ULID-style id's first ten characters; nil when they are not Crockford base32.
    static func ulidMilliseconds(_ id: String) -> Int64? {
        var value: Int64 = 0
        let prefix = id.utf8.prefix(10)
        guard prefix.count == 10 else { return nil }
        for byte in prefix {
            guard let digit = SplitMix64.crockford.firstIndex(of: byte) else { return nil }
            value = value << 5 | Int64(digit)
        }
        return value
    }

    // MARK: Provisionr

    func provisionrTokens(_ count: Int) -> [ProvisionrToken] {
        var rng = SplitMix64(seed: seed, stream: 1)
        let (devices, services) = Self.provisionrFixtures(&rng)
        let created = creationTimes(count, rng: &rng)
        return created.enumerated().map { index, createdAt in
            let type = ProvisionrToken.types[rng.weighted([10, 20, 20, 25, 25])]
            let ms = createdAt * 1000 + Int64(rng.int(below: 1000))
            let id = "wstok_" + Self.ulid(milliseconds: ms, randomCharacters: 16, rng: &rng)
            let lastUsedAt = lastUsed(createdAt: createdAt, rng: &rng)
            let expiresAt = expiry(createdAt: createdAt, allowNever: true, rng: &rng)
            let deletedAt: Int64? = rng.chance(0.10)
                ? createdAt + Int64(Double(now - createdAt) * rng.unit()) : nil
            let isCLI = type.hasPrefix("cli_")
            let service = rng.pick(services)
            let description = SampleText.specialName(atListPosition: index, rng: &rng)
                ?? provisionrDescription(type: type, service: service, rng: &rng)
            return ProvisionrToken(
                id: id, type: type, description: description, displayName: nil,
                abilities: provisionrAbilities(type: type, service: service),
                createdAt: createdAt,
                updatedAt: max(createdAt, lastUsedAt ?? createdAt, deletedAt ?? createdAt),
                lastUsedAt: lastUsedAt, expiresAt: expiresAt, deletedAt: deletedAt,
                refreshTokenID: type == "cli_access" ? "wstok_" + rng.base32(26) : nil,
                workspaceDeviceID: isCLI ? rng.pick(devices) : nil
            )
        }
    }

    /// The devices and services Provisionr tokens refer to: the stream's first draws, so
    /// tokens made later (churn, tests) refer to the same ones.
    static func provisionrFixtures(_ rng: inout SplitMix64) -> (devices: [String], services: [String]) {
        let devices = (0..<8).map { _ in "wsdev_" + rng.base32(20) }
        let services = (0..<6).map { _ in "svc_" + rng.base32(12) }
        return (devices, services)
    }

    func provisionrDescription(type: String, service: String, rng: inout SplitMix64) -> String {
        let person = rng.pick(SampleText.people)
        switch type {
        case "cli_activation": return "CLI activation for \(person)-\(rng.pick(SampleText.machines))"
        case "cli_access": return "CLI session on \(person)-\(rng.pick(SampleText.machines))"
        case "cli_refresh": return "CLI refresh for \(person)-\(rng.pick(SampleText.machines))"
        case "personal_access": return "\(person.capitalized)'s \(rng.pick(SampleText.systems)) token"
        default: return "Token for \(rng.pick(SampleText.systems)) (\(rng.pick(SampleText.environments)))"
        }
    }

    func provisionrAbilities(type: String, service: String) -> [String] {
        switch type {
        case "cli_activation": ["cli:activate"]
        case "cli_access": ["workspace:read", "services:read", "tokens:read", "tokens:write"]
        case "cli_refresh": ["cli:refresh"]
        case "personal_access": ["workspace:read", "tokens:read"]
        default: ["service:\(service):access", "secrets:read"]
        }
    }

    // MARK: Prefactor

    func prefactorTokens(_ count: Int) -> [PrefactorToken] {
        var rng = SplitMix64(seed: seed, stream: 2)
        let (admins, environments) = Self.prefactorFixtures(&rng)
        let created = creationTimes(count, rng: &rng)
        return created.map { createdAt in
            let ms = createdAt * 1000 + Int64(rng.int(below: 1000))
            let id = Self.ulid(milliseconds: ms, randomCharacters: 22, rng: &rng)
            let lastUsedAt = lastUsed(createdAt: createdAt, rng: &rng)
            // Prefactor's expires_at is not nullable in the spec: every token has one.
            let expiresAt = expiry(createdAt: createdAt, allowNever: false, rng: &rng) ?? now
            let isEnvironment = rng.chance(0.4)
            return PrefactorToken(
                id: id,
                accountID: Self.prefactorAccountIDs[rng.chance(0.8) ? 0 : 1],
                createdByAdminUserID: rng.chance(0.1) ? nil : rng.pick(admins),
                environmentID: isEnvironment ? rng.pick(environments) : nil,
                expiresAt: expiresAt, insertedAt: createdAt, lastUsedAt: lastUsedAt,
                status: ["active", "suspended", "revoked"][rng.weighted([80, 10, 10])],
                scope: isEnvironment ? "environment" : "account",
                updatedAt: max(createdAt, lastUsedAt ?? createdAt)
            )
        }
    }

    /// The admins and environments Prefactor tokens refer to (the stream's first draws).
    static func prefactorFixtures(_ rng: inout SplitMix64) -> (admins: [String], environments: [String]) {
        let admins = (0..<6).map { _ in "013xrzp12g3nqk8n" + rng.base32(16) }
        let environments = (0..<4).map { _ in "013xrzp12g3nqk8n" + rng.base32(16) }
        return (admins, environments)
    }

    // MARK: metokens

    func metokensTokens(_ count: Int) -> [MetokensToken] {
        var rng = SplitMix64(seed: seed, stream: 3)
        let created = creationTimes(count, rng: &rng)
        return created.enumerated().map { index, createdAt in
            let lastUsedAt = lastUsed(createdAt: createdAt, rng: &rng)
            let expiresAt = expiry(createdAt: createdAt, allowNever: true, rng: &rng)
            // metokens lists newest first, so the first page's rows are the array's last.
            let name = SampleText.specialName(atListPosition: count - 1 - index, rng: &rng)
                ?? "\(rng.pick(SampleText.systems)) \(rng.pick(SampleText.environments))"
            let allowedIPs: [String]? = rng.chance(0.3)
                ? (0..<rng.int(in: 1...3)).map { _ in
                    rng.pick(["10.0.\(rng.int(below: 256)).0/24", "203.0.113.\(rng.int(below: 256))",
                              "2001:db8::\(rng.int(below: 65536))", "192.168.0.0/16"])
                } : nil
            return MetokensToken(
                id: index + 1, name: name,
                revokedAt: rng.chance(0.08) ? max(createdAt, now - rng.int64(in: 0...(200 * Self.day))) : nil,
                lastUsedAt: lastUsedAt,
                usageCount: lastUsedAt == nil ? 0 : 1 + Int(Double(rng.int(below: 5000)) * rng.unit()),
                expiresAt: expiresAt, createdAt: createdAt, allowedIPs: allowedIPs
            )
        }
    }

    // MARK: TrueFoundry

    func trueFoundryTokens(_ count: Int) -> [TrueFoundryToken] {
        var rng = SplitMix64(seed: seed, stream: 4)
        let subjects = Self.trueFoundrySubjects(&rng)
        let created = creationTimes(count, rng: &rng)
        return created.enumerated().map { index, createdAt in
            let slug = "\(rng.pick(SampleText.slugWords))-\(rng.pick(SampleText.slugWords))-\(index + 1)"
            // TrueFoundry lists newest first too.
            let name = SampleText.specialName(atListPosition: count - 1 - index, rng: &rng) ?? slug
            let permissions = Self.trueFoundryPermissions(&rng)
            return TrueFoundryToken(
                id: "c" + rng.base36(24), name: name,
                expiresAt: expiry(createdAt: createdAt, allowNever: true, rng: &rng),
                permissions: permissions, createdBy: rng.pick(subjects),
                createdAt: createdAt,
                updatedAt: createdAt + (rng.chance(0.3) ? rng.int64(in: 0...(now - createdAt)) : 0)
            )
        }
    }

    /// The people who create TrueFoundry tokens (the stream's first draws).
    static func trueFoundrySubjects(_ rng: inout SplitMix64) -> [TrueFoundryToken.Subject] {
        [
            ("ada@example.com", "Ada Lovelace"), ("grace@example.com", "Grace Hopper"),
            ("jose@example.com", "José Álvarez"), ("taro@example.com", "山田太郎"),
            ("ci-bot@example.com", "CI Bot 🤖"),
        ].map { TrueFoundryToken.Subject(id: "c" + rng.base36(24), slug: $0.0, displayName: $0.1) }
    }

    static func trueFoundryPermissions(_ rng: inout SplitMix64) -> [TrueFoundryToken.Permission] {
        (0..<rng.int(in: 1...3)).map { _ -> TrueFoundryToken.Permission in
            let workspace = rng.pick(["ml-prod", "ml-dev", "analytics", "platform"])
            return rng.chance(0.5)
                ? .init(resourceFQN: "sandbox:workspace:\(workspace)", resourceType: "workspace",
                        roleID: rng.pick(["workspace-admin", "workspace-editor", "workspace-viewer"]))
                : .init(resourceFQN: "sandbox:ml-repo:\(workspace)-models", resourceType: "ml-repo",
                        roleID: rng.pick(["mlrepo-admin", "mlrepo-viewer"]))
        }
    }
}
