import GRDB

/// Every period's headline figures, and every PI's totals per period and
/// project: the dashboard, the PI history pages and the statements' trend
/// charts. Cheap aggregates only, so it is read in full on every build.
public struct LedgerOverview: Sendable {
    public struct Period: Sendable {
        public var record: PeriodRecord
        public var period: BillingPeriod
        public var onStatements: ChargeTotals
        public var awaitingReview: ChargeTotals
        public var pis: Int
        public var projects: Int
    }

    /// One PI's statement total in one period for one project.
    public struct PIProjectTotal: Sendable {
        public var period: BillingPeriod
        public var projectId: String
        public var totals: ChargeTotals
    }

    public struct PI: Sendable {
        /// As first written in the data; PIs are matched case-insensitively.
        public var piEmail: String
        /// Sorted by period, then project.
        public var totals: [PIProjectTotal]
    }

    /// Oldest first.
    public var periods: [Period]
    /// Sorted by lowercased e-mail.
    public var pis: [PI]
    /// Newest `imported_at` / `decided_at` / period change in the ledger: what "data as of" means.
    public var dataAsOf: String?

    public static func load(store: LedgerStore) throws -> LedgerOverview {
        try store.read { db in
            let records = try PeriodRecord.fetchAll(db, sql: "SELECT * FROM periods ORDER BY period")
            var periods: [Period] = []
            for record in records {
                guard let period = record.billingPeriod else { continue }
                let row = try Row.fetchOne(db, sql: """
                    SELECT COUNT(*) AS n, COALESCE(SUM(list_nanos), 0) AS l, COALESCE(SUM(contracted_nanos), 0) AS c,
                           COALESCE(SUM(billed_nanos), 0) AS b, COUNT(DISTINCT lower(pi_email)) AS pis,
                           COUNT(DISTINCT lower(pi_email) || char(31) || COALESCE(project_id, '')) AS projects
                    FROM charges WHERE period = ? AND review_status IN ('none', 'approved')
                    """, arguments: [record.period])
                let pending = try Row.fetchOne(db, sql: """
                    SELECT COUNT(*) AS n, COALESCE(SUM(list_nanos), 0) AS l, COALESCE(SUM(contracted_nanos), 0) AS c,
                           COALESCE(SUM(billed_nanos), 0) AS b
                    FROM charges WHERE period = ? AND review_status = 'pending'
                    """, arguments: [record.period])
                periods.append(Period(record: record, period: period,
                                      onStatements: row.map(PeriodReports.totals) ?? ChargeTotals(),
                                      awaitingReview: pending.map(PeriodReports.totals) ?? ChargeTotals(),
                                      pis: row?["pis"] ?? 0, projects: row?["projects"] ?? 0))
            }
            var pis: [PI] = []
            let rows = try Row.fetchCursor(db, sql: """
                SELECT lower(pi_email) AS k, MIN(pi_email) AS pi, period, COALESCE(project_id, ?) AS project,
                       COUNT(*) AS n, SUM(list_nanos) AS l, SUM(contracted_nanos) AS c, SUM(billed_nanos) AS b
                FROM charges WHERE review_status IN ('none', 'approved')
                GROUP BY 1, 3, 4 ORDER BY 1, 3, 4
                """, arguments: [StatementReport.noProject])
            var lastKey: String?
            while let row = try rows.next() {
                let key: String = row["k"]
                guard let period = BillingPeriod(row["period"] as String) else { continue }
                if key != lastKey {
                    pis.append(PI(piEmail: row["pi"], totals: []))
                    lastKey = key
                }
                pis[pis.count - 1].totals.append(.init(period: period, projectId: row["project"], totals: PeriodReports.totals(row)))
            }
            let asOf = try String.fetchOne(db, sql: """
                SELECT MAX(t) FROM (SELECT MAX(imported_at) AS t FROM imports UNION ALL SELECT MAX(decided_at) FROM review_decisions
                UNION ALL SELECT MAX(at) FROM audit_log WHERE entity = 'period')
                """)
            return LedgerOverview(periods: periods, pis: pis, dataAsOf: asOf)
        }
    }
}
