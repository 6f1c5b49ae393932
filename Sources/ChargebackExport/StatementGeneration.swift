import ChargebackCore
import ChargebackRender
import Foundation

/// `openchargeback generate`: a period's PDF statements into
/// `output.pdf_dir/P/<pi>/<project>.pdf`, recorded in the ledger
/// (`statements`: PI, project, fund/org, total, path, SHA-256). The same
/// PDFs as the site's, without building the site.
public struct StatementGeneration: Sendable {
    public struct Result: Sendable {
        /// One per PDF, in PI and project order, with the paths they were written to.
        public var statements: [StatementRecord]
        public var bytes: Int
        public var dryRun: Bool
        /// The statement template's warnings (raw HTML the PDFs leave out), each naming the file and line.
        public var warnings: [String] = []
    }

    /// PIs read per rendering thread at a time, and at most in flight (as `build`: at 3,000,000 rows 16 per
    /// thread held ~17 MB of statements read ahead).
    static let batchPerThread = 4

    let store: LedgerStore
    let config: AppConfig
    let builtin: String
    let jobs: Int
    let progress: any ProgressReporter

    /// `progress` is told of each PI whose PDFs are written.
    public init(store: LedgerStore, config: AppConfig, builtin: String, jobs: Int = ProcessInfo.processInfo.activeProcessorCount,
                progress: any ProgressReporter = SilentProgress()) {
        self.store = store
        self.config = config
        self.builtin = builtin
        self.jobs = max(1, jobs)
        self.progress = progress
    }

    /// `dryRun`: write the PDFs, record nothing in the ledger (the legacy
    /// tool's `generate --dry-run`: files to look at, no state changed).
    /// `only`: these PIs' statements alone (e-mails in any case; `--to`); one without a
    /// statement in the period is refused before anything is written.
    public func run(_ period: BillingPeriod, dryRun: Bool, actor: String, only: [String]? = nil) throws -> Result {
        guard let record = try PeriodWorkflow(store: store).get(period) else { throw LedgerError.unknownPeriod(period) }
        let reports = StatementReports(store: store)
        if let only {
            let missing = try reports.withoutStatement(only, period: period)
            guard missing.isEmpty else { throw LedgerError.noStatement(missing, period) }
        }
        let pdfs = try PeriodStatementPDFs.load(store: store, settings: RenderSettings(config: config), builtin: builtin,
                                                period: period, record: record)
        let folder = config.output.pdfDir + "/" + period.description
        progress.start("generate \(period)", verb: "rendered", unit: .items("PIs"), total: Int64(try reports.count(period, pis: only)))
        // PIs are read a few at a time and rendered as they come, at most a few per thread in flight:
        // each is written, then let go, and a long statement on one thread does not hold up the other.
        let made = try WorkQueue<[(StatementRecord, Int)]>.run(jobs: jobs, limit: jobs * Self.batchPerThread) { work in
            try reports.forEachBatch(period, pis: only, size: jobs * Self.batchPerThread) { statements in
                for statement in statements {
                    try work.submit {
                        defer { progress.advance(1) }
                        let slug = PISlug.make(statement.piEmail)
                        return try statement.projects.map { project in
                            let path = folder + "/" + slug + "/" + ProjectSlug.make(project.projectId) + ".pdf"
                            // Written as cairo writes it: a long project's PDF is never held whole.
                            let file = try AtomicFile.write(to: path, durable: false) { write in
                                try pdfs.render(statement, project: project) { write(UnsafeRawBufferPointer($0)) }
                            }
                            let total = try project.totals.billed.money()
                            return (StatementRecord(period: period.description, piEmail: statement.piEmail, projectId: project.projectId,
                                                    fundOrg: project.fundOrgs.joined(separator: ", "), totalNanos: total.nanos,
                                                    path: path, sha256: file.sha256), file.bytes)
                        }
                    }
                }
            }
        }.flatMap { $0 }
        progress.finish()
        let records = made.map(\.0)
        if !dryRun, !records.isEmpty {
            // On disk before the ledger says they are there.
            try AtomicFile.flush(folder)
            try StatementLog(store: store).record(records, period: period, actor: actor)
        }
        return Result(statements: records, bytes: made.reduce(0) { $0 + $1.1 }, dryRun: dryRun, warnings: pdfs.warnings)
    }
}
