import ChargebackCore
import ChargebackRender
import Dispatch
import Foundation

/// Renders planned pages on several threads and hands the bytes to
/// `SiteOutput`; pages whose inputs did not change are kept instead.
struct PageWriter: Sendable {
    let output: SiteOutput
    let renderer: PageRenderer
    let jobs: Int
    let progress: any ProgressReporter
    /// False only for `scripts/bench scale` (`OPENCHARGEBACK_BENCH_NO_PDFS`): the site's pages without their PDFs, timed against Hugo.
    var makesPDFs = true

    func copyAssets(_ assets: [(relative: String, source: String)]) throws {
        for asset in assets {
            guard let data = FileManager.default.contents(atPath: asset.source) else {
                throw SiteError.io(path: asset.source, message: "cannot read")
            }
            try output.write(Array(data), to: "assets/" + asset.relative, input: "", period: nil)
        }
    }

    /// Keeps every file the previous build made for `p`. False when the
    /// previous site lacks any of them (the period is then rendered).
    func keepPeriod(_ p: BillingPeriod) throws -> Bool {
        let files = output.previousFiles(period: p.description)
        guard !files.isEmpty else { return false }
        for (path, entry) in files where try !output.keep(path, entry: entry) { return false }
        return true
    }

    /// Pages rendered on every build (cheap, or showing every period).
    func renderAlways(_ pages: [PlannedPage], period: BillingPeriod? = nil) throws {
        try parallel(pages.count) { i in
            try write(pages[i], input: "", period: period?.description)
        }
    }

    /// `page` written to its path as it is made: a statement in detail lists a hundred thousand
    /// charges, a large period's review page tens of thousands (`PageRenderer.write`).
    private func write(_ page: PlannedPage, input: String, period: String?) throws {
        try stream(to: page.path, input: input, period: period) { write in
            renderer.write(page) { chunk in chunk.withUnsafeBytes(write) }
        }
    }

    /// A file whose bytes `make` hands over in pieces as it makes them, each written at once; the first
    /// write error stops the writing and is thrown when `make` returns.
    private func stream(to path: String, input: String, period: String?,
                        _ make: (_ write: (UnsafeRawBufferPointer) -> Void) throws -> Void) throws {
        let stream = try output.stream(to: path)
        var failure: SiteError?
        try make { chunk in
            guard failure == nil else { return }
            do throws(SiteError) { try stream.append(chunk) } catch { failure = error }
        }
        if let failure { throw failure }
        _ = output.finish(stream, input: input, period: period)
    }

    /// `body` applied to 0..<count on `jobs` threads, results in order.
    func map<T: Sendable>(_ count: Int, _ body: @Sendable (Int) throws -> T) throws -> [T] {
        try Parallel.map(count, jobs: jobs, body)
    }

    /// A statement with more charges has its CSV rows made this many at a time on the reading thread,
    /// never whole (the busiest statement's CSV held 48 MB at 3,000,000 rows, heaptrack); the others'
    /// are made beforehand on `jobs` threads (`SiteBuildOptions.csvRowsPerChunk`).
    var csvRowsPerChunk = 8192

    /// Statement pages, their CSV downloads and one PDF per project, each kept when
    /// its input did not change. Each statement's CSV rows go to `journals` in PI order
    /// and to its download here; the page and PDFs are queued on `work` a statement at
    /// a time (a long one does not hold up the rest). Each PI's statement done advances `progress`.
    func renderStatements(_ statements: [StatementReport], journals: PeriodJournals.Writing, pages: SitePages, trends: TrendTable,
                          pdfs: StatementPDFs, issued: String, on work: WorkQueue<Void>) throws {
        let files = journals.files
        for run in Self.csvRuns(statements.map(\.totals.rows), rowsPerChunk: csvRowsPerChunk) {
            // A run's CSV rows made beforehand on `jobs` threads; a long statement's (a run of its own) in chunks below.
            var details = try map(run.count) { k in
                statements[run.lowerBound + k].totals.rows <= csvRowsPerChunk ? files.detail(statements[run.lowerBound + k]) : nil
            }
            for (k, i) in run.enumerated() {
                try renderStatement(statements[i], detail: details[k], journals: journals, pages: pages, trends: trends, pdfs: pdfs,
                                    issued: issued, on: work)
                details[k] = nil
            }
        }
    }

    /// Consecutive statements whose CSV rows are made together: as many as fit in `rowsPerChunk` rows
    /// (at least one). A batch of 32 PIs of a 3,000,000-row period is ~50,000 rows (15 MB at once,
    /// heaptrack); a statement of more rows is a run of its own, made in chunks.
    static func csvRuns(_ rows: [Int], rowsPerChunk: Int) -> [Range<Int>] {
        var runs: [Range<Int>] = []
        var start = 0
        while start < rows.count {
            var end = start + 1
            var total = rows[start]
            while end < rows.count, total <= rowsPerChunk, total + rows[end] <= rowsPerChunk {
                total += rows[end]
                end += 1
            }
            runs.append(start..<end)
            start = end
        }
        return runs
    }

