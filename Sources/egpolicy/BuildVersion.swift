/// What `egpolicy --version` and the `egpolicy_build_info` metric say about this binary.
enum BuildVersion {
    static let version = "0.1.0"
    /// The git commit the binary was built from (`-dirty` when the work tree had changes), written
    /// before each build by the BuildInfo plugin; "unknown" outside git without `EGPOLICY_COMMIT`.
    static let commit = BuildCommit.id

    /// `x86_64-linux-gnu`, `aarch64-linux-musl` (the static release), `arm64-macos`: what the binary
    /// was compiled for, which is what runs.
    static let platform: String = {
        #if arch(x86_64)
        let arch = "x86_64"
        #elseif arch(arm64)
        let arch = "aarch64"
        #else
        let arch = "unknown"
        #endif
        #if os(Linux) && canImport(Musl)
        return arch + "-linux-musl"
        #elseif os(Linux)
        return arch + "-linux-gnu"
        #elseif os(macOS)
        return arch + "-macos"
        #else
        return arch + "-unknown"
        #endif
    }()

    /// `0.1.0 (commit 38efa24…, x86_64-linux-gnu)`: the version first, as scripts read it.
    static let line = "\(version) (commit \(commit), \(platform))"
}
