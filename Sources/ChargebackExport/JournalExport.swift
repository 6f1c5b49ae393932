import ChargebackCore
import ChargebackRender
import Foundation

/// `openchargeback export-journal`: one format of one period's journal,
/// written atomically and logged in the ledger (`journal_exports`).
public struct JournalExport: Sendable {
    public struct Request: Sendable {
        public var period: BillingPeriod
        public var format: JournalFormat
        /// The file to write; nil: `output.journal_dir` and the standard name; "-": standard output (the caller prints `bytes`).
        public var output: String?
        public var includeFlagged: Bool
        public var allowUnparsed: Bool
        public var actor: String

        public init(period: BillingPeriod, format: JournalFormat, output: String? = nil, includeFlagged: Bool = false,
                    allowUnparsed: Bool = false, actor: String) {
            self.period = period
            self.format = format
            self.output = output
            self.includeFlagged = includeFlagged
            self.allowUnparsed = allowUnparsed
            self.actor = actor
        }
    }

    public struct Result: Sendable {
        public var file: JournalFile
        /// Where it was written, or "-" for standard output.
        public var path: String
        public var record: JournalExportRecord
    }

    let store: LedgerStore
    let config: AppConfig
    let builtin: String

    public init(store: LedgerStore, config: AppConfig, builtin: String) {
        self.store = store
        self.config = config
        self.builtin = builtin
    }

    public func run(_ request: Request) throws -> Result {
        let p = request.period
        guard let status = try PeriodWorkflow(store: store).get(p)?.status else { throw LedgerError.unknownPeriod(p) }
        let settings = RenderSettings(config: config)
        let files = JournalFiles(settings: settings, template: try JournalTemplate(settings: settings, builtin: builtin),
                                 allowUnparsed: request.allowUnparsed)
        let statements = try StatementReports(store: store).load(p, includeFlagged: request.includeFlagged)
        let entries = files.entries(statements, period: p, status: status)
        var file: JournalFile
        switch request.format {
        case .gl: file = try files.gl(entries)
        case .detail: file = files.detail(statements.map(files.detail), entries: entries)
        case .summary: file = files.summary(entries)
        }
        file.includesFlagged = request.includeFlagged
        var path = "-"
        if request.output != "-" {
            path = request.output ?? config.output.journalDir + "/" + file.name
            try AtomicFile.write(file.bytes, to: path)
        }
        let record = try JournalExportLog(store: store).record(
            period: p, format: request.format.rawValue + (request.includeFlagged ? "+flagged" : ""), path: path, rows: file.rows,
            debitCents: file.debitCents, creditCents: file.creditCents, sha256: file.sha256, actor: request.actor)
        return Result(file: file, path: path, record: record)
    }
}
