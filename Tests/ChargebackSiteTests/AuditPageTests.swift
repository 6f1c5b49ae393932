import ChargebackCore
import ChargebackRender
@testable import ChargebackSite
import ChargebackTestSupport
import Crypto
import Foundation
import Testing

/// Each period's audit page and audit.json: what they show, that a hostile
/// note stays text, that the build logs the journal files it writes (once)
/// and its archives, that a change to the trail alone renders the page
/// again, and that a finalized period's archive keeps the trail.
@Suite struct AuditPageTests {
    static let hostile = "=cmd <script>alert(1)</script> | pipe\nsecond line \u{1B}[31mred"
    static let p = BillingPeriod("2026-09")!

    /// The sample site with one charge of 2026-09 approved with the hostile note, the rest decided, the period closed.
    static func reviewedSite() throws -> (SampleSite, Int64) {
        let site = try SampleSite()
        let queue = ReviewQueue(store: site.store)
        let id = try #require(try queue.pending(.init(period: p)).first?.id)
        _ = try queue.approve(ids: [id], period: nil, note: hostile, actor: "bob")
        try site.closeAfterReview("2026-09")
        return (site, id)
    }

    static func json(_ path: String) throws -> [String: Any] {
        let data = try #require(FileManager.default.contents(atPath: path))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static func buildExports(_ site: SampleSite) throws -> [JournalExportRecord] {
        try JournalExportLog(store: site.store).list(period: p).filter { $0.origin == .build }
    }

