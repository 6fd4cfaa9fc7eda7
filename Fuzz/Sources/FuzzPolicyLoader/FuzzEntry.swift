import PolicyLoader
import PolicyModel

/// libFuzzer's entry point: loads the bytes with the real loader, twice, and checks the invariants.
///
/// An input is one file, `f0.yaml`; one that starts with a NUL byte is up to four files, `f0.yaml` …
/// `f3.yaml`, separated by NUL bytes and loaded together, so cross-file rules (global aliases,
/// duplicate roles) are fuzzed too. (A NUL anywhere else stays in the file, for the reader to refuse.)
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPolicyLoader(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size))
    let sources = FuzzInput.sources(from: bytes)
    let loader = PolicyLoader()
    let first = loader.load(sources: sources)
    let second = loader.load(sources: sources)
    var failures = Invariants.check(first, sources: sources)
    if first.diagnostics != second.diagnostics || first.desired != second.desired {
        failures.append("loading the same bytes twice gave different results")
    }
    if !failures.isEmpty {
        Invariants.report(failures, outcome: first)
    }
    return 0
}

enum FuzzInput {
    static let maxFiles = 4

    static func sources(from bytes: [UInt8]) -> [(path: String, bytes: [UInt8])] {
        guard bytes.first == 0 else { return [("f0.yaml", bytes)] }
        let parts = bytes.dropFirst().split(separator: 0, maxSplits: maxFiles - 1, omittingEmptySubsequences: false)
        return parts.enumerated().map { index, part in ("f\(index).yaml", Array(part)) }
    }
}
