import ChargebackCore

/// The PDF statements of one period, rendered in memory exactly as `build`
/// and `generate` render them (same templates, images and issue date, so
/// the same bytes): one per project of a PI's statement.
package struct PeriodStatementPDFs: Sendable {
    package let pdfs: StatementPDFs
    package let issued: String
    /// The statement template's warnings (raw HTML the PDF leaves out), each naming the file and line.
    package let warnings: [String]

    package init(settings: RenderSettings, builtin: String, record: PeriodRecord) throws {
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
        return try statement.projects.map { project in
            (project, try pdfs.make(statement, project: project, slug: slug, issued: issued))
        }
    }
}
