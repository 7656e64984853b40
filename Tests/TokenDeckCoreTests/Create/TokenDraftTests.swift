import Foundation
import Testing
import TestSupport
import TokenDeckCore

/// Each vendor's create draft: its fields, its rules, the request it makes.
@Suite struct TokenDraftTests {
    /// 2026-11-23T12:00:00Z.
    let now = Date(timeIntervalSince1970: 1_795_435_200)

    @Test func eachVendorHasItsOwnFields() {
        #expect(TokenDraft(vendor: .provisionr).fields == [.account, .service, .name, .description, .expires])
        #expect(TokenDraft(vendor: .prefactor).fields == [.account, .scope, .accountID, .expires])
        #expect(TokenDraft(vendor: .prefactor, scope: "environment").fields == [.account, .scope, .environmentID, .expires])
        #expect(TokenDraft(vendor: .truefoundry).fields == [.account, .name, .expires])
        #expect(TokenDraft.Field.allCases.count > TokenDraft.maxFieldCount)
        #expect(Vendor.allCases.map { TokenDraft(vendor: $0).fields.count }.max() == TokenDraft.maxFieldCount)
    }

    @Test func provisionrKeepsTheServiceTokenRules() {
        let draft = TokenDraft(vendor: .provisionr, account: "acme", name: String(repeating: "n", count: 56), expires: "2001-01-01")
        let problems = draft.problems(now: now)
        #expect(problems[.service] == "The service ID is required.")
        #expect(problems[.name] == "The name may not be longer than 55 characters (it has 56).")
        #expect(problems[.description] == "The description is required.")
        #expect(problems[.expires] == "The expiry must be in the future.")
        #expect(draft.nameLimit == 55)
        let good = TokenDraft(vendor: .provisionr, account: "acme", service: "svc_1", name: " CI ", description: "d", expires: "30d")
        #expect(good.request(now: now) == .success(.provisionr(ServiceAccessTokenRequest(
            service: "svc_1", name: "CI", description: "d", expiresAt: date("2026-12-23T12:00:00Z")))))
    }

    @Test func aPrefactorAccountTokenNeedsNoIDAndSendsTheOneGiven() {
        let bare = TokenDraft(vendor: .prefactor, account: "pf")
        #expect(bare.problems(now: now).isEmpty)
        #expect(bare.request(now: now) == .success(.prefactor(PrefactorTokenRequest(scope: .account))))
        let withID = TokenDraft(vendor: .prefactor, account: "pf", scope: "Account", accountID: " acc_1 ", environmentID: "env_ignored",
                                expires: "2027-01-01")
        #expect(withID.request(now: now) == .success(.prefactor(PrefactorTokenRequest(
            scope: .account, accountID: "acc_1", environmentID: nil, expiresAt: date("2027-01-01T00:00:00Z")))))
    }

    @Test func aPrefactorEnvironmentTokenNeedsItsEnvironmentID() {
        let missing = TokenDraft(vendor: .prefactor, account: "pf", scope: "environment", accountID: "acc_1")
        #expect(missing.problems(now: now) == [.environmentID: "An environment token needs the environment ID."])
        #expect(missing.firstInvalidField(now: now) == .environmentID)
        var given = missing
        given.environmentID = "env_9"
        #expect(given.request(now: now) == .success(.prefactor(PrefactorTokenRequest(
            scope: .environment, accountID: nil, environmentID: "env_9", expiresAt: nil))))
    }

    @Test func aPrefactorScopeMustBeAccountOrEnvironment() {
        #expect(TokenDraft(vendor: .prefactor, account: "pf", scope: "agent").problems(now: now)[.scope]
            == "The scope must be account or environment (not agent).")
        #expect(TokenDraft(vendor: .prefactor, account: "pf", scope: " ").problems(now: now)[.scope]
            == "Choose a scope: account or environment.")
        #expect(TokenDraft(vendor: .prefactor, account: "pf", expires: "yesterday").problems(now: now)[.expires]?.hasPrefix("Use a date") == true)
        #expect(TokenDraft(vendor: .prefactor, account: "pf", expires: "2026-11-23T11:59:59Z").problems(now: now)[.expires]
            == "The expiry must be in the future.")
    }

    @Test func aTrueFoundryTokenNeedsANameAndAFutureExpiry() {
        let empty = TokenDraft(vendor: .truefoundry, account: "tf", name: "  ", expires: "2020-01-01")
        #expect(empty.problems(now: now) == [.name: "The name is required.", .expires: "The expiry must be in the future."])
        #expect(empty.nameLimit == nil)
        let good = TokenDraft(vendor: .truefoundry, account: "tf", name: " ci-bot ", expires: "7d")
        #expect(good.request(now: now) == .success(.trueFoundry(TrueFoundryTokenRequest(name: "ci-bot", expiresAt: date("2026-11-30T12:00:00Z")))))
        // No length limit is documented: a long name goes to the vendor as typed.
        let long = TokenDraft(vendor: .truefoundry, account: "tf", name: String(repeating: "x", count: 300))
        #expect(long.problems(now: now).isEmpty)
    }

    @Test func metokensDocumentsNoCreate() {
        let draft = TokenDraft(vendor: .metokens, account: "me")
        #expect(draft.problems(now: now) == [.account: "metokens documents no way to create tokens."])
        #expect(!Vendor.metokens.documentsTokenCreation)
        #expect([Vendor.provisionr, .prefactor, .truefoundry].allSatisfy { $0.documentsTokenCreation })
        guard case .failure = draft.request(now: now) else {
            Issue.record("a metokens draft made a request")
            return
        }
    }
}
