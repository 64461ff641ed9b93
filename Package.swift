// swift-tools-version:6.0
import PackageDescription

/// plinv: a PrivateLink inventory, audit and drift tool over a local SQLite history.
let package = Package(
    name: "plinv",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "plinv", targets: ["plinv"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]
        ),
        // libcurl (the distribution's, over the system OpenSSL): the HTTP transport, loaded when the first request is
        // made (only the commands that call AWS make any: collect, run, doctor); its headers come from
        // libcurl4-openssl-dev.
        .target(name: "CCurl", linkerSettings: [.linkedLibrary("dl")]),
        .target(
            name: "AWSQuery",
            dependencies: [
                "COpenSSL", "CCurl", .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(name: "PrivateLinkModel"),
        .target(
            name: "Collector",
            dependencies: ["AWSQuery", "PrivateLinkModel", .product(name: "Logging", package: "swift-log")]
        ),
        // zstd (the distribution's): stored bodies are zstd frames, compressed with dictionaries trained from them.
        .systemLibrary(
            name: "CZstd",
            pkgConfig: "libzstd",
            providers: [.apt(["libzstd-dev"])]
        ),
        // The SQL migrations of Schema/, compiled into the binary (no resource bundle to install beside it).
        .target(
            name: "PlinvSchema",
            path: "Schema",
            exclude: ["README.md"],
            resources: [
                .embedInCode("0001_initial.sql"), .embedInCode("0002_stacks.sql"),
                .embedInCode("0003_report_history.sql"), .embedInCode("0004_organization.sql"),
                .embedInCode("0005_compressed_bodies.sql"), .embedInCode("0006_raw_digest.sql"),
                .embedInCode("0007_compressed_report_problems.sql"), .embedInCode("0008_body_hash.sql"),
                .embedInCode("NewDatabase/new_database.sql"),
            ]
        ),
        // sqlite3_config, which Swift cannot call (it is variadic): plinv turns SQLite's memory statistics off.
        .systemLibrary(name: "CSQLiteConfig"),
        .target(
            name: "Store",
            dependencies: [
                "PrivateLinkModel", "PlinvSchema", "CZstd", "CSQLiteConfig",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(name: "Templates", dependencies: ["PrivateLinkModel", "Yams"]),
        .target(name: "Drift", dependencies: ["PrivateLinkModel", "Templates"]),
        // The report templates are compiled in (`PackageResources`), so the binary needs no resource bundle.
        .target(
            name: "Rendering",
            dependencies: ["PrivateLinkModel", "Drift", .product(name: "Mustache", package: "swift-mustache")],
            resources: [.embedInCode("Templates")]
        ),
        // glibc's malloc.h (part of libc): the allocator tuning the executable sets at start.
        .systemLibrary(name: "CMalloc"),
        .executableTarget(
            name: "plinv",
            dependencies: [
                "CMalloc", "AWSQuery", "PrivateLinkModel", "Collector", "Store", "Templates", "Drift", "Rendering",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                "Yams",
            ]
        ),
        // Test-only helpers: the local AWS peer harness, fixtures, process runners.
        .target(name: "TestSupport", dependencies: ["AWSQuery"], path: "Tests/TestSupport"),
        .testTarget(
            name: "AWSQueryTests",
            dependencies: ["AWSQuery", "TestSupport", .product(name: "Logging", package: "swift-log")],
            exclude: ["Fixtures", "Credentials/Fixtures"]),
        .testTarget(name: "PrivateLinkModelTests", dependencies: ["PrivateLinkModel", "TestSupport"]),
        .testTarget(name: "CollectorTests", dependencies: ["Collector", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "StoreTests", dependencies: ["Store", "TestSupport", "Collector", "Drift"]),
        .testTarget(name: "TemplatesTests", dependencies: ["Templates", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "DriftTests", dependencies: ["Drift", "Templates", "TestSupport"]),
        .testTarget(
            name: "RenderingTests",
            dependencies: ["Rendering", "Drift", "TestSupport", .product(name: "Mustache", package: "swift-mustache")],
            exclude: ["Snapshots", "Fixtures"]),
        .testTarget(name: "plinvTests", dependencies: ["plinv", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
