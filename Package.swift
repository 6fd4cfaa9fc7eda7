// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "egpolicy",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "egpolicy", targets: ["egpolicy"]),
        .executable(name: "entryguard-sim", targets: ["entryguard-sim"]),
        .library(name: "EntryGuardSimulator", targets: ["EntryGuardSimulator"]),
        // The layers as libraries, for the benchmark and fuzzing packages beside this one.
        .library(name: "PolicyModel", targets: ["PolicyModel"]),
        .library(name: "PolicyLoader", targets: ["PolicyLoader"]),
        .library(name: "EntryGuardAPI", targets: ["EntryGuardAPI"]),
        .library(name: "Rendering", targets: ["Rendering"]),
        .library(name: "Reconciler", targets: ["Reconciler"]),
        .library(name: "OneTimePassword", targets: ["OneTimePassword"]),
        .library(name: "StrictJSON", targets: ["StrictJSON"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        // Imported directly as well as through async-http-client and hummingbird.
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.29.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
        // Tests only: a certificate authority and server certificates made at test time.
        .package(url: "https://github.com/apple/swift-certificates", from: "1.0.0"),
        .package(url: "https://github.com/apple/swift-asn1", from: "1.0.0"),
    ],
    targets: [
        // libyaml from the system (Debian: libyaml-dev).
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]
        ),
        // A strict RFC 8259 pull reader with located errors: standard library only.
        .target(name: "StrictJSON"),
        // Value types, the differ and the safety rules: standard library only, and Parallel (the
        // differ spreads its roles over all cores).
        .target(name: "PolicyModel", dependencies: ["Parallel"]),
        // A step's independent parts on all cores (Dispatch; `bothAtOnce`'s second part on a POSIX
        // thread of its own), results in order; and `Locked`, the lock every module shares state under.
        .target(name: "Parallel", dependencies: [.product(name: "NIOConcurrencyHelpers", package: "swift-nio")]),
        // Tasks that stay on the event loop of their connection (NIO).
        .target(name: "EventLoopExecutor", dependencies: [.product(name: "NIOCore", package: "swift-nio")]),
        // libyaml events -> located nodes -> desired state + diagnostics.
        .target(name: "PolicyLoader", dependencies: ["CYAML", "PolicyModel", "Parallel"]),
        // The EntryGuard REST client on async-http-client: requests, retries, rate limits.
        .target(
            name: "EntryGuardAPI",
            dependencies: [
                "PolicyModel", "StrictJSON", "Parallel", "EventLoopExecutor",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        // Text / JSON / Markdown output of plans.
        .target(
            name: "Rendering",
            dependencies: ["PolicyModel", "Parallel", .product(name: "Crypto", package: "swift-crypto")]
        ),
        // Orchestration: load -> fetch -> diff -> saved plans.
        .target(
            name: "Reconciler",
            dependencies: [
                "PolicyModel", "PolicyLoader", "EntryGuardAPI", "Rendering", "OneTimePassword", "StrictJSON", "Parallel",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Base32 and RFC 6238 TOTP: the client computes MFA codes with it, the simulator checks them.
        .target(
            name: "OneTimePassword",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")]
        ),
        // The thin CLI.
        .executableTarget(
            name: "egpolicy",
            dependencies: [
                "Reconciler", "Rendering", "PolicyModel", "EntryGuardAPI", "Parallel",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            plugins: ["BuildInfo"]
        ),
        // Writes the git commit into the egpolicy binary (--version, egpolicy_build_info) at each build.
        .plugin(name: "BuildInfo", capability: .buildTool()),
        // The EntryGuard test double. Imports no product target but OneTimePassword (RFC 6238 is
        // tested on its own against the RFC's vectors): it has its own wire types, so it checks the
        // client instead of agreeing with it by construction.
        .target(
            name: "EntryGuardSimulator",
            dependencies: [
                "OneTimePassword", "EventLoopExecutor", "Parallel",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "entryguard-sim",
            dependencies: [
                "EntryGuardSimulator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // What several test targets share (the leak oracle of the secrets tests).
        .target(name: "TestSupport", dependencies: ["EntryGuardSimulator"], path: "Tests/TestSupport"),
        .testTarget(name: "PolicyModelTests", dependencies: ["PolicyModel"]),
        .testTarget(name: "ParallelTests", dependencies: ["Parallel"]),
        .testTarget(name: "OneTimePasswordTests", dependencies: ["OneTimePassword"]),
        .testTarget(name: "StrictJSONTests", dependencies: ["StrictJSON"]),
        .testTarget(
            name: "EntryGuardSimulatorTests",
            dependencies: [
                "EntryGuardSimulator", "OneTimePassword", "TestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "PolicyLoaderTests",
            dependencies: ["PolicyLoader", "PolicyModel", "TestSupport"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "RenderingTests",
            dependencies: ["Rendering", "Reconciler", "PolicyModel", "TestSupport"]
        ),
        .testTarget(
            name: "EntryGuardAPITests",
            dependencies: [
                "EntryGuardAPI", "PolicyModel", "EntryGuardSimulator", "TestSupport", "EventLoopExecutor", "Parallel",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "ReconcilerTests",
            dependencies: [
                "Reconciler", "PolicyModel", "PolicyLoader", "EntryGuardAPI", "EntryGuardSimulator", "TestSupport", "Parallel",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "X509", package: "swift-certificates"),
            ]
        ),
        .testTarget(name: "egpolicyTests", dependencies: ["egpolicy", "EntryGuardSimulator", "OneTimePassword", "TestSupport", "Parallel"]),
    ]
)
