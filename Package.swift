// swift-tools-version: 6.0
// Quarry: a retrieval-augmented generation service stack. One target per module;
// see ../shared/DESIGN.md for the map of who depends on whom.
import PackageDescription

/// Settings every Quarry target shares: explicit `any`. No target builds with
/// `-Ounchecked`: bounds, overflow and precondition checks stay on in release, including
/// in the code that parses untrusted input (model headers, the stemmer on HTTP
/// questions). Hot loops that lost speed to the checks run on unsafe buffer pointers
/// with wrapping index arithmetic over data checked once up front (DenseIndex's ADC
/// scan, now faster than under -Ounchecked; the top-k heap). Figures:
/// Benchmarks/unchecked.md.
let common: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]
/// For the modules whose tests reach internal API (the store's connections, the commands'
/// stage choice): the tests run in release (`swift test -c release`), where SwiftPM
/// compiles without testability, so `@testable import` needs it asked for.
let testable: [SwiftSetting] = common + [.unsafeFlags(["-enable-testing"], .when(configuration: .release))]

let package = Package(
    name: "Quarry",
    // macOS 15: Synchronization.Mutex. Quarry is built and tested on Linux only.
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "quarry", targets: ["quarry"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/vapor/multipart-kit", from: "4.7.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-configuration", from: "1.4.0"),
        // Already under Hummingbird; named for NIOCore (a connection's channel handlers),
        // NIOPosix (the bounded NIOThreadPool) and ServiceLifecycle (the shutdown grace).
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.81.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.8.0"),
        // The PostgreSQL backend's wire protocol (connections, LISTEN/NOTIFY, TLS).
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        // Also under Hummingbird; named for what Server imports itself: HTTPTypes (requests'
        // fields) and NIOHTTPTypes (the request parts a connection's channel handler sees).
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        // Outbound HTTP to OpenAI-compatible servers: pooled, back-pressured, cancellable.
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    ],
    targets: [
        // System libraries from Debian packages (Deploy/setup.sh installs them).
        .systemLibrary(name: "CBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CEditLine", pkgConfig: "libedit", providers: [.apt(["libedit-dev"])]),

        // MODULES
        // The leaf every stage shares: stage protocols (Retriever, Selector, Compressor,
        // Generator), the values they exchange, the error model, top-k and parallel map.
        .target(
            name: "QuarryCore", dependencies: [.product(name: "NIOPosix", package: "swift-nio")], swiftSettings: common
        ),
        // libxml2's headers pull in the system ICU, which clashes with Foundation's own ICU
        // module in Swift, so only this C target includes them; Swift sees opaque handles.
        .target(name: "CHTMLTree", dependencies: ["CLibXML2"]),
        .target(
            name: "Loaders",
            dependencies: ["CHTMLTree", "QuarryCore", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: common
        ),
        .target(name: "Chunking", dependencies: ["QuarryCore"], swiftSettings: common),
        .target(name: "SparseIndex", dependencies: ["QuarryCore"], swiftSettings: common),
        // The one CPU check: cpuid features (AVX2 … AVX-512 VNNI/BF16, AMX), vendor, family, model.
        .target(name: "CCPUDispatch"),
        // AVX2/FMA GELU-erf, softmax, layer norm and attention heads; checks the CPU itself and falls back to scalar code.
        .target(name: "CVectorKernels", dependencies: ["CCPUDispatch"], cSettings: [.unsafeFlags(["-O3"])]),
        .target(name: "Kernels", dependencies: ["CBLAS", "CVectorKernels", "QuarryCore"], swiftSettings: common),
        // The encoder's linear layers in bfloat16 (AVX-512 BF16 vdpbf16ps), with a scalar fallback.
        .target(name: "CEncoderKernels", dependencies: ["CCPUDispatch"], cSettings: [.unsafeFlags(["-O3"])]),
        // Quantised matvec kernels on 8-bit activations; AVX2 paths chosen at run time.
        .target(name: "CQuantKernels", dependencies: ["CCPUDispatch"], cSettings: [.unsafeFlags(["-O3"])]),
        .target(name: "Models", dependencies: ["Kernels", "CQuantKernels", "CEncoderKernels", "QuarryCore"], swiftSettings: common),
        // The HTTP side of every call to an OpenAI-compatible server (endpoint, timeouts, retries
        // honouring Retry-After, error bodies, size bound), on one pooled AsyncHTTPClient;
        // the OpenAI embedder and chat generator both use it.
        .target(
            name: "OpenAIHTTP",
            dependencies: ["QuarryCore", .product(name: "AsyncHTTPClient", package: "async-http-client")],
            swiftSettings: common
        ),
        .target(name: "Embedding", dependencies: ["Models", "OpenAIHTTP", "QuarryCore"], swiftSettings: common),
        .target(name: "DenseIndex", dependencies: ["CBLAS", "Kernels", "QuarryCore"], swiftSettings: common),
        .target(
            name: "Store", dependencies: ["QuarryCore", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: testable
        ),
        // The durable records of an index in PostgreSQL (issue 22): the same `IndexStore`
        // protocol as the SQLite `QuarryStore`, for several nodes sharing one index.
        .target(
            name: "PostgresStore",
            dependencies: ["QuarryCore", "Store", .product(name: "PostgresNIO", package: "postgres-nio")],
            swiftSettings: common
        ),
        .target(name: "Selection", dependencies: ["QuarryCore"], swiftSettings: common),
        // Extractive, local Llama and OpenAI-compatible generators (the latter over OpenAIHTTP).
        .target(
            name: "Generation", dependencies: ["QuarryCore", "Chunking", "SparseIndex", "Models", "OpenAIHTTP"],
            swiftSettings: common
        ),
        // LLMLingua / LongLLMLingua context compression in the generator's tokens.
        .target(name: "Compression", dependencies: ["QuarryCore", "Models"], swiftSettings: common),
        .target(
            name: "Pipeline",
            dependencies: [
                "QuarryCore", "Loaders", "Chunking", "SparseIndex", "DenseIndex", "Models", "Embedding", "Store", "Selection",
                "Generation", "Compression", "OpenAIHTTP", .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: common
        ),
        .target(
            name: "Server",
            dependencies: [
                "QuarryCore", "Pipeline", "Embedding", "Store", "Generation", "Models",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "MultipartKit", package: "multipart-kit"),
                .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
            ],
            // The web page and the OpenAPI document, compiled into the binary as byte arrays:
            // nothing to install beside it, and the spec is edited as JSON.
            resources: [
                .embedInCode("WebPage/Assets/index.html"), .embedInCode("WebPage/Assets/page.css"),
                .embedInCode("WebPage/Assets/page.js"), .embedInCode("openapi.json"),
            ],
            swiftSettings: common
        ),
        .executableTarget(
            name: "quarry",
            dependencies: [
                "QuarryCore", "Pipeline", "Server", "Loaders", "Store", "DenseIndex", "SparseIndex", "Models", "Embedding", "CEditLine",
                "Compression", "OpenAIHTTP", "PostgresStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: testable
        ),

        // TESTS
        .testTarget(name: "LoadersTests", dependencies: ["Loaders", "Chunking"], exclude: ["Fixtures"], swiftSettings: common),
        .testTarget(name: "ChunkingTests", dependencies: ["Chunking", "QuarryCore"], swiftSettings: common),
        .testTarget(name: "QuarryCoreTests", dependencies: ["QuarryCore"], swiftSettings: common),
        .testTarget(name: "SelectionTests", dependencies: ["Selection", "QuarryCore"], swiftSettings: common),
        .testTarget(name: "SparseIndexTests", dependencies: ["SparseIndex", "QuarryCore"], exclude: ["Fixtures"], swiftSettings: common),
        .testTarget(name: "KernelsTests", dependencies: ["Kernels", "CVectorKernels", "CEncoderKernels"], swiftSettings: common),
        .testTarget(name: "ModelsTests", dependencies: ["Models", "CQuantKernels"], swiftSettings: common),
        .testTarget(
            name: "OpenAIHTTPTests",
            dependencies: [
                "OpenAIHTTP", "QuarryCore", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: common
        ),
        .testTarget(name: "EmbeddingTests", dependencies: ["Embedding", "Models"], swiftSettings: common),
        .testTarget(name: "CompressionTests", dependencies: ["Compression", "QuarryCore", "Models"], swiftSettings: common),
        .testTarget(name: "DenseIndexTests", dependencies: ["DenseIndex"], swiftSettings: common),
        .testTarget(name: "StoreTests", dependencies: ["Store", "QuarryCore", .product(name: "GRDB", package: "GRDB.swift")], swiftSettings: common),
        // One conformance suite run against both backends (PostgreSQL at QUARRY_TEST_POSTGRES_URL).
        // The tests' PostgreSQL server: a database per test on QUARRY_TEST_POSTGRES_URL.
        .target(
            name: "PostgresTestSupport",
            dependencies: ["Store", "PostgresStore", "QuarryCore", .product(name: "PostgresNIO", package: "postgres-nio")],
            path: "Tests/PostgresTestSupport",
            swiftSettings: common
        ),
        .testTarget(
            name: "IndexStoreTests",
            dependencies: [
                "Store", "PostgresStore", "PostgresTestSupport", "QuarryCore", .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            swiftSettings: common
        ),
        .testTarget(
            name: "PipelineTests",
            dependencies: [
                "Pipeline", "QuarryCore", "Selection", "Generation", "Loaders", "Store", "Embedding", "Models", "SparseIndex",
                "PostgresStore", "PostgresTestSupport", .product(name: "GRDB", package: "GRDB.swift"),
            ],
            exclude: ["Fixtures"],
            swiftSettings: common
        ),
        .testTarget(
            name: "ServerTests",
            dependencies: [
                "Server", "Pipeline", "QuarryCore", "Selection", "Generation", "Store", "Embedding", "Models", "OpenAIHTTP",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            exclude: ["Fixtures"],
            swiftSettings: common
        ),
        .testTarget(
            name: "GenerationTests",
            dependencies: [
                "Generation", "QuarryCore", "Models", "OpenAIHTTP", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: common
        ),
        .testTarget(
            name: "CLITests", dependencies: ["quarry", "Pipeline", "Store", "PostgresStore", "PostgresTestSupport"],
            swiftSettings: common
        ),
    ]
)
