import ChargebackCore
import ChargebackMarkdown
@testable import ChargebackRender
import ChargebackTestSupport
import Testing

/// docs/templates.md lists every variable each page template receives, and
/// the template blocks and charts it may use: a view that gains a field the
/// page does not list (or loses one it lists) fails here.
@Suite struct TemplateDocTests {
    /// One of each view, from the sample ledger, with every list and optional filled.
    static func samples() throws -> [(String, Any)] {
        let site = try SampleSite()
        let settings = RenderSettings(config: site.config)
        let pages = SitePages(settings: settings)
        let p = try #require(BillingPeriod("2026-10"))
        let overview = try LedgerOverview.load(store: site.store)
        let report = try PeriodReports(store: site.store).report(p)
        let file = FinancePeriod.File(format: "gl", name: "journal_2026-10_gl_DRAFT.csv", path: "finance/2026-10/journal_2026-10_gl_DRAFT.csv",
                                      bytes: 10, sha256: "ab", rows: 2, debitCents: 100, creditCents: 100)
        let finance = FinancePeriod(files: [file], statementsCents: 100, problems: ["no fund/org"])
        let page = pages.context(SitePaths.period(p))
        var period = PeriodView(report: report, journals: JournalFilesView(finance, page: page), page: page)
        period.notices = [PeriodView.NoticeRow(pi: "a@x.edu", href: "h", notified: "n", lastAttempt: "t", result: "sent", detail: "d", actor: "x")]
        let statements = try StatementReports(store: site.store).load(p)
        // A statement with credits, references and more than one project.
        let statement = try #require(statements.first { report in
            report.projects.count > 1 && report.projects.contains { $0.lines.contains { $0.kind != .charge } && !$0.references.isEmpty }
        } ?? statements.first { $0.projects.contains { $0.lines.contains { $0.kind != .charge } } })
        let slug = PISlug.make(statement.piEmail)
        let statementPage = pages.statement(statement, slug: slug, trend: [])
        let pi = try #require(overview.pis.first { $0.piEmail == statement.piEmail })
        let statuses = Dictionary(uniqueKeysWithValues: overview.periods.map { ($0.period, $0.record.status) })
        let archive = FrozenPeriod(archive: SitePaths.archive(p), bytes: 1, sha256: "cd", files: 3)
        // One event of every kind, with a note, a file and a charge: every list of the audit page filled.
        let events = AuditKind.allCases.map {
            AuditEvent(kind: $0, action: $0.rawValue, at: "2026-11-03T14:05:09Z", actor: "ann", period: "2026-10", chargeIDs: [7],
                       amounts: [AuditAmount("billed", Money(nanos: 1_000_000_000))], file: "f.csv", sha256: "ab", note: "n",
                       message: "m", table: "audit_log", rowID: 1)
        }
        let audit = AuditView(report: AuditReport(period: p, events: events), status: .open, page: pages.context(SitePaths.audit(p)))
        return [
            ("dashboard.md", DashboardView(overview: overview, page: pages.context(SitePaths.dashboard))),
            ("audit.md", audit),
            ("period.md", period),
            ("review.md", ReviewView(report: report, page: page)),
            ("statement.md", statementPage.view),
            ("pi.md", PIHistoryView(pi: pi, slug: slug, statuses: statuses, page: pages.context(SitePaths.piHistory(slug)))),
            ("finance.md", FinanceView(overview: overview, journals: ["2026-10": finance], archives: ["2026-10": archive], audited: [p],
                                       page: pages.context(SitePaths.finance))),
            ("layouts/KIND.html", statementPage.layout),
        ]
    }

    @Test func everyVariableOfEveryPageIsListedAndNothingElse() throws {
        for (name, view) in try Self.samples() {
            var unseen: [String] = []
            let paths = Set(TemplateDoc.paths(of: view, unseen: &unseen))
            #expect(unseen.isEmpty, "\(name): the sample has nothing in \(unseen); give it some")
            let listed = try TemplateDoc.variables(name)
            #expect(paths.subtracting(listed).isEmpty, "\(name): not in docs/templates.md: \(paths.subtracting(listed).sorted())")
            #expect(listed.subtracting(paths).isEmpty, "\(name): docs/templates.md lists what the page does not get: \(listed.subtracting(paths).sorted())")
        }
    }

    @Test func everyPageListsItsCharts() throws {
        for kind in PageKind.allCases {
            let listed = try TemplateDoc.blocks(kind.rawValue + ".md").filter { $0.hasPrefix("::: chart ") }
            #expect(listed == Set(kind.charts.map { "::: chart \($0.rawValue)" }), "\(kind.rawValue).md")
        }
    }

    @Test func everyTemplateBlockIsDocumented() throws {
        let listed = try TemplateDoc.blocks("Template blocks")
        #expect(listed == Set(TemplateBlockKind.allCases.map { "::: " + $0.rawValue }))
    }
}
