import ChargebackCore
import ChargebackPDF

/// A project's PDF statement: the statement template rendered for that
/// project alone (the same document the page is made from), walked into
/// blocks (`DocumentBlocks`) and typeset (`PDFStatement`).
package struct StatementPDFs: Sendable {
    package let renderer: PageRenderer
    package let pages: SitePages
    package let settings: RenderSettings
    package let images: StatementImages

    package init(renderer: PageRenderer, pages: SitePages, settings: RenderSettings, images: StatementImages) {
        self.renderer = renderer
        self.pages = pages
        self.settings = settings
        self.images = images
    }

    /// `issued`: when the period's data last changed state (ISO 8601), the
    /// PDF's creation date, so two builds give the same bytes. `trend`: the
    /// PI's amount due per period, the chart the web page shows.
    package func make(_ statement: StatementReport, project: StatementReport.Project, slug: String, issued: String,
                      trend: [TrendPoint]) throws -> [UInt8] {
        var bytes: [UInt8] = []
        try make(statement, project: project, slug: slug, issued: issued, trend: trend) { bytes += $0 }
        return bytes
    }

    /// The same PDF handed to `write` in pieces as it is made (a long project's goes to its file, never held whole).
    package func make(_ statement: StatementReport, project: StatementReport.Project, slug: String, issued: String,
                      trend: [TrendPoint], to write: (UnsafeBufferPointer<UInt8>) -> Void) throws {
        let one = statement.only(project)
        let period = statement.period.description
        let heading = PDFBlock.heading(level: 1, [PDFSpan("Statement \(period): \(statement.piEmail)")])
        let page = pages.statement(one, slug: slug, trend: trend)
        let info = PDFDocumentInfo(
            pageSize: settings.pdf.pageSize == .letter ? .letter : .a4, margin: Double(settings.pdf.marginMM) * 72 / 25.4,
            title: "Statement \(project.statementId): \(project.projectId), \(period)", organization: settings.organization.name,
            subject: "Period \(period), PI \(statement.piEmail), project \(project.projectId)",
            statementId: project.statementId, period: period, creationDate: issued, isDraft: statement.status == .open)
        // A letterhead (the `::: letterhead` block, or images at the template's top) stays above the heading.
        let content = DocumentBlocks.content(renderer.document(page), charts: page.charts)
        let leadingImages = content.body.prefix { if case .image = $0 { true } else { false } }
        let letterhead = content.letterhead + leadingImages
        try PDFStatement.render(letterhead + [heading] + content.body.dropFirst(leadingImages.count), info: info,
                                images: images.linked(from: SitePaths.statement(slug, statement.period)), to: write)
    }

    /// What a project's PDF is made from: its rows, the issue date and the trend it shows.
    package static func input(_ one: StatementReport, issued: String, trend: [TrendPoint]) -> String {
        one.contentDigest + "|" + issued + "|" + TrendTable.digest(trend, extra: [])
    }

    /// A period record's latest state change, as `PDFDocumentInfo.creationDate` wants it.
    package static func issued(_ record: PeriodRecord) -> String {
        String((record.finalizedAt ?? record.closedAt ?? record.reopenedAt ?? record.openedAt).prefix(19))
    }
}
