// swift-tools-version: 6.0
// Quarry: a retrieval-augmented generation service stack. One target per module;
// see ../shared/DESIGN.md for the map of who depends on whom.
import PackageDescription

/// Settings every Quarry target shares: explicit `any`.
let common: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

/// Numeric targets build like the rest: plain `-O` in release (SwiftPM already compiles
/// release builds whole-module), so bounds, overflow and precondition checks stay on,
/// including in the code that parses untrusted input (model headers, the stemmer on
/// HTTP questions). Hot loops that lost speed to the checks run on unsafe buffer
/// pointers with wrapping index arithmetic over data checked once up front instead
/// (DenseIndex's ADC scan, now faster than under -Ounchecked; BM25's top-k heap). The
/// analyzer and stemmer keep their checks. Figures: Benchmarks/unchecked.md.
let numeric: [SwiftSetting] = common

let package = Package(
    name: "Quarry",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "quarry", targets: ["quarry"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    ],
    targets: [
        // System libraries from Debian packages (Deploy/setup.sh installs them).
        .systemLibrary(name: "CBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CEditLine", pkgConfig: "libedit", providers: [.apt(["libedit-dev"])]),

        // MODULES
        // libxml2's headers pull in the system ICU, which clashes with Foundation's own ICU
        // module in Swift, so only this C target includes them; Swift sees opaque handles.
        .target(name: "CHTMLTree", dependencies: ["CLibXML2"]),
        .target(name: "Loaders", dependencies: ["CHTMLTree"], swiftSettings: common),
        .target(name: "Chunking", dependencies: [], swiftSettings: common),
        .target(name: "SparseIndex", dependencies: [], swiftSettings: numeric),
        // The one CPU check: cpuid features (AVX2 … AVX-512 VNNI/BF16, AMX), vendor, family, model.
        .target(name: "CCPUDispatch"),
        // AVX2/FMA GELU-erf, softmax, layer norm and attention heads; checks the CPU itself and falls back to scalar code.
        .target(name: "CVectorKernels", dependencies: ["CCPUDispatch"], cSettings: [.unsafeFlags(["-O3"])]),
        .target(name: "Kernels", dependencies: ["CBLAS", "CVectorKernels"], swiftSettings: numeric),
        // Quantised matvec kernels on 8-bit activations; AVX2 paths chosen at run time.
        .target(name: "CQuantKernels", dependencies: ["CCPUDispatch"], cSettings: [.unsafeFlags(["-O3"])]),
        .target(name: "Models", dependencies: ["Kernels", "CQuantKernels"], swiftSettings: numeric),
        .target(name: "Embedding", dependencies: ["Models"], swiftSettings: common),
        .target(name: "DenseIndex", dependencies: ["CBLAS", "Kernels"], swiftSettings: numeric),
        .target(name: "Store", dependencies: [.product(name: "GRDB", package: "GRDB.swift")], swiftSettings: common),
        .target(
            name: "Pipeline",
            dependencies: ["Loaders", "Chunking", "SparseIndex", "DenseIndex", "Embedding", "Store"],
            swiftSettings: common
        ),
        .target(
            name: "Server",
            dependencies: [
                "Pipeline", "Embedding",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: common
        ),
        .executableTarget(
            name: "quarry",
            dependencies: [
                "Pipeline", "Server", "Loaders", "Store", "DenseIndex", "Models", "Embedding", "CEditLine",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: common
        ),

        // TESTS
        .testTarget(name: "LoadersTests", dependencies: ["Loaders", "Chunking"], exclude: ["Fixtures"], swiftSettings: common),
        .testTarget(name: "ChunkingTests", dependencies: ["Chunking"], swiftSettings: common),
        .testTarget(name: "SparseIndexTests", dependencies: ["SparseIndex"], exclude: ["Fixtures"], swiftSettings: common),
        .testTarget(name: "KernelsTests", dependencies: ["Kernels", "CVectorKernels"], swiftSettings: common),
        .testTarget(name: "ModelsTests", dependencies: ["Models", "CQuantKernels"], swiftSettings: common),
        .testTarget(name: "EmbeddingTests", dependencies: ["Embedding", "Models"], swiftSettings: common),
        .testTarget(name: "DenseIndexTests", dependencies: ["DenseIndex"], swiftSettings: common),
        .testTarget(name: "StoreTests", dependencies: ["Store"], swiftSettings: common),
        .testTarget(name: "PipelineTests", dependencies: ["Pipeline", "Loaders", "Store", "Embedding", "Models"], swiftSettings: common),
        .testTarget(
            name: "ServerTests",
            dependencies: [
                "Server", "Pipeline", "Store", "Embedding", "Models",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: common
        ),
        .testTarget(name: "CLITests", dependencies: ["quarry"], swiftSettings: common),
    ]
)
