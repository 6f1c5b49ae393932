import ChargebackCore
import ChargebackRender

/// One period rendered: its journal files, its admin pages, every statement
/// that changed (page, CSV download, a PDF per project); a finalized one is
/// then archived, and frozen from now on.
struct PeriodRendering: Sendable {
    let store: LedgerStore
    let inputs: SiteInputs
    let writer: PageWriter

    func render(_ p: BillingPeriod, archive: Bool) throws -> PeriodOutcome {
        // Two read transactions at once (WAL): the period report's GROUP BYs beside the statements' sorted scan.
        let reading = BackgroundWork { [store] in try PeriodReports(store: store).report(p) }
        let statements: [StatementReport]
        do {
            statements = try StatementReports(store: store).load(p)
        } catch {
            _ = try? reading.wait()
            throw error
        }
        let report = try reading.wait()
        let details = try writer.map(statements.count) { inputs.journals.files.detail(statements[$0]) }
        let finance = try inputs.journals.write(statements, details: details, period: p, status: report.summary.status, output: writer.output)
        try writer.renderAlways([inputs.pages.period(report, journals: finance, archive: archive ? SitePaths.archive(p) : nil),
                                 inputs.pages.review(report)], period: p)
        writer.progress.start("build \(p)", verb: "rendered", unit: .items("statements"), total: Int64(statements.count))
        try writer.renderStatements(statements, details: details, pages: inputs.pages, trends: inputs.trends, pdfs: inputs.pdfs,
                                    issued: StatementPDFs.issued(report.record))
        writer.progress.finish()
        let frozen = archive
            ? try PeriodArchive.write(p, inputs: report.imports, finalizedAt: report.record.finalizedAt, output: writer.output)
            : nil
        return PeriodOutcome(finance: finance, frozen: frozen)
    }
}
