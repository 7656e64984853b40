import Foundation
import Testing
import TestSupport
@testable import TokenDeckCore

/// Every vendor turns a broken 2xx body into one `.malformedBody` error naming itself and the fault:
/// never a crash, never a silently empty page.
@Suite struct MalformedBodyTests {
    static let validBodies: [(Vendor, String)] = [
        (.provisionr, SpecExamples.provisionrList), (.prefactor, SpecExamples.prefactorList),
        (.metokens, SpecExamples.metokensList), (.truefoundry, SpecExamples.truefoundryList),
    ]

    @Test(arguments: validBodies)
    func truncatedJSONIsMalformed(vendor: Vendor, body: String) {
        let error = listError(vendor, String(body.prefix(body.count / 2)), headers: ["content-type": "application/json"])
        #expect(error?.kind == .malformedBody)
        #expect(error?.vendor == vendor)
        #expect(error?.status == 200)
        #expect(error?.message.hasPrefix("malformed token list from \(vendor.wireName): the body is not valid JSON") == true)
    }

    @Test(arguments: Vendor.allCases)
    func htmlIsMalformedAndTheMessageSaysSo(vendor: Vendor) {
        let error = listError(vendor, VendorBodies.html502, headers: ["content-type": "text/html"])
        #expect(error?.kind == .malformedBody)
        #expect(error?.message.contains("not valid JSON") == true)
        #expect(error?.message.contains("text/html") == true)
        #expect(error?.message.contains("<html>") == false)
    }

    @Test(arguments: Vendor.allCases)
    func emptyBodyIsMalformed(vendor: Vendor) {
        #expect(listError(vendor, "")?.message == "malformed token list from \(vendor.wireName): the body is empty")
    }

    @Test(arguments: Vendor.allCases)
    func topLevelArrayIsMalformed(vendor: Vendor) {
        #expect(listError(vendor, "[]")?.message == "malformed token list from \(vendor.wireName): the body is an array, not a JSON object")
    }

    @Test(arguments: [(Vendor.provisionr, "data"), (.prefactor, "summaries"), (.metokens, "data"), (.truefoundry, "data")])
    func listThatIsNotAnArrayIsMalformed(vendor: Vendor, key: String) {
        let error = listError(vendor, #"{"\#(key)": {"id": "x"}, "current_page": 1, "last_page": 1, "meta": {"current_page": 1, "last_page": 1}}"#)
        #expect(error?.kind == .malformedBody)
        #expect(error?.message == "malformed token list from \(vendor.wireName): \(key) is an object, not an array")
    }

    @Test(arguments: [(Vendor.provisionr, "data"), (.prefactor, "summaries"), (.metokens, "data"), (.truefoundry, "data")])
    func missingListIsMalformedNotEmpty(vendor: Vendor, key: String) {
        let error = listError(vendor, #"{"current_page": 1, "last_page": 1, "total": 0}"#)
        #expect(error?.message == "malformed token list from \(vendor.wireName): \(key) is missing")
    }

    @Test func recordWithoutIDIsMalformedAndNamesItsIndex() {
        let body = VendorBodies.provisionrPage(records: [VendorBodies.provisionrRecord(id: "a"), #"{"name":"svc_access","description":"no id"}"#])
        #expect(listError(.provisionr, body)?.message == "malformed token list from Provisionr: data[1].id is missing")
    }

    @Test func recordThatIsNotAnObjectIsMalformed() {
        let body = VendorBodies.truefoundryPage(records: ["42"], total: 1, offset: 0, limit: 10)
        #expect(listError(.truefoundry, body)?.message == "malformed token list from TrueFoundry: data[0] is a number, not an object")
    }

    @Test func idOfTheWrongTypeIsMalformed() {
        let body = VendorBodies.metokensPage(records: [#"{"id":true,"name":"x","status":"active","usage_count":1,"created_at":"2024-03-01T18:11:00Z"}"#])
        #expect(listError(.metokens, body)?.message == "malformed token list from metokens: data[0].id is a boolean, not an id")
    }

    @Test func missingPagingFieldsAreMalformed() {
        let provisionr = #"{"data": [], "last_page": 1}"#
        #expect(listError(.provisionr, provisionr)?.message == "malformed token list from Provisionr: current_page is missing")
        let metokens = #"{"data": [], "links": {"next": null}}"#
        #expect(listError(.metokens, metokens)?.message == "malformed token list from metokens: meta is missing")
    }

    @Test(arguments: validBodies)
    func unknownExtraFieldsAreIgnored(vendor: Vendor, body: String) throws {
        // Unknown fields at the top and inside every record.
        let extended = body.replacingOccurrences(of: #""id":"#, with: #""x_new_field":{"nested":[1,2.5,null]},"id":"#)
            .replacingOccurrences(of: #""id": "#, with: #""x_new_field": {"nested": [1, 2.5, null]}, "id": "#)
        let prefixed = "{\"x_top_level\": [true, false], " + extended.drop(while: { $0 != "{" }).dropFirst()
        let plain = try decodeList(vendor, body)
        let withExtras = try decodeList(vendor, String(prefixed))
        #expect(withExtras.tokens.map(\.id) == plain.tokens.map(\.id))
        #expect(withExtras.tokens.map(\.title) == plain.tokens.map(\.title))
        #expect(withExtras.next == plain.next)
        #expect(withExtras.tokens.first?.rawJSON.contains(#""x_new_field":{"nested":[1,2.5,null]}"#) == true)
    }
}
