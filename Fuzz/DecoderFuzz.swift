import TokenDeckCore

// libFuzzer entry for one vendor's decoders, built by scripts/fuzz.sh against TokenDeckCore (an
// instrumented module) together with Tests/TestSupport/FuzzReplay.swift; `-D FUZZ_<VENDOR>`
// picks the vendor. FuzzReplay is the whole harness — FuzzRegressionTests replays saved inputs
// through the same code — so this file only turns a broken invariant into a crash the fuzzer sees.

#if FUZZ_PROVISIONR
let fuzzVendor = Vendor.provisionr
#elseif FUZZ_PREFACTOR
let fuzzVendor = Vendor.prefactor
#elseif FUZZ_METOKENS
let fuzzVendor = Vendor.metokens
#else
let fuzzVendor = Vendor.truefoundry
#endif

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDecoders(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    let input = Array(UnsafeRawBufferPointer(start: start, count: count))
    let outcome = FuzzReplay.decode(input, vendor: fuzzVendor)
    precondition(outcome.violations.isEmpty, outcome.violations.joined(separator: "; "))
    return 0
}
