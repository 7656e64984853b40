import Foundation

/// How to run a sandbox: where it listens, how much data it generates, and what
/// trouble it makes.
public struct SandboxConfiguration: Sendable {
    /// Address to bind; loopback by default.
    public var host: String
    /// Port to bind; 0 picks a free port (read it back from `RunningSandbox.port`).
    public var port: Int
    /// Total tokens across the four vendors (Provisionr 40%, the others 20% each).
    public var tokens: Int
    /// Seed for the generated data and for the random faults.
    public var seed: UInt64
    /// Delay added to every response.
    public var latencyMilliseconds: Int
    /// Fraction (0…1) of requests answered with a random fault.
    public var faultRate: Double
    /// How long a random "slow response" fault stalls.
    public var slowResponseSeconds: Double
    /// The clock the generated dates are relative to; nil means the real current time.
    public var now: Date?
    /// Changes per second to the data (create, delete, trash, revoke) across the four vendors,
    /// chosen by the seeded dice; 0 leaves the data as generated.
    public var churnRate: Double
    /// Answers gzip-compressed (`Content-Encoding: gzip`) when the request's `Accept-Encoding`
    /// takes gzip. Off by default: on loopback it only costs CPU, and a benchmark's sandbox
    /// must not become what it measures.
    public var gzip: Bool
    /// A file to append `METHOD PATH STATUS` to for every request answered (tests count them); nil: none.
    public var requestLog: String?

    public init(
        host: String = "127.0.0.1",
        port: Int = 0,
        tokens: Int = 3000,
        seed: UInt64 = 42,
        latencyMilliseconds: Int = 0,
        faultRate: Double = 0.0,
        slowResponseSeconds: Double = 2.0,
        now: Date? = nil,
        churnRate: Double = 0,
        gzip: Bool = false,
        requestLog: String? = nil
    ) {
        self.host = host
        self.port = port
        self.tokens = tokens
        self.seed = seed
        self.latencyMilliseconds = latencyMilliseconds
        self.faultRate = faultRate
        self.slowResponseSeconds = slowResponseSeconds
        self.now = now
        self.churnRate = churnRate
        self.gzip = gzip
        self.requestLog = requestLog
    }
}

/// The four simulated vendors, each served under its own path prefix with its own
/// fixed bearer token (DESIGN.md's sandbox table).
public enum SandboxVendor: String, CaseIterable, Sendable {
    case provisionr, prefactor, metokens, truefoundry

    /// Path prefix of the vendor's `base_url` on the sandbox.
    public var pathPrefix: String {
        switch self {
        case .provisionr: "/provisionr/api/v1"
        case .prefactor: "/prefactor"
        case .metokens: "/metokens"
        case .truefoundry: "/truefoundry"
        }
    }

    /// The one bearer token the sandbox accepts for this vendor.
    public var bearerToken: String { "sandbox-\(rawValue)-token" }

    /// The environment variable a generated config reads the token from.
    public var tokenEnvironmentVariable: String { "TOKENDECK_SANDBOX_\(rawValue.uppercased())_TOKEN" }

    /// Path of the vendor's list endpoint below `pathPrefix`.
    public var listPath: String {
        switch self {
        case .provisionr: "/workspace/tokens"
        case .prefactor: "/api/v1/api_token"
        case .metokens: "/api/v1/me/tokens"
        case .truefoundry: "/api/svc/v1/personal-access-tokens"
        }
    }
}
