import GRDB

/// `reconcile`: proves nothing was lost in a period. The import log keeps an
/// independent running count and total (rows each import inserted, and the
/// billed change it made); the charges table must agree with it exactly, and
/// every charge must stand in exactly one place: on a statement, awaiting
/// review, or rejected. Rows that never became charges are listed as input
/// errors (rejects files) per import.
public struct ReconcileReport: Sendable, Equatable {
    public struct Line: Sendable, Equatable {
        public var label: String
        public var rows: Int
        public var billed: MoneySum
    }

    public var period: BillingPeriod
    /// From the import log: charges created, and their billed total as of the last import.
    public var imported: Line
    public var onStatements: Line
    public var awaitingReview: Line
    public var rejected: Line
    /// Sum of the three places.
    public var accountedFor: Line
    /// Rows read from files but refused as invalid (in rejects files).
    public var invalidRows: Int
    public var rejectsFiles: [String]
    /// Charges with a status outside the three places (must be zero).
    public var unplaced: Int
    /// Charges without exactly one identity key, plus keys without a charge
    /// (must be zero: a re-ingest would otherwise duplicate or miss them).
    public var identityMismatches: Int

    public var balances: Bool {
        imported.rows == accountedFor.rows && imported.billed == accountedFor.billed && unplaced == 0 && identityMismatches == 0
    }
}

public struct Reconciler: Sendable {
    let store: LedgerStore
    public init(store: LedgerStore) { self.store = store }

    public func reconcile(_ period: BillingPeriod) throws -> ReconcileReport {
        try store.read { db in try Self.reconcile(db, period) }
    }

    /// The same, inside the caller's transaction (`import-legacy` checks before it commits).
    static func reconcile(_ db: Database, _ period: BillingPeriod) throws -> ReconcileReport {
        guard try PeriodRecord.fetchOne(db, key: period.description) != nil else { throw LedgerError.unknownPeriod(period) }
        let p = period.description
        let log = try Row.fetchOne(db, sql: "SELECT COALESCE(SUM(rows_inserted), 0) AS n, COALESCE(SUM(billed_delta_nanos), 0) AS b FROM import_periods WHERE period = ?", arguments: [p])
        func place(_ label: String, _ statuses: [ReviewStatus]) throws -> ReconcileReport.Line {
            let row = try Row.fetchOne(db, sql: "SELECT \(ChargeQuery.totals) FROM charges WHERE period = ? AND \(ChargeQuery.reviewStatus(in: statuses))",
                                       arguments: [p])
            return .init(label: label, rows: row?["n"] ?? 0, billed: MoneySum(nanos: Int128(row?["b"] as Int64? ?? 0)))
        }
        let onStatements = try place("on statements", ChargeQuery.onStatementStatuses)
        let pending = try place("awaiting review", [.pending])
        let rejected = try place("rejected", [.rejected])
        let all = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM charges WHERE period = ?", arguments: [p]) ?? 0
        // Keys of the period that point at a charge of the same period and
        // source, and how many distinct charges they point at: all three
        // counts equal the charges' count exactly when every charge has
        // one key and every key one charge.
        let keyCheck = try Row.fetchOne(db, sql: """
            SELECT COUNT(*) AS keys, COUNT(c.id) AS matched, COUNT(DISTINCT c.id) AS distinctCharges
            FROM charge_keys k LEFT JOIN charges c ON c.id = k.charge_id AND c.period = k.period AND c.source_id = k.source_id
            WHERE k.period = ?
            """, arguments: [p])
        let keys: Int = keyCheck?["keys"] ?? 0
        let matched: Int = keyCheck?["matched"] ?? 0
        let distinctCharges: Int = keyCheck?["distinctCharges"] ?? 0
        let accounted = ReconcileReport.Line(label: "accounted for", rows: onStatements.rows + pending.rows + rejected.rows,
                                             billed: onStatements.billed + pending.billed + rejected.billed)
        let invalid = try Row.fetchAll(db, sql: """
            SELECT DISTINCT i.id, i.rows_invalid, i.rejects_path FROM imports i JOIN import_periods ip ON ip.import_id = i.id
            WHERE ip.period = ? AND i.rows_invalid > 0 ORDER BY i.id
            """, arguments: [p])
        return ReconcileReport(
            period: period,
            imported: .init(label: "imported (import log)", rows: log?["n"] ?? 0, billed: MoneySum(nanos: Int128(log?["b"] as Int64? ?? 0))),
            onStatements: onStatements, awaitingReview: pending, rejected: rejected, accountedFor: accounted,
            invalidRows: invalid.reduce(0) { $0 + ($1["rows_invalid"] as Int? ?? 0) },
            rejectsFiles: invalid.compactMap { $0["rejects_path"] as String? },
            unplaced: all - accounted.rows,
            identityMismatches: (all - distinctCharges) + (keys - matched) + (matched - distinctCharges))
    }
}
