import ChargebackCore
import ChargebackRender
@testable import ChargebackSite
import ChargebackTestSupport
import Foundation
import Testing

/// Determinism, atomic replacement, incremental rebuilds and overrides.
@Suite struct SiteBuildTests {
    @Test func twoBuildsOfTheSameLedgerAreByteIdentical() throws {
        let site = try SampleSite()
        try site.build(out: site.folder + "/one")
        try site.build(out: site.folder + "/two")
        let one = try SampleSite.files(site.folder + "/one")
        let two = try SampleSite.files(site.folder + "/two")
        #expect(one.count > 30)
        #expect(Set(one.keys) == Set(two.keys))
        for (path, bytes) in one { #expect(two[path] == bytes, "\(path) differs") }
    }

    @Test func aRebuildKeepsUnchangedPagesAndRendersChangedOnes() throws {
        let site = try SampleSite()
        let first = try site.build()
        #expect(first.filesKept == 0)
        #expect(first.periodsRendered.map(\.description) == ["2026-09", "2026-10"])
        let before = try SampleSite.files(site.site)

        // Nothing changed: every period kept, only site-wide pages written again.
        let again = try site.build()
        #expect(again.periodsKept.map(\.description) == ["2026-09", "2026-10"])
        #expect(again.periodsRendered.isEmpty)
        #expect(try SampleSite.files(site.site) == before)

        // A late import for one PI in 2026-10: 2026-09 is kept, and of 2026-10
        // only that PI's statement (and history page) is rendered again.
        let tags = #"{"pi_email":"amara.okafor@northfield.example.edu","project_id":"genomics-pipeline","fund_org":"410233-1001"}"#
        let late = try site.focusFile("hpc_late_2026-10.csv", rows: [
            ["2026-10-01", "2026-11-01", "2026-10-20", "2026-10-21", "USD", "Late compute", "Usage", "late job", "late-1", "late-job", "",
             "3.00", "3.00", "1.50", "1.50", tags],
        ])
        try site.ingest([late], period: "2026-10", source: "hpc")
        let third = try site.build()
        #expect(third.periodsKept.map(\.description) == ["2026-09"])
        #expect(third.periodsRendered.map(\.description) == ["2026-10"])
        let after = try SampleSite.files(site.site)
        let amara = SitePaths.statement(PISlug.make("amara.okafor@northfield.example.edu"), try #require(BillingPeriod("2026-10")))
        #expect(after[amara] != before[amara])
        #expect(String(decoding: after[amara] ?? Data(), as: UTF8.self).contains("late-job"))
        let other = SitePaths.statement(PISlug.make("liang.chen@northfield.example.edu"), try #require(BillingPeriod("2026-10")))
        #expect(after[other] == before[other])
        // Statements written: amara's page and CSV; the rest kept.
        let statementsWritten = third.filesWritten
        #expect(statementsWritten < first.filesWritten / 2, "wrote \(statementsWritten) of \(first.filesWritten)")
        // And the result is what a build from scratch gives.
        try site.build(out: site.folder + "/fresh")
        let fresh = try SampleSite.files(site.folder + "/fresh")
        #expect(Set(fresh.keys) == Set(after.keys))
        for (path, bytes) in fresh { #expect(after[path] == bytes, "\(path) differs from a fresh build") }
    }

    @Test func aRecycledStagingFolderEndsUpExactlyLikeAFreshBuild() throws {
        // The third build writes into the first build's tree (kept as .site.previous
        // by the second): what it no longer makes must go, what changed must change.
        let site = try SampleSite()
        let theme = site.folder + "/themes/default/assets"
        try FileManager.default.createDirectory(atPath: theme, withIntermediateDirectories: true)
        try "/* dropped later */\n".write(toFile: theme + "/extra.css", atomically: true, encoding: .utf8)
        var config = site.config
        config.site.themesDir = site.folder + "/themes"
        func build(_ out: String? = nil) throws -> SiteBuildSummary {
            try SiteBuild(store: site.store, config: config, options: SiteBuildOptions(out: out ?? site.site, jobs: 2)).run()
        }
        try build()
        #expect(FileManager.default.fileExists(atPath: site.site + "/assets/extra.css"))
        try FileManager.default.removeItem(atPath: theme + "/extra.css")
        try build()
        #expect(FileManager.default.fileExists(atPath: site.folder + "/.site.previous/assets/extra.css"))

        try site.closeAfterReview("2026-09", rejecting: ["missing_fund_org"])
        let third = try build()
        #expect(third.periodsRendered.map(\.description).contains("2026-09"))
        let after = try SampleSite.files(site.site)
        #expect(after["assets/extra.css"] == nil)
        #expect(!after.keys.contains { $0.hasPrefix("finance/2026-09/") && $0.contains("_DRAFT") })
        #expect(after.keys.contains("finance/2026-09/journal_2026-09_gl.csv"))
        #expect(!FileManager.default.fileExists(atPath: site.folder + "/.site.staging"))
        #expect(FileManager.default.fileExists(atPath: site.folder + "/.site.previous/assets/style.css"))

        try build(site.folder + "/fresh")
        let fresh = try SampleSite.files(site.folder + "/fresh")
        #expect(Set(fresh.keys) == Set(after.keys))
        for (path, bytes) in fresh { #expect(after[path] == bytes, "\(path) differs from a fresh build") }
        // No folder left empty by what was deleted.
        let walker = FileManager.default.enumerator(atPath: site.site)
        while let rel = walker?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: site.site + "/" + rel, isDirectory: &isDirectory), isDirectory.boolValue {
                #expect(!(try FileManager.default.contentsOfDirectory(atPath: site.site + "/" + rel)).isEmpty, "\(rel) is empty")
            }
        }
    }

    /// The cache key is the render settings: a setting the renderers read makes the site again
    /// (here the PDF margin), one they do not read (the SMTP server) keeps every page.
    @Test func aRenderSettingRendersAgainAnyOtherSettingDoesNot() throws {
        let site = try SampleSite()
        var config = site.config
        func build() throws -> SiteBuildSummary {
            try SiteBuild(store: site.store, config: config, options: SiteBuildOptions(out: site.site, jobs: 2)).run()
        }
        try build()
        let pdf = SitePaths.statementPDF(PISlug.make("amara.okafor@northfield.example.edu"), try #require(BillingPeriod("2026-10")),
                                         project: "genomics-pipeline")
        let before = try SampleSite.files(site.site)

        config.smtp.host = "mail.northfield.example.edu"
        let other = try build()
        #expect(other.periodsRendered.isEmpty && other.periodsKept.count == 2)
        #expect(try SampleSite.files(site.site) == before)

        config.pdf.marginMM += 5
        let margin = try build()
        #expect(margin.periodsRendered.map(\.description) == ["2026-09", "2026-10"])
        let after = try SampleSite.files(site.site)
        #expect(after[pdf] != before[pdf], "the PDF is typeset again with the new margin")
        #expect(after[SitePaths.dashboard] == before[SitePaths.dashboard], "a page that does not show the setting comes out the same")
    }

    @Test func keptFilesAreNeverWrittenThrough() throws {
        // Kept files are hard links to the previous site: a rebuild that
        // replaces one must not change the old copy (a reader may hold it).
        let site = try SampleSite()
        try site.build()
        let path = site.site + "/" + SitePaths.dashboard
        let handle = try #require(FileHandle(forReadingAtPath: path))
        let old = try #require(try handle.readToEnd())
        try site.closeAfterReview("2026-09")
        try site.build()
        try handle.seek(toOffset: 0)
        #expect(try handle.readToEnd() == old)
        #expect(try site.page(SitePaths.dashboard) != String(decoding: old, as: UTF8.self))
    }

    @Test func refusesToReplaceAFolderItDidNotBuild() throws {
        let site = try SampleSite(periods: [])
        let precious = site.folder + "/precious"
        try FileManager.default.createDirectory(atPath: precious, withIntermediateDirectories: true)
        try "keep me".write(toFile: precious + "/thesis.tex", atomically: true, encoding: .utf8)
        #expect(throws: SiteError.self) { try site.build(out: precious) }
        #expect(try String(contentsOfFile: precious + "/thesis.tex", encoding: .utf8) == "keep me")
        #expect(!FileManager.default.fileExists(atPath: site.folder + "/.precious.staging"))
    }

    @Test func aLocalContentFileAndAssetOverrideTheBuiltInOnes() throws {
        let site = try SampleSite(periods: ["2026-09"], extraConfig: "")
        let local = site.folder + "/local"
        try FileManager.default.createDirectory(atPath: local + "/content", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: local + "/themes/default/assets", withIntermediateDirectories: true)
        try "{{% CONTENT_TYPE: MARKDOWN}}\n# Our own finance page\n\n{{#periods}}\n- {{period}}\n{{/periods}}\n"
            .write(toFile: local + "/content/finance.md", atomically: true, encoding: .utf8)
        try "body { color: rebeccapurple; }\n".write(toFile: local + "/themes/default/assets/style.css", atomically: true, encoding: .utf8)
        var config = site.config
        config.site.contentDir = local + "/content"
        config.site.themesDir = local + "/themes"
        _ = try SiteBuild(store: site.store, config: config, options: SiteBuildOptions(out: site.site, jobs: 2)).run()
        #expect(try site.page(SitePaths.finance).contains("Our own finance page"))
        #expect(try site.page("assets/style.css") == "body { color: rebeccapurple; }\n")
        // Files not overridden still come from the built-in theme.
        #expect(try site.page(SitePaths.dashboard).contains("Billing dashboard"))
        #expect(FileManager.default.fileExists(atPath: site.site + "/assets/site.js"))
    }

    @Test func aBrokenTemplateNamesItsFileLineAndColumn() throws {
        let site = try SampleSite(periods: [])
        let local = site.folder + "/content"
        try FileManager.default.createDirectory(atPath: local, withIntermediateDirectories: true)
        try "{{% CONTENT_TYPE: MARKDOWN}}\nfine\n{{#periods}}\nnever closed\n".write(toFile: local + "/finance.md", atomically: true, encoding: .utf8)
        var config = site.config
        config.site.contentDir = local
        do {
            _ = try SiteBuild(store: site.store, config: config, options: SiteBuildOptions(out: site.site)).run()
            Issue.record("a broken template built")
        } catch let error as SiteError {
            #expect(error.description.hasPrefix(local + "/finance.md:"))
            #expect(!FileManager.default.fileExists(atPath: site.site))
        }
    }
}

@Suite struct LayoutEscapingTests {
    @Test func aQuoteWithACombiningMarkCannotLeaveALayoutAttribute() throws {
        // The site title lands in text and the contact address in href and text.
        let site = try SampleSite(periods: [])
        var config = site.config
        let hostile = "x\"\u{301} onmouseover=alert(1) y='\u{301}"
        config.site.title = hostile
        _ = try SiteBuild(store: site.store, config: config, options: SiteBuildOptions(out: site.site, jobs: 1)).run()
        let html = try site.page(SitePaths.dashboard)
        #expect(!html.contains("\"\u{301}") && !html.contains("'\u{301}"))
        #expect(html.contains("x&quot;\u{301} onmouseover=alert(1) y=&#39;\u{301}"))
    }
}
