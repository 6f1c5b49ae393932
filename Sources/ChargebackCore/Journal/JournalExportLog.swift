import GRDB

/// The ledger's record of journal exports (`journal_exports`, plus a line in
/// the audit log): which file finance was given, and its checksum.
public struct JournalExportLog: Sendable {
    let store: LedgerStore
    public init(store: LedgerStore) { self.store = store }

    /// One journal file: what the log keeps of it. Totals are cents; for
    /// `detail` and `summary`, which have no credits, debit is the amount
    /// billed and credit is zero.
    public struct File: Sendable, Equatable {
        public var format: String
        public var path: String
        public var rows: Int
        public var debitCents: Int64
        public var creditCents: Int64
        public var sha256: String

        public init(format: String, path: String, rows: Int, debitCents: Int64, creditCents: Int64, sha256: String) {
            self.format = format
            self.path = path
            self.rows = rows
            self.debitCents = debitCents
            self.creditCents = creditCents
            self.sha256 = sha256
        }
    }

    /// `origin` says which command wrote the file (`export-journal` by default).
    @discardableResult
    public func record(period: BillingPeriod, format: String, path: String, rows: Int,
                       debitCents: Int64, creditCents: Int64, sha256: String, actor: String,
                       origin: JournalExportOrigin = .exportJournal) throws -> JournalExportRecord {
        let file = File(format: format, path: path, rows: rows, debitCents: debitCents, creditCents: creditCents, sha256: sha256)
        return try store.write { db in try insert(db, period: period, file: file, actor: actor, origin: origin) }
    }

    /// The journal files `build` wrote for `period`, origin `build`: each
    /// recorded unless the latest build record of the same path has the same
    /// SHA-256, so a rebuild that changed nothing adds no row. One transaction;
    /// returns the rows added.
    @discardableResult
    public func recordBuild(period: BillingPeriod, files: [File], actor: String) throws -> [JournalExportRecord] {
        try store.write { db in
            var added: [JournalExportRecord] = []
            for file in files {
                let latest = try String.fetchOne(db, sql: """
                    SELECT sha256 FROM journal_exports WHERE period = ? AND path = ? AND origin = ? ORDER BY id DESC LIMIT 1
                    """, arguments: [period.description, file.path, JournalExportOrigin.build.rawValue])
                if latest == file.sha256 { continue }
                added.append(try insert(db, period: period, file: file, actor: actor, origin: .build))
            }
            return added
        }
    }

    private func insert(_ db: Database, period: BillingPeriod, file: File, actor: String,
                        origin: JournalExportOrigin) throws -> JournalExportRecord {
        let (debitNanos, debitOverflow) = file.debitCents.multipliedReportingOverflow(by: 10_000_000)
        let (creditNanos, creditOverflow) = file.creditCents.multipliedReportingOverflow(by: 10_000_000)
        if debitOverflow || creditOverflow { throw MoneyError.overflow }
        guard try PeriodRecord.fetchOne(db, key: period.description) != nil else { throw LedgerError.unknownPeriod(period) }
        var record = JournalExportRecord(id: nil, period: period.description, format: file.format, path: file.path, rows: file.rows,
                                         debitNanos: debitNanos, creditNanos: creditNanos,
                                         sha256: file.sha256, actor: actor, exportedAt: store.now(), origin: origin)
        try record.insert(db)
        record.id = db.lastInsertedRowID
        try store.audit(db, actor: actor, action: "journal.export", period: period, entity: "journal_export",
                        entityID: String(db.lastInsertedRowID),
                        details: "\(file.format) \(file.rows) rows sha256 \(file.sha256) → \(file.path) (\(origin.rawValue))",
                        at: record.exportedAt)
        return record
    }

    public func list(period: BillingPeriod) throws -> [JournalExportRecord] {
        try store.read { db in
            try JournalExportRecord.filter(Column("period") == period.description).order(Column("id")).fetchAll(db)
        }
    }
}
