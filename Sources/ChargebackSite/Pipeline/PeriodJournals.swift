import ChargebackCore
import ChargebackRender

/// A rendered period's journal files, written into `finance/P/`: GL (when it
/// balances), detail (from the PIs' own CSV rows) and summary.
struct PeriodJournals: Sendable {
    let files: JournalFiles

    func write(_ statements: [StatementReport], details: [CSVDocument], period: BillingPeriod, status: PeriodStatus,
               output: SiteOutput) throws -> FinancePeriod {
        let entries = files.entries(statements, period: period, status: status)
        var made: [JournalFile] = []
        var finance = FinancePeriod(statementsCents: entries.billedCents)
        do {
            made.append(try files.gl(entries))
        } catch {
            finance.problems = error.problems.map(\.description)
        }
        made.append(files.detail(details, entries: entries))
        made.append(files.summary(entries))
        for file in made {
            let path = SitePaths.financeFile(period, file.name)
            try output.write(file.bytes, to: path, input: "", period: period.description)
            finance.files.append(.init(format: file.format.rawValue, name: file.name, path: path, bytes: file.bytes.count,
                                       sha256: file.sha256, rows: file.rows, debitCents: file.debitCents, creditCents: file.creditCents))
        }
        return finance
    }
}
