import ChargebackCore
import ChargebackRender
@testable import ChargebackSite
import ChargebackTestSupport
import Foundation
import Testing

/// A finalized period in the built site: archived once, deterministically,
/// readable by other tools, and never changed by later builds.
@Suite struct PeriodArchiveTests {
    static let p = BillingPeriod("2026-09")!

    /// The sample site with 2026-09 reviewed, closed and finalized.
    static func finalizedSite() throws -> SampleSite {
        let site = try SampleSite()
        try site.closeAfterReview("2026-09", rejecting: ["missing_fund_org"])
        try PeriodWorkflow(store: site.store).finalize(p, actor: "tester")
        return site
    }

    /// The files of a site that belong to period 2026-09 (its folders and its archive).
    static func periodFiles(_ root: String) throws -> [String: Data] {
        try SampleSite.files(root).filter { path, _ in
            path.hasPrefix("periods/2026-09/") || path.hasPrefix("finance/2026-09/") || path.hasPrefix("archive/openchargeback_2026-09")
                || (path.hasPrefix("pi/") && path.contains("/2026-09/"))
        }
    }

    @Test func finalizingThenBuildingTwiceGivesTheSameZip() throws {
        let site = try Self.finalizedSite()
        let one = try site.build(out: site.folder + "/one")
        try site.build(out: site.folder + "/two")
        #expect(one.periodsArchived == [Self.p])
        let zip = SitePaths.archive(Self.p)
        let first = try #require(FileManager.default.contents(atPath: site.folder + "/one/" + zip))
        let second = try #require(FileManager.default.contents(atPath: site.folder + "/two/" + zip))
        #expect(first.count > 100_000)
        #expect(first == second)
        // Nothing else of the period differs either.
        #expect(try Self.periodFiles(site.folder + "/one") == Self.periodFiles(site.folder + "/two"))
    }

