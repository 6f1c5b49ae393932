import ChargebackCore
import ChargebackRender

/// One period rendered: its journal files (logged in the ledger), its admin
/// pages (period, review, audit trail and its JSON), every statement
/// that changed (page, CSV download, a PDF per project); a finalized one is
/// then archived, and frozen from now on.
///
/// Statements are read a batch of PIs at a time off one sorted scan, rendered
/// and let go: peak memory follows the largest batch, not the period.
struct PeriodRendering: Sendable {
    let store: LedgerStore
    let inputs: SiteInputs
    let writer: PageWriter
    /// Who ran the build: the actor of the journal files it records.
    let actor: String
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
            let reports = StatementReports(store: store)
            writer.progress.start("build \(p)", verb: "rendered", unit: .items("statements"), total: Int64(try reports.count(p)))
            defer { writer.progress.finish() }
            // Read, added to the journals in order, and queued: rendering runs behind the reading, `batch` statements at most.
            _ = try WorkQueue<Void>.run(jobs: writer.jobs, limit: batch) { work in
                try reports.forEachBatch(p, size: batch) { statements in
                    try writer.renderStatements(statements, journals: journals, pages: inputs.pages, trends: inputs.trends,
                                                pdfs: inputs.pdfs, issued: issued, on: work)
                }
            }
            finance = try journals.finish()
        } catch {
            _ = try? reading.wait()
            throw error
        }
        let report = try reading.wait()
        // Logged as written (before the audit page is rendered, so it lists them), by their path in the site:
        // unchanged bytes add no row, whichever folder the site is built into, so the same ledger gives the same pages.
        try JournalExportLog(store: store).recordBuild(period: p, files: finance.files.map {
            .init(format: $0.format, path: $0.path, rows: $0.rows, debitCents: $0.debitCents, creditCents: $0.creditCents,
                  sha256: $0.sha256)
        }, actor: actor)
        let audit = try PeriodAudit(store: store, pages: inputs.pages).plan(p, status: report.summary.status)
        try writer.renderAlways([inputs.pages.period(report, journals: finance, archive: archive ? SitePaths.archive(p) : nil),
                                 inputs.pages.review(report), audit.page], period: p)
        try writer.output.write(audit.json, to: SitePaths.auditJSON(p), input: "", period: p.description)
        let frozen = archive
            ? try PeriodArchive.write(p, inputs: report.imports, finalizedAt: report.record.finalizedAt, output: writer.output)
            : nil
        return PeriodOutcome(finance: finance, frozen: frozen)
    }
}
