// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "TokenDeck",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "tokendeck", targets: ["tokendeck"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.24.0"),
        // Already in the graph through async-http-client; named so the transport can tell a decompression bomb apart.
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.26.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.5.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        // zlib's gzip for the sandbox's optional `Content-Encoding: gzip` answers.
        .package(url: "https://github.com/adam-fowler/compress-nio", from: "1.5.0"),
    ],
    targets: [
        // ncursesw as a system library; only TokenDeckTerminal may import it.
        .systemLibrary(name: "CNCursesW", path: "Sources/CNCursesW"),
        // Real C functions for the ncurses macros Swift cannot import (A_*, ACS_*, KEY_F, getmaxyx…).
        .target(name: "CNCursesShim", dependencies: ["CNCursesW"], path: "Sources/CNCursesShim"),
        // glibc allocator settings (mallopt), which Swift cannot import from malloc.h.
        .target(name: "CMemoryTuning", path: "Sources/CMemoryTuning"),
        .target(name: "TokenDeckCore"),
        .target(name: "TokenDeckSync", dependencies: [
            "TokenDeckCore",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "NIOHTTPCompression", package: "swift-nio-extras"),
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "TOMLKit", package: "TOMLKit"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .target(name: "TokenDeckUI", dependencies: [
            "TokenDeckCore",
            .product(name: "TOMLKit", package: "TOMLKit"),
        ]),
        .target(name: "TokenDeckTerminal", dependencies: ["CNCursesW", "CNCursesShim", "CMemoryTuning", "TokenDeckUI"]),
        .target(name: "TokenDeckSandbox", dependencies: [
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "CompressNIO", package: "compress-nio"),
        ]),
        .executableTarget(name: "tokendeck", dependencies: [
            "CMemoryTuning", "TokenDeckCore", "TokenDeckSync", "TokenDeckUI", "TokenDeckTerminal", "TokenDeckSandbox",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // Plain benchmark runner (ContinuousClock, warm-up, min/median/p99): `swift run -c release tokendeck-bench`.
        .executableTarget(name: "tokendeck-bench", dependencies: [
            "TokenDeckCore", "TokenDeckSync", "TokenDeckUI", "TokenDeckSandbox",
        ], path: "Benchmarks/tokendeck-bench"),
        .target(name: "TestSupport", dependencies: ["TokenDeckCore"], path: "Tests/TestSupport"),
        // FuzzRegressions/ holds raw fuzz inputs that FuzzRegressionTests reads by path, not sources.
        .testTarget(name: "TokenDeckCoreTests", dependencies: ["TokenDeckCore", "TestSupport"], exclude: ["FuzzRegressions"]),
        .testTarget(name: "TokenDeckSandboxTests", dependencies: [
            "TokenDeckSandbox", "TestSupport",
            .product(name: "AsyncHTTPClient", package: "async-http-client"),
            .product(name: "Hummingbird", package: "hummingbird"),
        ]),
        .testTarget(name: "TokenDeckSyncTests", dependencies: [
            "TokenDeckSync", "TokenDeckSandbox", "TestSupport",
            .product(name: "Hummingbird", package: "hummingbird"),
        ]),
        .testTarget(name: "TokenDeckUITests", dependencies: ["TokenDeckUI", "TestSupport"]),
        .testTarget(name: "TokenDeckEndToEndTests", dependencies: ["tokendeck", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
