// swift-tools-version: 6.0
import PackageDescription

// One job per target; arrows one way (docs/development/ARCHITECTURE.md):
// Core, Markdown ← Charts ← PDF ← Render ← {Site, Notify, Export} ← openchargeback
let package = Package(
    name: "OpenChargeback",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "openchargeback", targets: ["openchargeback"]),
        .library(name: "ChargebackCore", targets: ["ChargebackCore"]),
        .library(name: "ChargebackSite", targets: ["ChargebackSite"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        // Period archives (zip). Linux: over the system zlib (Debian: zlib1g-dev).
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", exact: "0.9.20"),
    ],
    targets: [
        .target(
            name: "ChargebackCore",
            dependencies: [
                "CMalloc",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Usage records (Slurm jobs, storage, VMs, AI tokens) → FOCUS CSV: pure rules, readers, one writer.
        .target(name: "ChargebackConvert", dependencies: ["ChargebackCore"]),
        // libcmark-gfm and its extensions (Debian: libcmark-gfm-dev, libcmark-gfm-extensions-dev).
        .systemLibrary(name: "CCmarkGFM"),
        // Markdown text → a Swift document tree (the only target that touches cmark-gfm); escaping for Markdown and XML.
        .target(name: "ChargebackMarkdown", dependencies: ["CCmarkGFM"]),
        // Bar charts: the model, its scale and layout, and SVG.
        .target(name: "ChargebackCharts", dependencies: ["ChargebackMarkdown"]),
        // Pango (text layout, font fallback) on Cairo's PDF surface (Debian: libpango1.0-dev, libcairo2-dev).
        .systemLibrary(name: "CPangoCairo", pkgConfig: "pangocairo"),
        // SVG images (the organisation's logo) drawn as vectors on Cairo (Debian: librsvg2-dev).
        .systemLibrary(name: "CRsvg", pkgConfig: "librsvg-2.0"),
        // PDF statements: the document tree typeset with Pango on Cairo.
        .target(name: "ChargebackPDF", dependencies: ["CPangoCairo", "CRsvg", "ChargebackMarkdown", "ChargebackCharts"]),
        // Reports → pages: themes and templates, views, HTML and plain text, statement PDFs and journal files in memory.
        .target(
            name: "ChargebackRender",
            dependencies: [
                "ChargebackCore", "ChargebackMarkdown", "ChargebackCharts", "ChargebackPDF",
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // libcurl, for SMTP (Debian: libcurl4-openssl-dev).
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl"),
        // glibc's mallopt (<malloc.h>): how freed memory goes back to the system (`MallocPolicy`).
        .systemLibrary(name: "CMalloc", path: "Sources/CMalloc"),
        // E-mail: MIME messages (RFC 5322/2045/2047/2231), SMTP over libcurl, .eml files, retries.
        .target(name: "ChargebackMail", dependencies: ["CCurl"]),
        // Atomic swap of the staging folder and the site (renameat2), syncfs: not exported by Swift's Glibc.
        .target(name: "CFileExchange"),
        // `build`: read → plan → render → write → swap; access rules, period archives, `verify`.
        .target(
            name: "ChargebackSite",
            dependencies: [
                "ChargebackCore", "ChargebackRender", "CFileExchange",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ]
        ),
        // `notify`: one e-mail per PI over ChargebackMail.
        .target(name: "ChargebackNotify", dependencies: ["ChargebackCore", "ChargebackRender", "ChargebackMail"]),
        // `generate` and `export-journal`: files outside the site, written atomically and logged in the ledger.
        .target(
            name: "ChargebackExport",
            dependencies: ["ChargebackCore", "ChargebackRender", "CFileExchange", .product(name: "Crypto", package: "swift-crypto")]
        ),
        // import-legacy: a legacy (Python 0.4) billing.db, read read-only, turned into our ledger's records.
        .target(
            name: "ChargebackLegacy",
            dependencies: [
                "ChargebackCore",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .executableTarget(
            name: "openchargeback",
            dependencies: [
                "ChargebackCore", "ChargebackRender", "ChargebackSite", "ChargebackNotify", "ChargebackExport",
                "ChargebackLegacy", "ChargebackConvert",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // What the tests share: the sample ledger, reading HTML and CSV back.
        .target(name: "ChargebackTestSupport", dependencies: ["ChargebackCore", "ChargebackSite"], path: "Tests/Support"),
        .testTarget(
            name: "ChargebackCoreTests",
            dependencies: [
                "ChargebackCore",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(
            name: "ChargebackLegacyTests",
            dependencies: ["ChargebackLegacy", "ChargebackCore", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(
            name: "ChargebackConvertTests",
            dependencies: [
                "ChargebackConvert",
                "ChargebackCore",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            exclude: ["Fixtures"]
        ),
        .testTarget(name: "ChargebackMarkdownTests", dependencies: ["ChargebackMarkdown"]),
        .testTarget(name: "ChargebackChartsTests", dependencies: ["ChargebackCharts"]),
        .testTarget(
            name: "ChargebackPDFTests",
            dependencies: ["ChargebackPDF", "ChargebackMarkdown", "ChargebackCharts", "ChargebackRender"]
        ),
        .testTarget(
            name: "ChargebackRenderTests",
            dependencies: [
                "ChargebackRender", "ChargebackCore", "ChargebackMarkdown", "ChargebackPDF", "ChargebackCharts", "ChargebackTestSupport",
                // The reference renderer DocumentHTML is compared with.
                "CCmarkGFM",
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
        .testTarget(
            name: "ChargebackSiteTests",
            dependencies: ["ChargebackSite", "ChargebackRender", "ChargebackCore", "ChargebackPDF", "ChargebackTestSupport",
                           .product(name: "Crypto", package: "swift-crypto")]
        ),
        .testTarget(
            name: "ChargebackNotifyTests",
            dependencies: ["ChargebackNotify", "ChargebackRender", "ChargebackCore", "ChargebackTestSupport"]
        ),
        .testTarget(name: "ChargebackExportTests", dependencies: ["ChargebackExport", "ChargebackRender"]),
        .testTarget(
            name: "ChargebackMailTests",
            dependencies: ["ChargebackMail"]
        ),
        .testTarget(
            name: "CLITests",
            dependencies: ["ChargebackCore"]
        ),
    ]
)
