import GRDB

/// The ledger's record of journal exports (`journal_exports`, plus a line in
/// the audit log): which file finance was given, and its checksum.
public struct JournalExportLog: Sendable {
    let store: LedgerStore
    public init(store: LedgerStore) { self.store = store }

    /// Totals are cents; for `detail` and `summary`, which have no credits,
    /// debit is the amount billed and credit is zero. `origin` says which
    /// command wrote the file: `build` calls this for each journal file it
    /// writes into the site, with `.build`.
    @discardableResult
    public func record(period: BillingPeriod, format: String, path: String, rows: Int,
                       debitCents: Int64, creditCents: Int64, sha256: String, actor: String,
                       origin: JournalExportOrigin = .exportJournal) throws -> JournalExportRecord {
        let (debitNanos, debitOverflow) = debitCents.multipliedReportingOverflow(by: 10_000_000)
        let (creditNanos, creditOverflow) = creditCents.multipliedReportingOverflow(by: 10_000_000)
        if debitOverflow || creditOverflow { throw MoneyError.overflow }
        return try store.write { db in
            guard try PeriodRecord.fetchOne(db, key: period.description) != nil else { throw LedgerError.unknownPeriod(period) }
            var record = JournalExportRecord(id: nil, period: period.description, format: format, path: path, rows: rows,
                                             debitNanos: debitNanos, creditNanos: creditNanos,
                                             sha256: sha256, actor: actor, exportedAt: store.now(), origin: origin)
            try record.insert(db)
            record.id = db.lastInsertedRowID
            try store.audit(db, actor: actor, action: "journal.export", period: period, entity: "journal_export",
                            entityID: String(db.lastInsertedRowID),
                            details: "\(format) \(rows) rows sha256 \(sha256) → \(path) (\(origin.rawValue))", at: record.exportedAt)
            return record
        }
    }

    public func list(period: BillingPeriod) throws -> [JournalExportRecord] {
        try store.read { db in
            try JournalExportRecord.filter(Column("period") == period.description).order(Column("id")).fetchAll(db)
        }
    }
}
