// swift-tools-version: 6.1
// The benchmarks of egpolicy's loader, differ and renderers, as a package beside the root so the
// root's build and CI stay as they are. Run from this directory: see README.md.
import PackageDescription

let package = Package(
    name: "egpolicy-benchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "egpolicy", path: ".."),
        // MallocInterposer gives the malloc metrics; naming the traits leaves out the default
        // RuntimeInterposer, whose package is not needed for these metrics.
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.0", traits: ["MallocInterposer"]),
    ],
    targets: [
        // libyaml for the baseline scan: the root's CYAML target is not a product, and target names
        // must be unique across the package graph.
        .systemLibrary(
            name: "CLibYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]
        ),
        // The plugin finds benchmark targets by their folder's parent being named `Benchmarks`:
        // this package's own folder.
        .executableTarget(
            name: "PolicyBenchmarks",
            dependencies: [
                "CLibYAML",
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "PolicyModel", package: "egpolicy"),
                .product(name: "PolicyLoader", package: "egpolicy"),
                .product(name: "EntryGuardAPI", package: "egpolicy"),
                .product(name: "Rendering", package: "egpolicy"),
            ],
            path: "PolicyBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
