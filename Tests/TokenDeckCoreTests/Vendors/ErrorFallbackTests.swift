import Foundation
import Testing
import TestSupport
@testable import TokenDeckCore

/// What every vendor's `decodeError` does when the body is not the vendor's error shape.
@Suite struct ErrorFallbackTests {
    @Test(arguments: Vendor.allCases)
    func htmlGatewayPageGivesAShortSanitisedMessage(vendor: Vendor) {
        let error = Adapters.adapter(for: vendor).decodeError(.body(VendorBodies.html502, status: 502, headers: ["Content-Type": "text/html"]))
        #expect(error.kind == .http)
        #expect(error.status == 502)
        #expect(error.message == "HTTP 502 with a non-JSON body: 502 Bad Gateway")
        #expect(error.isRetryable)
    }

    @Test func controlCharactersInANonJSONBodyNeverReachTheMessage() {
        let hostile = "oops \u{1B}[2J\u{1B}]0;pwned\u{07} " + String(repeating: "x", count: 500)
        let error = Adapters.metokens.decodeError(.body(hostile, status: 500))
        #expect(!error.message.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F })
        #expect(error.message.count <= 120)
        #expect(error.message.hasPrefix("HTTP 500 with a non-JSON body: oops"))
    }

    @Test(arguments: Vendor.allCases)
    func emptyBodyGivesTheStatusWithItsMeaning(vendor: Vendor) {
        let error = Adapters.adapter(for: vendor).decodeError(.body("", status: 401))
        #expect(error.message == "HTTP 401 Unauthorized: the credential was refused")
        #expect(error.code == nil)
    }

    @Test(arguments: Vendor.allCases)
    func jsonWithoutAMessageFallsBackToTheStatus(vendor: Vendor) {
        let error = Adapters.adapter(for: vendor).decodeError(.body(#"{"unexpected": true}"#, status: 404))
        #expect(error.message == "HTTP 404 Not Found: check the base URL")
    }

    @Test func retryAfterAsDeltaSeconds() {
        #expect(ErrorBody.retryAfter(["retry-after": "0"]) == 0)
        #expect(ErrorBody.retryAfter(["retry-after": " 30 "]) == 30)
        #expect(ErrorBody.retryAfter(["retry-after": "-5"]) == nil)
        #expect(ErrorBody.retryAfter([:]) == nil)
    }

    @Test func retryAfterAsHTTPDateIsMeasuredAgainstTheAnswersDateHeader() {
        let headers = ["retry-after": "Wed, 21 Oct 2015 07:28:30 GMT", "date": "Wed, 21 Oct 2015 07:28:00 GMT"]
        #expect(ErrorBody.retryAfter(headers) == 30)
        #expect(ErrorBody.retryAfter(["retry-after": "Wed, 21 Oct 2015 07:28:30 GMT"]) == nil)
    }

    @Test func retryAfterHeaderNameIsCaseInsensitive() {
        let error = Adapters.truefoundry.decodeError(.body(#"{"statusCode":429,"message":"slow down"}"#, status: 429, headers: ["RETRY-AFTER": "2"]))
        #expect(error.retryAfter == 2)
        #expect(error.message == "slow down")
    }

    @Test func decodeListOnAnErrorStatusThrowsTheVendorsError() {
        let error = listError(.provisionr, #"{"message":"Server Error"}"#, status: 500)
        #expect(error == VendorError(vendor: .provisionr, status: 500, message: "Server Error"))
    }
}