    @Test func theAccessRulesStayOutOfTheArchive() throws {
        let site = try Self.finalizedSite()
        try site.build(out: site.folder + "/plain")
        site.config.site.access = SiteAccessConfig(mode: .apache, admins: ["boss@northfield.example.edu"])
        try site.build(out: site.folder + "/apache")
        #expect(FileManager.default.fileExists(atPath: site.folder + "/apache/assets/.htaccess"))
        let zip = SitePaths.archive(Self.p)
        #expect(FileManager.default.contents(atPath: site.folder + "/plain/" + zip) == FileManager.default.contents(atPath: site.folder + "/apache/" + zip),
                "the same record whatever the web server's rules")
    }

    @Test func aFrozenPeriodSurvivesALaterImportATemplateChangeAndNewSettings() throws {
        let site = try Self.finalizedSite()
        #expect(try site.build().periodsArchived == [Self.p])
        let frozen = try Self.periodFiles(site.site)
        #expect(frozen.keys.contains(SitePaths.archive(Self.p)))
        #expect(frozen.keys.contains { $0.hasSuffix(".pdf") })

        // A late import into 2026-10, a changed period template, and a setting that touches every page.
        let tags = #"{"pi_email":"amara.okafor@northfield.example.edu","project_id":"genomics-pipeline","fund_org":"410233-1001"}"#
        let late = try site.focusFile("hpc_late_2026-10.csv", rows: [
            ["2026-10-01", "2026-11-01", "2026-10-20", "2026-10-21", "USD", "Late compute", "Usage", "late job", "late-1", "late-job", "",
             "3.00", "3.00", "1.50", "1.50", tags],
        ])
        try site.ingest([late], period: "2026-10", source: "hpc")
        let content = site.folder + "/content"
        try FileManager.default.createDirectory(atPath: content, withIntermediateDirectories: true)
        let period = try String(contentsOfFile: SampleSite.root.path + "/content/period.md", encoding: .utf8)
        try (period + "\nTemplate marker v2\n").write(toFile: content + "/period.md", atomically: true, encoding: .utf8)
        var config = site.config
        config.site.contentDir = content
        config.site.trendPeriods += 1
        let rebuilt = try SiteBuild(store: site.store, config: config, options: SiteBuildOptions(out: site.site, jobs: 2)).run()

        #expect(rebuilt.periodsFrozen == [Self.p])
        #expect(rebuilt.periodsKept == [Self.p])
        #expect(rebuilt.periodsArchived.isEmpty)
        let after = try Self.periodFiles(site.site)
        #expect(Set(after.keys) == Set(frozen.keys))
        for (path, bytes) in frozen { #expect(after[path] == bytes, "\(path) of the frozen period changed") }
        // The change did reach the open period and the finance page still lists the archive.
        #expect(try site.page("periods/2026-10/index.html").contains("Template marker v2"))
        #expect(try !site.page("periods/2026-09/index.html").contains("Template marker v2"))
        let zipSHA = try #require(try FileSHA256.regularFile(site.site + "/" + SitePaths.archive(Self.p)))
        #expect(try site.page(SitePaths.finance).contains(zipSHA))
    }

    @Test func theZipOpensWithPythonAndUnzipAndItsFolderPassesSha256sum() throws {
        let site = try Self.finalizedSite()
        try site.build()
        let zip = site.site + "/" + SitePaths.archive(Self.p)
        let python = try StatementPDFSiteTests.run("/usr/bin/env", ["python3", "-c", """
            import sys, zipfile
            z = zipfile.ZipFile(sys.argv[1])
            assert z.testzip() is None
            names = z.namelist()
            assert names == sorted(names), "not sorted"
            assert all(n.startswith("openchargeback_2026-09/") for n in names)
            assert all(i.compress_type == zipfile.ZIP_STORED and i.extra == b"" for i in z.infolist())
            assert len({i.date_time for i in z.infolist()}) == 1
            print(len(names))
            """, zip])
        #expect(python.status == 0, "\(python.output)")
        #expect((Int(python.output.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0) > 30)
        #expect(try StatementPDFSiteTests.run("/usr/bin/unzip", ["-tq", zip]).status == 0)

        let extracted = site.folder + "/extracted"
        try FileManager.default.createDirectory(atPath: extracted, withIntermediateDirectories: true)
        #expect(try StatementPDFSiteTests.run("/usr/bin/unzip", ["-q", zip, "-d", extracted]).status == 0)
        let folder = extracted + "/openchargeback_2026-09"
        let sums = try StatementPDFSiteTests.run("/usr/bin/sha256sum", ["-c", "--strict", "SHA256SUMS"], in: folder)
        #expect(sums.status == 0, "\(sums.output)")
        #expect(sums.output.contains("periods/2026-09/index.html: OK"))
        #expect(sums.output.contains("inputs.sha256: OK"))
        #expect(sums.output.contains("assets/style.css: OK"))
        // The inputs list checks against the sample files themselves.
        let inputs = try StatementPDFSiteTests.run("/usr/bin/sha256sum", ["-c", folder + "/inputs.sha256"], in: SampleSite.root.path + "/sample_data")
        #expect(inputs.status == 0, "\(inputs.output)")
        #expect(inputs.output.contains("aws_2026-09.csv: OK"))
        // The checksum file beside the zip.
        #expect(try StatementPDFSiteTests.run("/usr/bin/sha256sum", ["-c", "openchargeback_2026-09.zip.sha256"], in: site.site + "/archive").status == 0)
        // And our verifier agrees, on the zip and on the folder.
        #expect(try SnapshotVerifier.verify(path: zip).isIntact)
        #expect(try SnapshotVerifier.verify(path: extracted).intact.count > 30)
    }

    @Test func theFrozenPeriodIsRenderedAndArchivedAgainWhenItsFilesAreGone() throws {
        let site = try Self.finalizedSite()
        try site.build()
        let frozen = try Self.periodFiles(site.site)
        // Someone deletes a statement from the live site (and so from what the next build keeps).
        let statement = try #require(frozen.keys.first { $0.hasSuffix("/index.html") && $0.hasPrefix("pi/") })
        try FileManager.default.removeItem(atPath: site.site + "/" + statement)
        let again = try site.build()
        #expect(again.periodsRearchived == [Self.p])
        #expect(try Self.periodFiles(site.site)[statement] == frozen[statement])
        #expect(try SnapshotVerifier.verify(path: site.site + "/" + SitePaths.archive(Self.p)).isIntact)
    }

    @Test func openAndClosedPeriodsAreNotArchived() throws {
        let site = try SampleSite()
        try site.closeAfterReview("2026-09")
        let summary = try site.build()
        #expect(summary.periodsArchived.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: site.site + "/archive"))
        #expect(try !site.page(SitePaths.finance).contains("openchargeback_2026-09.zip"))
    }
}
