import ChargebackCore

/// The PDF statements of one period, rendered in memory exactly as `build`
/// and `generate` render them (same templates, images, issue date and trend,
/// so the same bytes): one per project of a PI's statement.
package struct PeriodStatementPDFs: Sendable {
    package let pdfs: StatementPDFs
    package let issued: String
    let trends: TrendTable
    /// The statement template's warnings (raw HTML the PDF leaves out), each naming the file and line.
    package let warnings: [String]

    /// `trends`: every PI's amount due for the periods the period's trend charts show.
    package init(settings: RenderSettings, builtin: String, record: PeriodRecord, trends: TrendTable) throws {
        self.trends = trends
        let templates = try SiteTemplates(sources: SiteSources(settings: settings, builtin: builtin), settings: settings)
        let images = try StatementImages(assets: templates.assets, organization: settings.organization)
        pdfs = StatementPDFs(renderer: PageRenderer(templates: templates), pages: SitePages(settings: settings),
                             settings: settings, images: images)
        issued = StatementPDFs.issued(record)
        warnings = templates.warnings
    }

    /// Each project of `statement` with its PDF, in the statement's project order.
    package func render(_ statement: StatementReport) throws -> [(project: StatementReport.Project, bytes: [UInt8])] {
        let slug = PISlug.make(statement.piEmail)
        let trend = trends.points(piEmail: statement.piEmail, slug: slug, endingAt: statement.period)
        return try statement.projects.map { project in
            (project, try pdfs.make(statement, project: project, slug: slug, issued: issued, trend: trend))
        }
    }

    /// One project's PDF of `statement`, handed to `write` in pieces as it is made.
    package func render(_ statement: StatementReport, project: StatementReport.Project,
                        to write: (UnsafeBufferPointer<UInt8>) -> Void) throws {
        let slug = PISlug.make(statement.piEmail)
        let trend = trends.points(piEmail: statement.piEmail, slug: slug, endingAt: statement.period)
        try pdfs.make(statement, project: project, slug: slug, issued: issued, trend: trend, to: write)
    }

    /// For `generate` and `notify`: the trend read from the ledger, only the periods it shows.
    package static func load(store: LedgerStore, settings: RenderSettings, builtin: String, period: BillingPeriod,
                             record: PeriodRecord) throws -> PeriodStatementPDFs {
        let overview = try LedgerOverview.load(store: store, trendEndingAt: period, window: settings.site.trendPeriods)
        return try PeriodStatementPDFs(settings: settings, builtin: builtin, record: record,
                                       trends: TrendTable(overview: overview, window: settings.site.trendPeriods))
    }
}
