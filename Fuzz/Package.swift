// swift-tools-version: 6.1
// The libFuzzer target for the policy loader, in its own package so that the root package's build,
// CI and `swift test` do not change. Built and run by `scripts/fuzz` (see README: Fuzzing).
import PackageDescription

let package = Package(
    name: "egpolicy-fuzz",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "egpolicy", path: ".."),
    ],
    targets: [
        // Declares libFuzzer's driver, which `-sanitize=fuzzer` links.
        .target(name: "CLibFuzzer"),
        .executableTarget(
            name: "FuzzPolicyLoader",
            dependencies: [
                "CLibFuzzer",
                .product(name: "PolicyLoader", package: "egpolicy"),
                .product(name: "PolicyModel", package: "egpolicy"),
            ]
        ),
    ]
)
