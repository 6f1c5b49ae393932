import ChargebackCore
import ChargebackRender

/// One period rendered: its journal files, its admin pages, every statement
/// that changed (page, CSV download, a PDF per project); a finalized one is
/// then archived, and frozen from now on.
///
/// Statements are read a batch of PIs at a time off one sorted scan, rendered
/// and let go: peak memory follows the largest batch, not the period.
struct PeriodRendering: Sendable {
    let store: LedgerStore
    let inputs: SiteInputs
    let writer: PageWriter
    /// PIs per batch (`SiteBuildOptions.statementsPerBatch`).
    let batch: Int

    func render(_ p: BillingPeriod, archive: Bool) throws -> PeriodOutcome {
        guard let record = inputs.overview.periods.first(where: { $0.period == p })?.record else { throw LedgerError.unknownPeriod(p) }
        // Two read transactions at once (WAL): the period report's GROUP BYs beside the statements' sorted scan.
        let reading = BackgroundWork { [store] in try PeriodReports(store: store).report(p) }
        let finance: FinancePeriod
        do {
            let journals = try inputs.journals.start(p, status: record.status, output: writer.output)
            let issued = StatementPDFs.issued(record)
            try StatementReports(store: store).forEachBatch(p, size: batch) { statements in
                let details = try writer.map(statements.count) { inputs.journals.files.detail(statements[$0]) }
                try journals.add(statements, details: details)
                try writer.renderStatements(statements, details: details, pages: inputs.pages, trends: inputs.trends, pdfs: inputs.pdfs,
                                            issued: issued)
            }
            finance = try journals.finish()
        } catch {
            _ = try? reading.wait()
            throw error
        }
        let report = try reading.wait()
        try writer.renderAlways([inputs.pages.period(report, journals: finance, archive: archive ? SitePaths.archive(p) : nil),
                                 inputs.pages.review(report)], period: p)
        let frozen = archive
            ? try PeriodArchive.write(p, inputs: report.imports, finalizedAt: report.record.finalizedAt, output: writer.output)
            : nil
        return PeriodOutcome(finance: finance, frozen: frozen)
    }
}
