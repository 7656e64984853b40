import Foundation
import Testing
import TestSupport
@testable import TokenDeckCore

/// Prefactor's and TrueFoundry's create requests as sent, their answers as decoded (the secret kept
/// apart from the token), and every vendor's create errors laid onto fields.
@Suite struct CreateRequestTests {
    static func json(_ data: Data?) -> [String: Any]? {
        data.flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }
    }

    @Test func prefactorPostsTheDetailsItWasGiven() throws {
        let request = TokenCreation.request(
            .prefactor(PrefactorTokenRequest(scope: .environment, environmentID: "env 1", expiresAt: date("2027-01-01T00:00:00Z"))),
            account: TestAccounts.account(.prefactor), credential: "sandbox-prefactor-token\n")
        #expect(request.method == .post)
        #expect(request.url.absoluteString == "http://127.0.0.1:8080/prefactor/api/v1/api_token")
        #expect(request.header("Authorization") == "Bearer sandbox-prefactor-token")
        #expect(request.header("Content-Type") == "application/json")
        let details = try #require(Self.json(request.body)?["details"] as? [String: String])
        #expect(details == ["token_scope": "environment", "environment_id": "env 1", "expires_at": "2027-01-01T00:00:00Z"])
    }

    @Test func prefactorLeavesOutWhatWasNotGiven() throws {
        let request = TokenCreation.request(.prefactor(PrefactorTokenRequest(scope: .account)),
                                            account: TestAccounts.account(.prefactor), credential: "t")
        #expect(String(decoding: request.body ?? Data(), as: UTF8.self) == #"{"details":{"token_scope":"account"}}"#)
    }

    @Test func prefactorsAnswerIsTheTokenAndItsSecretApart() throws {
        let body = #"""
            {"details":{"id":"013xnew","token_scope":"account","account_id":"acc_1","environment_id":null,
             "expires_at":"2027-01-01T00:00:00Z","last_used_at":null,"status":"active"},"token":"pfx_SECRET_123"}
            """#
        let request = CreateTokenRequest.prefactor(PrefactorTokenRequest(scope: .account))
        let created = try TokenCreation.decode(.body(body), for: request, account: TestAccounts.account(.prefactor, name: "pf"))
        #expect(created.secret == "pfx_SECRET_123")
        #expect(created.token.id == "013xnew")
        #expect(created.token.account == "pf")
        #expect(created.token.kind == "account")
        #expect(created.token.vendorStatus == .active)
        #expect(created.token.createdAt == nil)
        #expect(created.token.expiresAt == date("2027-01-01T00:00:00Z"))
        #expect(!created.token.rawJSON.contains("pfx_SECRET_123"))
        #expect(created.token.rawJSON.contains("013xnew"))
    }

    @Test func prefactorsErrorStatusIsAnError() {
        let request = CreateTokenRequest.prefactor(PrefactorTokenRequest(scope: .account))
        #expect(throws: VendorError.self) {
            try TokenCreation.decode(.body(#"{"status":"error","code":"not_found","message":"account x not found"}"#, status: 404),
                                     for: request, account: TestAccounts.account(.prefactor))
        }
    }

    @Test func trueFoundryPostsNameAndExpirationDate() throws {
        let request = TokenCreation.request(.trueFoundry(TrueFoundryTokenRequest(name: "ci-bot", expiresAt: date("2027-02-03T04:05:06Z"))),
                                            account: TestAccounts.account(.truefoundry), credential: "t")
        #expect(request.method == .post)
        #expect(request.url.absoluteString == "http://127.0.0.1:8080/truefoundry/api/svc/v1/personal-access-tokens")
        #expect(Self.json(request.body) as? [String: String] == ["name": "ci-bot", "expirationDate": "2027-02-03T04:05:06Z"])
        let never = TokenCreation.request(.trueFoundry(TrueFoundryTokenRequest(name: "n")), account: TestAccounts.account(.truefoundry), credential: "t")
        #expect(String(decoding: never.body ?? Data(), as: UTF8.self) == #"{"name":"n"}"#)
    }

    @Test func trueFoundrysAnswerWithAPatRecord() throws {
        let body = #"""
            {"token":"tfy-SECRET-1","pat":{"id":"cm1","name":"ci-bot","type":"personal-access-token",
             "createdAt":"2026-11-23T12:00:00.000Z","manifest":{"name":"ci-bot","expiration_date":"2027-01-01T00:00:00.000Z"}}}
            """#
        let request = CreateTokenRequest.trueFoundry(TrueFoundryTokenRequest(name: "ci-bot"))
        let created = try TokenCreation.decode(.body(body), for: request, account: TestAccounts.account(.truefoundry))
        #expect(created.secret == "tfy-SECRET-1")
        #expect(created.token.id == "cm1")
        #expect(created.token.title == "ci-bot")
        #expect(created.token.expiresAt == date("2027-01-01T00:00:00Z"))
        #expect(!created.token.rawJSON.contains("tfy-SECRET-1"))
    }

    @Test func trueFoundrysBareAnswerKeepsTheSecretAndNamesTheToken() throws {
        let request = CreateTokenRequest.trueFoundry(TrueFoundryTokenRequest(name: "bare", expiresAt: date("2027-01-01T00:00:00Z")))
        let created = try TokenCreation.decode(.body(#"{"token":"tfy-ONLY","note":"x"}"#), for: request, account: TestAccounts.account(.truefoundry))
        #expect(created.secret == "tfy-ONLY")
        #expect(created.token.id == "")
        #expect(created.token.title == "bare")
        #expect(created.token.expiresAt == date("2027-01-01T00:00:00Z"))
        #expect(created.token.rawJSON == #"{"note":"x"}"#)
        // No secret at all is not a created token a person can use.
        #expect(throws: VendorError.self) {
            try TokenCreation.decode(.body(#"{"pat":{"id":"x"}}"#), for: request, account: TestAccounts.account(.truefoundry))
        }
    }

    // MARK: - Errors onto fields

    @Test func provisionrs422GoesOntoItsFields() {
        let error = Adapters.provisionr.decodeError(.body(
            #"{"message":"The given data was invalid.","errors":{"name":["The name has already been taken."],"expires_at":["Too far."],"other":["?"]}}"#,
            status: 422))
        let placement = CreateErrorPlacement(error)
        #expect(placement.fields == [.name: "The name has already been taken.", .expires: "Too far."])
        #expect(placement.unplaced == ["other: ?"])
    }

    @Test func trueFoundrys409IsTheName() {
        let error = Adapters.truefoundry.decodeError(.body(
            #"{"statusCode":409,"message":"a personal access token named ci-bot already exists","code":"CONFLICT"}"#, status: 409))
        #expect(CreateErrorPlacement(error).fields == [.name: "a personal access token named ci-bot already exists"])
    }

    @Test func trueFoundrys400DetailsAndMessagesNameTheirFields() {
        let details = Adapters.truefoundry.decodeError(.body(
            #"{"statusCode":400,"message":"Validation failed","details":{"expirationDate":"must be a date"}}"#, status: 400))
        #expect(CreateErrorPlacement(details).fields == [.expires: "must be a date"])
        let message = Adapters.truefoundry.decodeError(.body(
            #"{"statusCode":400,"message":"name must be a non-empty string","code":"VALIDATION_ERROR"}"#, status: 400))
        #expect(CreateErrorPlacement(message).fields == [.name: "name must be a non-empty string"])
    }

    @Test func prefactors400NamingADetailsKeyGoesOntoThatField() {
        let error = Adapters.prefactor.decodeError(.body(
            #"{"status":"error","code":"invalid_value","message":"details.environment_id is required for an environment token"}"#, status: 400))
        #expect(CreateErrorPlacement(error).fields == [.environmentID: "details.environment_id is required for an environment token"])
        let elsewhere = Adapters.prefactor.decodeError(.body(
            #"{"status":"error","code":"not_found","message":"account acc_x not found"}"#, status: 404))
        #expect(CreateErrorPlacement(elsewhere).fields.isEmpty)
        #expect(CreateErrorPlacement(elsewhere).unplaced.isEmpty)
    }
}
