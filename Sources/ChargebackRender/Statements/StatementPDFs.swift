import ChargebackCore
import ChargebackPDF

/// A project's PDF statement: the statement template rendered for that
/// project alone (the same document the page is made from), walked into
/// blocks (`DocumentBlocks`) and typeset (`PDFStatement`).
package struct StatementPDFs: Sendable {
    package let renderer: PageRenderer
    package let pages: SitePages
    package let config: AppConfig
    package let images: StatementImages

    package init(renderer: PageRenderer, pages: SitePages, config: AppConfig, images: StatementImages) {
        self.renderer = renderer
        self.pages = pages
        self.config = config
        self.images = images
    }

    /// The settings that shape every PDF (for the build's digest).
    package static func settingsText(_ pdf: PDFConfig) -> String { "pdf \(pdf.pageSize.rawValue) \(pdf.marginMM)mm" }
    // The logo's bytes are in the templates' digest (it is an asset).

    /// `issued`: when the period's data last changed state (ISO 8601), the
    /// PDF's creation date, so two builds give the same bytes.
    package func make(_ statement: StatementReport, project: StatementReport.Project, slug: String, issued: String) throws -> [UInt8] {
        let one = statement.only(project)
        let period = statement.period.description
        let heading = PDFBlock.heading(level: 1, [PDFSpan("Statement \(period): \(statement.piEmail)")])
        let page = pages.statement(one, slug: slug, trend: [])
        let info = PDFDocumentInfo(
            pageSize: config.pdf.pageSize == .letter ? .letter : .a4, margin: Double(config.pdf.marginMM) * 72 / 25.4,
            title: "Statement \(project.statementId): \(project.projectId), \(period)", organization: config.organization.name,
            subject: "Period \(period), PI \(statement.piEmail), project \(project.projectId)",
            statementId: project.statementId, period: period, creationDate: issued, isDraft: statement.status == .open)
        // A letterhead (the `::: letterhead` block, or images at the template's top) stays above the heading.
        let content = DocumentBlocks.content(renderer.document(page), charts: page.charts)
        let leadingImages = content.body.prefix { if case .image = $0 { true } else { false } }
        let letterhead = content.letterhead + leadingImages
        return try PDFStatement.render(letterhead + [heading] + content.body.dropFirst(leadingImages.count), info: info,
                                       images: images.linked(from: SitePaths.statement(slug, statement.period)))
    }

    /// A period record's latest state change, as `PDFDocumentInfo.creationDate` wants it.
    package static func issued(_ record: PeriodRecord) -> String {
        String((record.finalizedAt ?? record.closedAt ?? record.reopenedAt ?? record.openedAt).prefix(19))
    }
}
