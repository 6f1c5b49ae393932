import ChargebackCore

/// What the finance page and the period page show of a period's journal
/// files. Kept in the build state, so a period kept unchanged still lists them.
struct FinancePeriod: Codable, Sendable, Equatable {
    struct File: Codable, Sendable, Equatable {
        var format: String
        var name: String
        /// Relative to the site root.
        var path: String
        var bytes: Int
        var sha256: String
        var rows: Int
        var debitCents: Int64
        var creditCents: Int64
    }

    var files: [File] = []
    /// The statements' amounts due added up (each rounded to the cent): what the GL debits, net.
    var statementsCents: Int64 = 0
    /// Why there is no GL file (a journal that cannot balance is never written).
    var problems: [String] = []
}

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
