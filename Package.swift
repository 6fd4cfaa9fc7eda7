// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "egpolicy",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "egpolicy", targets: ["egpolicy"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
    ],
    targets: [
        // libyaml from the system (Debian: libyaml-dev).
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]
        ),
        // Value types, the differ and the safety rules: standard library only.
        .target(name: "PolicyModel"),
        // libyaml events -> located nodes -> desired state + diagnostics.
        .target(name: "PolicyLoader", dependencies: ["CYAML", "PolicyModel"]),
        // EntryGuard wire types (and, later, the REST client).
        .target(name: "EntryGuardAPI", dependencies: ["PolicyModel"]),
        // Text / JSON / Markdown output of plans.
        .target(name: "Rendering", dependencies: ["PolicyModel"]),
        // Orchestration: load -> fetch -> diff -> saved plans.
        .target(
            name: "Reconciler",
            dependencies: [
                "PolicyModel", "PolicyLoader", "EntryGuardAPI", "Rendering",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // The thin CLI.
        .executableTarget(
            name: "egpolicy",
            dependencies: [
                "Reconciler", "Rendering", "PolicyModel",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "PolicyModelTests", dependencies: ["PolicyModel"]),
        .testTarget(
            name: "PolicyLoaderTests",
            dependencies: ["PolicyLoader", "PolicyModel"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "RenderingTests",
            dependencies: ["Rendering", "Reconciler", "PolicyModel"],
            exclude: ["Snapshots"]
        ),
        .testTarget(name: "egpolicyTests", dependencies: ["egpolicy"]),
    ]
)
