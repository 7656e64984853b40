import Foundation
import TokenDeckCore

/// One fuzz input run through a vendor's decoders, exactly as the libFuzzer target does it:
/// scripts/fuzz.sh compiles this file into Fuzz/DecoderFuzz.swift's binary, and
/// FuzzRegressionTests replays every saved input through it, so a crasher found by the fuzzer is
/// a test that runs the very same code.
///
/// The first byte picks the HTTP status (high nibble), the problem+json headers (bit 3), the page
/// cursor (bit 2) and the decoder (bits 0–1); the rest is the body. A decoder may refuse a body,
/// never crash on it, and every string a decoded token carries must come out of the sanitiser
/// inert.
public enum FuzzReplay {
    public static let statuses = [200, 201, 400, 401, 403, 404, 422, 429, 500, 503]

    public enum Decoder: Sendable, Hashable {
        case list, error, created, json
    }

    public struct Outcome: Sendable {
        public var status: Int
        public var decoder: Decoder
        /// Tokens of a list that decoded; nil when the list decoder refused the body or did not run.
        public var tokens: [Token]?
        /// The error the list decoder threw, or the one decodeError built.
        public var error: VendorError?
        /// Broken invariants, in words; empty when the input was handled as it must be.
        public var violations: [String] = []
    }

    public static func account(_ vendor: Vendor) -> Account {
        Account(name: "fuzz", vendor: vendor, baseURL: URL(string: "https://fuzz.example/api")!,
                service: "svc_fuzz", accountID: "acct_fuzz")
    }

    public static func decode(_ input: [UInt8], vendor: Vendor) -> Outcome {
        let adapter = Adapters.adapter(for: vendor)
        guard let selector = input.first else { return Outcome(status: 0, decoder: .json) }
        let body = Data(input.dropFirst())
        let status = statuses[Int(selector >> 4) % statuses.count]
        let headers = selector & 0x08 != 0 ? ["Content-Type": "application/problem+json", "Retry-After": "7"] : [:]
        let response = HTTPResponseData(status: status, headers: headers, body: body)
        let account = account(vendor)

        switch selector & 0x03 {
        case 0, 1:
            var outcome = Outcome(status: status, decoder: .list)
            let cursor: PageCursor = selector & 0x04 == 0 ? adapter.firstPage(size: 100) : .offset(200, size: 50)
            do throws(VendorError) {
                let page = try adapter.decodeList(response, account: account, cursor: cursor, trashed: selector & 0x01 != 0)
                outcome.tokens = page.tokens
                for token in page.tokens {
                    if token.vendor != vendor { outcome.violations.append("token \(token.id.debugDescription) of vendor \(token.vendor)") }
                    for text in [token.id, token.kind, token.title, token.owner ?? ""] + token.scopes
                    where !Sanitizer.isSafe(Sanitizer.sanitize(text)) {
                        outcome.violations.append("sanitised text is not safe: \(text.debugDescription)")
                    }
                }
            } catch {
                outcome.error = error
                if error.vendor != vendor { outcome.violations.append("list error names vendor \(error.vendor)") }
            }
            return outcome
        case 2:
            var outcome = Outcome(status: status, decoder: .error)
            let error = adapter.decodeError(response)
            outcome.error = error
            if error.vendor != vendor { outcome.violations.append("decodeError names vendor \(error.vendor)") }
            if error.description.isEmpty { outcome.violations.append("decodeError has an empty description") }
            return outcome
        default:
            if vendor == .provisionr {
                var outcome = Outcome(status: status, decoder: .created)
                do throws(VendorError) {
                    let created = try Adapters.provisionr.decodeCreated(response, account: account)
                    outcome.tokens = [created.token]
                } catch {
                    outcome.error = error
                }
                return outcome
            }
            _ = try? JSONValue.parse(body)
            return Outcome(status: status, decoder: .json)
        }
    }
}
