import ChargebackCore
import ChargebackRender

/// A rendered period's journal files, written into `finance/P/`: GL (when it
/// balances), detail (from the PIs' own CSV rows) and summary.
struct PeriodJournals: Sendable {
    let files: JournalFiles

    /// A period's journals made a batch of statements at a time: the detail
    /// file is written as the batches come, the GL and summary at the end
    /// from the journal's small per-account totals.
    final class Writing {
        let files: JournalFiles
        let period: BillingPeriod
        let status: PeriodStatus
        let output: SiteOutput
        private var journal: JournalAccumulator
        private let detail: SiteOutput.Stream
        private var detailRows = 0

        fileprivate init(files: JournalFiles, period: BillingPeriod, status: PeriodStatus, output: SiteOutput) throws(SiteError) {
            self.files = files
            self.period = period
            self.status = status
            self.output = output
            journal = files.accumulator(period: period, status: status)
            detail = try output.stream(to: SitePaths.financeFile(period, JournalFile.name(period: period, format: .detail, status: status)))
            try detail.append(JournalTables.detailHeaderLine[...])
        }

        /// The next statement, in PI order; its CSV rows follow through `appendDetail`.
        func add(_ statement: StatementReport) {
            journal.add(statement)
        }

        /// `rows` CSV rows of the last statement added, already escaped.
        func appendDetail(_ bytes: ArraySlice<UInt8>, rows: Int) throws(SiteError) {
            try detail.append(bytes)
            detailRows += rows
        }

        func finish() throws -> FinancePeriod {
            let entries = journal.finish()
            var finance = FinancePeriod(statementsCents: entries.billedCents)
            var listed: [FinancePeriod.File] = []
            let gl: JournalFile?
            do {
                gl = try files.gl(entries)
            } catch {
                gl = nil
                finance.problems = error.problems.map(\.description)
            }
            if let gl { listed.append(try write(gl)) }
            let sha256 = output.finish(detail, input: "", period: period.description)
            listed.append(.init(format: JournalFormat.detail.rawValue, name: JournalFile.name(period: period, format: .detail, status: status),
                                path: detail.path, bytes: detail.bytes, sha256: sha256, rows: detailRows,
                                debitCents: entries.billedCents, creditCents: 0))
            listed.append(try write(files.summary(entries)))
            finance.files = listed
            return finance
        }

        private func write(_ file: JournalFile) throws -> FinancePeriod.File {
            let path = SitePaths.financeFile(period, file.name)
            try output.write(file.bytes, to: path, input: "", period: period.description)
            return .init(format: file.format.rawValue, name: file.name, path: path, bytes: file.bytes.count,
                         sha256: file.sha256, rows: file.rows, debitCents: file.debitCents, creditCents: file.creditCents)
        }
    }

    func start(_ period: BillingPeriod, status: PeriodStatus, output: SiteOutput) throws(SiteError) -> Writing {
        try Writing(files: files, period: period, status: status, output: output)
    }
}
