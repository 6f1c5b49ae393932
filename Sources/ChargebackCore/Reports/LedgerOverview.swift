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
        try load(store: store) { $0 }
    }

    /// Only the periods a trend chart ending at `p` shows (`p` and up to
    /// `window - 1` periods before it): what `generate` and `notify` need for
    /// a statement's trend, without reading the rest of the ledger.
    public static func load(store: LedgerStore, trendEndingAt p: BillingPeriod, window: Int) throws -> LedgerOverview {
        try load(store: store) { records in Array(records.filter { ($0.billingPeriod.map { $0 <= p }) ?? false }.suffix(max(window, 1))) }
    }

    private static func load(store: LedgerStore, selecting: ([PeriodRecord]) -> [PeriodRecord]) throws -> LedgerOverview {
        try store.read { db in
            let records = selecting(try PeriodRecord.fetchAll(db, sql: "SELECT * FROM periods ORDER BY period"))
            let pis = try Self.piTotals(db, periods: records.compactMap(\.billingPeriod))
            // Period totals, PIs and projects follow from the PIs' totals.
            var onStatements: [BillingPeriod: ChargeTotals] = [:]
            var piCount: [BillingPeriod: Int] = [:]
            var projectCount: [BillingPeriod: Int] = [:]
            for pi in pis {
                for (i, t) in pi.totals.enumerated() {
                    onStatements[t.period, default: ChargeTotals()].add(t.totals)
                    projectCount[t.period, default: 0] += 1
                    if i == 0 || pi.totals[i - 1].period != t.period { piCount[t.period, default: 0] += 1 }
                }
            }
            var periods: [Period] = []
            for record in records {
                guard let period = record.billingPeriod else { continue }
                let pending = try Row.fetchOne(db, sql: """
                    SELECT \(ChargeQuery.totals) FROM charges WHERE period = ? AND \(ChargeQuery.reviewStatus(in: [.pending]))
                    """, arguments: [record.period])
                periods.append(Period(record: record, period: period, onStatements: onStatements[period] ?? ChargeTotals(),
                                      awaitingReview: pending.map(PeriodReports.totals) ?? ChargeTotals(),
                                      pis: piCount[period] ?? 0, projects: projectCount[period] ?? 0))
            }
            let asOf = try String.fetchOne(db, sql: """
                SELECT MAX(t) FROM (SELECT MAX(imported_at) AS t FROM imports UNION ALL SELECT MAX(decided_at) FROM review_decisions
                UNION ALL SELECT MAX(at) FROM audit_log WHERE entity = 'period')
                """)
            return LedgerOverview(periods: periods, pis: pis, dataAsOf: asOf)
        }
    }

    /// Every PI's totals per period and project. Summed in Swift from one
    /// pass over each period's charges (in index order): a SQL GROUP BY on
    /// the lowercased address sorted every charge of the ledger, the
    /// slowest step of an incremental build (measured on the build bench).
    static func piTotals(_ db: Database, periods: [BillingPeriod]) throws -> [PI] {
        struct Key: Hashable {
            var email: String
            var project: String?
        }
        var byPI: [String: (email: String, totals: [PIProjectTotal])] = [:]
        for period in periods {
            var sums: [Key: ChargeTotals] = [:]
            let rows = try Row.fetchCursor(db, sql: """
                SELECT pi_email, project_id, list_nanos, contracted_nanos, billed_nanos FROM charges
                WHERE period = ? AND \(ChargeQuery.onStatements())
                """, arguments: [period.description])
            while let row = try rows.next() {
                let key = Key(email: row[0], project: row[1])
                var t = sums[key] ?? ChargeTotals()
                t.rows += 1
                t.list.add(Money(nanos: row[2]))
                t.contracted.add(Money(nanos: row[3]))
                t.billed.add(Money(nanos: row[4]))
                sums[key] = t
            }
            // PIs are matched case-insensitively; the smallest spelling names them.
            var merged: [String: [String: ChargeTotals]] = [:]
            for (key, totals) in sums {
                let lower = key.email.lowercased()
                let current = byPI[lower]?.email
                if current == nil || key.email < (current ?? "") {
                    byPI[lower, default: (key.email, [])].email = key.email
                }
                merged[lower, default: [:]][key.project ?? StatementReport.noProject, default: ChargeTotals()].add(totals)
            }
            for (lower, projects) in merged {
                for project in projects.keys.sorted() {
                    byPI[lower]?.totals.append(PIProjectTotal(period: period, projectId: project, totals: projects[project] ?? ChargeTotals()))
                }
            }
        }
        return byPI.keys.sorted().compactMap { key in byPI[key].map { PI(piEmail: $0.email, totals: $0.totals) } }
    }
}
