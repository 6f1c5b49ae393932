import ChargebackCharts
import ChargebackCore

/// Turns reports into planned pages: each page's path, body values, charts
/// and layout header (title, breadcrumbs, banner). No I/O, no rendering.
package struct SitePages: Sendable {
    package let settings: RenderSettings

    package init(settings: RenderSettings) {
        self.settings = settings
    }

    func context(_ path: String) -> PageContext {
        PageContext(path: path, organization: settings.organization.name, contactEmail: settings.organization.contactEmail,
                    currency: settings.currency, logo: SitePaths.logo(settings.organization),
                    statements: settings.statements)
    }

    func layout(path: String, kind: PageKind, heading: String, crumbs: [(String, String?)], banner: LayoutView.Banner? = nil) -> LayoutView {
        let trail = [("Dashboard", Optional(SitePaths.dashboard))] + crumbs
        let breadcrumbs = trail.enumerated().map { index, crumb in
            LayoutView.Crumb(title: crumb.0, href: index == trail.count - 1 ? nil : crumb.1)
        }
        return LayoutView(lang: settings.site.language, title: heading + " · " + settings.siteTitle, heading: heading,
                          siteTitle: settings.siteTitle, root: SitePaths.root(of: path), kind: kind.rawValue,
                          breadcrumbs: kind == .dashboard ? [] : breadcrumbs, banner: banner, content: "",
                          contactEmail: settings.organization.contactEmail, footer: settings.footer,
                          logo: SitePaths.logo(settings.organization) ?? "")
    }

    package func dashboard(_ overview: LedgerOverview) -> PlannedPage {
        let path = SitePaths.dashboard
        let page = context(path)
        return PlannedPage(path: path, kind: .dashboard, view: DashboardView(overview: overview, page: page),
                           layout: layout(path: path, kind: .dashboard, heading: "Billing dashboard", crumbs: []),
                           charts: SiteCharts.named([SiteCharts.billedVsList(overview, page: page)]))
    }

    package func finance(_ overview: LedgerOverview, journals: [String: FinancePeriod], archives: [String: FrozenPeriod],
                         audited: Set<BillingPeriod>) -> PlannedPage {
        let path = SitePaths.finance
        return PlannedPage(path: path, kind: .finance,
                           view: FinanceView(overview: overview, journals: journals, archives: archives, audited: audited, page: context(path)),
                           layout: layout(path: path, kind: .finance, heading: "Finance", crumbs: [("Finance", nil)]))
    }

    /// `archive`: where a finalized period's snapshot will be (its SHA-256 cannot be on a page inside it).
    package func period(_ report: PeriodReport, journals: FinancePeriod, archive: String?) -> PlannedPage {
        let p = report.summary.period
        let path = SitePaths.period(p)
        let page = context(path)
        var periodView = PeriodView(report: report, journals: JournalFilesView(journals, page: page), page: page)
        periodView.archiveName = archive.map { $0.split(separator: "/").last.map(String.init) ?? $0 } ?? ""
        periodView.archiveHref = archive.map(page.link) ?? ""
        periodView.hasArchive = archive != nil
        let view = periodView
        return PlannedPage(path: path, kind: .period, view: view,
                           layout: layout(path: path, kind: .period, heading: "Period \(p)", crumbs: [("Period \(p)", nil)],
                                          banner: Self.banner(report.summary.status, period: p)))
    }

    package func review(_ report: PeriodReport) -> PlannedPage {
        let p = report.summary.period
        let path = SitePaths.review(p)
        let page = context(path)
        @Sendable func view(_ rows: TemplateRows) -> ReviewView { ReviewView(report: report, page: page, rows: rows) }
        return PlannedPage(path: path, kind: .review, view: view(.all),
                           layout: layout(path: path, kind: .review, heading: "Review: period \(p)",
                                          crumbs: [("Period \(p)", SitePaths.period(p)), ("Review", nil)],
                                          banner: Self.banner(report.summary.status, period: p)),
                           rows: TemplateRows.views(view, values: ReviewRowValues(pending: report.pending, amount: page.amount), lists: 1))
    }

    /// The period's audit trail (admins only: the access rules cover `SitePaths.audit`).
    package func audit(_ report: AuditReport, status: PeriodStatus) -> PlannedPage {
        let p = report.period
        let path = SitePaths.audit(p)
        return PlannedPage(path: path, kind: .audit, view: AuditView(report: report, status: status, page: context(path)),
                           layout: layout(path: path, kind: .audit, heading: "Audit trail: period \(p)",
                                          crumbs: [("Period \(p)", SitePaths.period(p)), ("Audit trail", nil)],
                                          banner: Self.banner(status, period: p)))
    }

    package func statement(_ report: StatementReport, slug: String, trend: [TrendPoint]) -> PlannedPage {
        let p = report.period
        let path = SitePaths.statement(slug, p)
        let page = context(path)
        let items = StatementView.items(report, page: page)
        @Sendable func view(_ rows: TemplateRows) -> StatementView {
            StatementView(report: report, slug: slug, page: page, items: items, rows: rows)
        }
        return PlannedPage(path: path, kind: .statement, view: view(.all),
                           layout: layout(path: path, kind: .statement, heading: "Statement \(p): \(report.piEmail)",
                                          crumbs: [(report.piEmail, SitePaths.piHistory(slug)), (p.description, nil)],
                                          banner: Self.banner(report.status, period: p)),
                           charts: SiteCharts.named([SiteCharts.trend(trend, pi: report.piEmail, page: page)]),
                           rows: TemplateRows.views(view, values: StatementRowValues(projects: items, amount: page.amount),
                                                    lists: items.count))
    }

    package func piHistory(_ pi: LedgerOverview.PI, slug: String, statuses: [BillingPeriod: PeriodStatus], trend: [TrendPoint]) -> PlannedPage {
        let path = SitePaths.piHistory(slug)
        let page = context(path)
        return PlannedPage(path: path, kind: .pi, view: PIHistoryView(pi: pi, slug: slug, statuses: statuses, page: page),
                           layout: layout(path: path, kind: .pi, heading: pi.piEmail, crumbs: [(pi.piEmail, nil)]),
                           charts: SiteCharts.named([SiteCharts.trend(trend, pi: pi.piEmail, page: page)]))
    }

    /// The banner above a page of this period: a draft must be unmistakable.
    static func banner(_ status: PeriodStatus, period: BillingPeriod) -> LayoutView.Banner? {
        switch status {
        case .open: .init(kind: "draft", text: "DRAFT: period \(period) is open. Amounts may still change.")
        case .closed: .init(kind: "closed", text: "Period \(period) is closed, pending finalization. Amounts are not final yet.")
        case .finalized: nil
        }
    }
}