    /// One statement read off the ledger: its CSV rows to the journal and its download (`detail`, or
    /// made here in chunks when nil), then its page and PDFs queued on `work`.
    private func renderStatement(_ report: StatementReport, detail: CSVDocument?, journals: PeriodJournals.Writing, pages: SitePages,
                                 trends: TrendTable, pdfs: StatementPDFs, issued: String, on work: WorkQueue<Void>) throws {
        let slug = PISlug.make(report.piEmail)
        let trend = trends.points(piEmail: report.piEmail, slug: slug, endingAt: report.period)
        let input = TrendTable.digest(trend, extra: [report.contentDigest, slug])
        let period = report.period.description
        let pagePath = SitePaths.statement(slug, report.period)
        let csvPath = SitePaths.statementCSV(slug, report.period)
        let kept = try keep([pagePath, csvPath], input: input, period: period)
        journals.add(report)
        let download = kept ? nil : try output.stream(to: csvPath)
        if let detail {
            try journals.appendDetail(detail.rowBytes, rows: detail.rows)
            try download?.append(detail.bytes[...])
        } else {
            try download?.append(JournalTables.detailHeaderLine[...])
            try journals.files.detailRows(report, rowsPerChunk: csvRowsPerChunk) { bytes, rows in
                try journals.appendDetail(bytes[...], rows: rows)
                try download?.append(bytes[...])
            }
        }
        if let download { _ = output.finish(download, input: input, period: period) }
        try work.submit {
            try renderPageAndPDFs(report, slug: slug, trend: trend, pageInput: kept ? nil : input, pages: pages, pdfs: pdfs, issued: issued)
        }
    }

    /// `pageInput`: what the statement's page is made from; nil when it was kept.
    private func renderPageAndPDFs(_ report: StatementReport, slug: String, trend: [TrendPoint], pageInput: String?,
                                 pages: SitePages, pdfs: StatementPDFs, issued: String) throws {
        defer { progress.advance(1) }
        let period = report.period.description
        if let pageInput {
            try write(pages.statement(report, slug: slug, trend: trend), input: pageInput, period: period)
        }
        for project in report.projects where makesPDFs {
            let pdfPath = SitePaths.statementPDF(slug, report.period, project: ProjectSlug.make(project.projectId))
            let pdfInput = StatementPDFs.input(report.only(project), issued: issued, trend: trend)
            if try keep([pdfPath], input: pdfInput, period: period) { continue }
            try stream(to: pdfPath, input: pdfInput, period: period) { write in
                try pdfs.make(report, project: project, slug: slug, issued: issued, trend: trend) { write(UnsafeRawBufferPointer($0)) }
            }
        }
    }

    /// Keeps all of `paths` from the previous site when each was made from `input`.
    private func keep(_ paths: [String], input: String, period: String) throws -> Bool {
        guard paths.allSatisfy({ output.canKeep($0, input: input) }) else { return false }
        for path in paths where try !output.keep(path, entry: .init(input: input, period: period)) { return false }
        return true
    }

    func renderHistories(overview: LedgerOverview, pages: SitePages, trends: TrendTable) throws {
        progress.start("build histories", verb: "rendered", unit: .items("PI pages"), total: Int64(overview.pis.count))
        defer { progress.finish() }
        try parallel(overview.pis.count) { i in
            defer { progress.advance(1) }
            let pi = overview.pis[i]
            let slug = PISlug.make(pi.piEmail)
            let trend = trends.points(piEmail: pi.piEmail, slug: slug, endingAt: nil)
            let rows = pi.totals.map { "\($0.period)|\($0.projectId)|\($0.totals.rows)|\($0.totals.list.nanos)|\($0.totals.contracted.nanos)|\($0.totals.billed.nanos)|\(trends.statuses[$0.period]?.rawValue ?? "")" }
            let input = TrendTable.digest(trend, extra: [pi.piEmail, slug] + rows)
            let path = SitePaths.piHistory(slug)
            if output.canKeep(path, input: input), try output.keep(path, entry: .init(input: input, period: nil)) { return }
            try output.write(renderer.render(pages.piHistory(pi, slug: slug, statuses: trends.statuses, trend: trend)),
                             to: path, input: input, period: nil)
        }
    }

    private func parallel(_ count: Int, _ body: @Sendable (Int) throws -> Void) throws {
        try Parallel.forEach(count, jobs: jobs, body)
    }
}