    @Test func thePageShowsWhoDidWhatWithTheNoteAsText() throws {
        let (site, id) = try Self.reviewedSite()
        try site.build()
        let html = try site.page(SitePaths.audit(Self.p))
        // The note, literally: markup escaped, the line break and the escape character each a space.
        #expect(html.contains("=cmd &lt;script&gt;alert(1)&lt;/script&gt; | pipe second line  [31mred"))
        #expect(!html.contains("<script>alert") && !html.contains("\u{1B}"))
        #expect(html.contains("bob") && html.contains(">review.approve<"))
        #expect(html.contains("<code>openchargeback log -p 2026-09</code>"))  // the period in code, not a character reference
        // Imports with their file and SHA-256; the transition; the journal files the build wrote.
        let imports = try ImportLog(site).imports
        #expect(!imports.isEmpty)
        for record in imports { #expect(html.contains(record.fileSha256) && html.contains(record.fileName)) }
        #expect(html.contains(">period.close<"))
        let exports = try Self.buildExports(site)
        // One row per journal file in the site's finance/2026-09/, with its SHA-256.
        let written = try SampleSite.files(site.site).filter { $0.key.hasPrefix("finance/2026-09/") }
        #expect(written.count >= 2 && Set(exports.map(\.path)) == Set(written.keys) && exports.count == written.count)
        for e in exports {
            #expect(html.contains(e.sha256) && e.actor == "build")
            #expect(written[e.path].map { FileDigest.hex(SHA256.hash(data: $0)) } == e.sha256)
        }
        // Linked from the period page and the finance page.
        #expect(try site.page(SitePaths.finance).contains("href=\"" + SitePaths.link(from: SitePaths.finance, to: SitePaths.audit(Self.p)) + "\""))
        #expect(try site.page(SitePaths.period(Self.p)).contains("href=\"" + SitePaths.link(from: SitePaths.period(Self.p), to: SitePaths.audit(Self.p)) + "\""))

        // audit.json: the same events as `log -p`, the note exact, money an exact decimal string.
        let json = try Self.json(site.site + "/" + SitePaths.auditJSON(Self.p))
        #expect(json["period"] as? String == "2026-09")
        let events = try #require(json["events"] as? [[String: Any]])
        let trail = try AuditTrail(store: site.store).events(AuditFilter(period: Self.p))
        #expect(events.compactMap { $0["record"] as? String } == trail.map(\.record))
        let approval = try #require(events.first { $0["action"] as? String == "review.approve" && $0["actor"] as? String == "bob" })
        #expect(approval["note"] as? String == Self.hostile)
        #expect((approval["charge_ids"] as? [Any])?.first.map { "\($0)" } == String(id))
        let billed = try #require(trail.first { $0.record == approval["record"] as? String }?.amount?.money)
        #expect(approval["amount"] as? String == MoneyFormat.plain(billed))
    }

    @Test func aRebuildWithNothingNewLogsNothingAndKeepsThePage() throws {
        let (site, _) = try Self.reviewedSite()
        try site.build()
        let logged = try Self.buildExports(site)
        let page = try site.page(SitePaths.audit(Self.p))
        let again = try site.build()
        #expect(again.periodsKept.contains(Self.p))
        // Rendered again on purpose, into another folder: the same bytes, so no new rows, and the same page.
        try site.build(out: site.folder + "/other", force: [Self.p])
        #expect(try Self.buildExports(site) == logged)
        #expect(try site.page(SitePaths.audit(Self.p), in: site.folder + "/other") == page)
    }

    @Test func aNewEntryInTheTrailAloneRendersThePageAgain() throws {
        let (site, _) = try Self.reviewedSite()
        try site.build()
        // A journal export by export-journal changes no charge, only the trail.
        try JournalExportLog(store: site.store).record(period: Self.p, format: "gl", path: "/srv/gl/journal.csv", rows: 2, debitCents: 100,
                                                       creditCents: 100, sha256: String(repeating: "e", count: 64), actor: "frank")
        let next = try site.build()
        #expect(next.periodsRendered.contains(Self.p))
        let html = try site.page(SitePaths.audit(Self.p))
        #expect(html.contains("frank") && html.contains(String(repeating: "e", count: 64)))
        // A review decision too (2026-10 still has charges awaiting review).
        let october = try #require(BillingPeriod("2026-10"))
        let pending = try #require(try ReviewQueue(store: site.store).pending(.init(period: october)).first)
        _ = try ReviewQueue(store: site.store).reject(ids: [pending.id], note: "not ours", actor: "carol")
        #expect(try site.build().periodsRendered.contains(october))
        #expect(try site.page(SitePaths.audit(october)).contains("not ours"))
        // What the build logs itself does not: a third build keeps both.
        let third = try site.build()
        #expect(third.periodsKept.contains(Self.p) && third.periodsKept.contains(october))
    }

    @Test func theArchiveKeepsTheTrailAndVerifyCatchesATamperedNote() throws {
        let (site, _) = try Self.reviewedSite()
        try PeriodWorkflow(store: site.store).finalize(Self.p, actor: "ivan")
        var options = SiteBuildOptions(out: site.site, jobs: 2)
        options.actor = "builder"
        try SiteBuild(store: site.store, config: site.config, options: options, environment: [:]).run()
        // The archive is in the ledger, with who built it.
        let archives = try ArchiveLog(store: site.store).list(period: Self.p)
        #expect(archives.count == 1 && archives.first?.actor == "builder" && archives.first?.path == SitePaths.archive(Self.p))
        #expect(try Self.buildExports(site).allSatisfy { $0.actor == "builder" })
        let zip = site.site + "/" + SitePaths.archive(Self.p)
        #expect(archives.first?.sha256 == (try FileSHA256.regularFile(zip)))
        #expect(try SnapshotVerifier.verify(path: zip).isIntact)

        let extracted = site.folder + "/unzipped"
        #expect(try StatementPDFSiteTests.run("/usr/bin/unzip", ["-q", zip, "-d", extracted]).status == 0)
        let folder = extracted + "/" + SitePaths.archiveName(Self.p)
        let json = try Self.json(folder + "/" + SitePaths.auditJSON(Self.p))
        let events = try #require(json["events"] as? [[String: Any]])
        #expect(events.contains { $0["note"] as? String == Self.hostile && $0["actor"] as? String == "bob" })
        #expect(events.contains { $0["action"] as? String == "period.finalize" && $0["actor"] as? String == "ivan" })
        let html = try String(contentsOfFile: folder + "/" + SitePaths.audit(Self.p), encoding: .utf8)
        #expect(html.contains("=cmd &lt;script&gt;alert(1)&lt;/script&gt; | pipe second line") && !html.contains("<script>alert"))

        // Someone softens the note in the archive: verify names the file.
        let path = folder + "/" + SitePaths.auditJSON(Self.p)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try text.replacingOccurrences(of: "=cmd", with: "ok, ").write(toFile: path, atomically: true, encoding: .utf8)
        let report = try SnapshotVerifier.verify(path: folder)
        #expect(report.changed == [SitePaths.auditJSON(Self.p)] && !report.isIntact)

        // Built again: frozen, nothing new logged.
        let exports = try Self.buildExports(site)
        try SiteBuild(store: site.store, config: site.config, options: options, environment: [:]).run()
        #expect(try Self.buildExports(site) == exports && (try ArchiveLog(store: site.store).list(period: Self.p)).count == 1)
    }
}

extension AuditPageTests {
    /// A site whose frozen period was archived before the audit page existed: kept as it is, and the
    /// finance page links no audit page it does not have.
    @Test func aPeriodFrozenByAnEarlierVersionKeepsItsFilesAndGetsNoLink() throws {
        let (site, _) = try Self.reviewedSite()
        try PeriodWorkflow(store: site.store).finalize(Self.p, actor: "ivan")
        try site.build()
        // What an earlier version left: no audit files, none in the build state.
        let statePath = site.site + "/" + BuildState.fileName
        var state = try #require(BuildState.read(site: site.site))
        for path in [SitePaths.audit(Self.p), SitePaths.auditJSON(Self.p)] {
            state.files[path] = nil
            try FileManager.default.removeItem(atPath: site.site + "/" + path)
        }
        try Data(try state.encoded()).write(to: URL(fileURLWithPath: statePath))
        let zip = try #require(FileManager.default.contents(atPath: site.site + "/" + SitePaths.archive(Self.p)))

        let next = try site.build()
        #expect(next.periodsFrozen == [Self.p] && next.periodsRearchived.isEmpty)
        #expect(FileManager.default.contents(atPath: site.site + "/" + SitePaths.archive(Self.p)) == zip)
        #expect(!FileManager.default.fileExists(atPath: site.site + "/" + SitePaths.audit(Self.p)))
        let finance = try site.page(SitePaths.finance)
        #expect(!finance.contains(SitePaths.link(from: SitePaths.finance, to: SitePaths.audit(Self.p))))
        let october = try #require(BillingPeriod("2026-10"))
        #expect(finance.contains(SitePaths.link(from: SitePaths.finance, to: SitePaths.audit(october))))
    }
}

/// The imports of 2026-09 as the ledger has them.
private struct ImportLog {
    let imports: [ImportRecord]
    init(_ site: SampleSite) throws {
        imports = try PeriodReports(store: site.store).report(AuditPageTests.p).imports.map(\.record)
    }
}
