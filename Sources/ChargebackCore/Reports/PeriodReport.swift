import GRDB

/// Everything the admin's period page shows: totals by source, service and
/// PI × project, the imports, the review queue and the status history.
public struct PeriodReport: Sendable {
    public struct Slice: Sendable {
        public var name: String
        public var totals: ChargeTotals
    }

    public struct PIProject: Sendable {
        public var piEmail: String
        public var projectId: String
        public var fundOrgs: [String]
        public var totals: ChargeTotals
    }

    public struct Import: Sendable {
        public var record: ImportRecord
        public var source: String
        /// Rows of the file that fell in this period, and their billed total.
        public var rowsInPeriod: Int
        public var billedInPeriod: Money
    }

    public struct PendingReason: Sendable {
        public var reason: String
        public var totals: ChargeTotals
    }

    public var summary: PeriodSummary
    public var record: PeriodRecord
    /// Period transitions (open, close, reopen, finalize) from the audit log, oldest first.
    public var history: [AuditEntry]
    public var byService: [Slice]
    public var byPIProject: [PIProject]
    public var imports: [Import]
    public var pendingByReason: [PendingReason]
    /// Charges awaiting review, in the order `review list` shows them.
    public var pending: PendingCharges
    public var decisions: (approved: Int, rejected: Int)
    /// Every e-mail notice of the period (`notify`), oldest first.
    public var notifications: [NotificationRecord] = []
}

extension PeriodReports {
    /// The period's statements by PI × project (PIs matched case-insensitively),
    /// inside the caller's transaction: the period page and `import-legacy`'s check.
    static func byPIProject(_ db: Database, _ period: BillingPeriod) throws -> [PeriodReport.PIProject] {
        let p = period.description
        var funds: [String: [String]] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT DISTINCT lower(pi_email) AS k, COALESCE(project_id, ?) AS project, fund_org FROM charges
            WHERE period = ? AND \(ChargeQuery.onStatements()) AND fund_org IS NOT NULL ORDER BY 1, 2, 3
            """, arguments: [StatementReport.noProject, p]) {
            funds[(row["k"] as String) + "\u{1F}" + (row["project"] as String), default: []].append(row["fund_org"])
        }
        return try Row.fetchAll(db, sql: """
            SELECT MIN(pi_email) AS pi, lower(pi_email) AS k, COALESCE(project_id, ?) AS project, \(ChargeQuery.totals)
            FROM charges WHERE period = ? AND \(ChargeQuery.onStatements())
            GROUP BY 2, 3 ORDER BY 2, 3
            """, arguments: [StatementReport.noProject, p]).map { row in
            PeriodReport.PIProject(piEmail: row["pi"], projectId: row["project"],
                                   fundOrgs: funds[(row["k"] as String) + "\u{1F}" + (row["project"] as String)] ?? [],
                                   totals: Self.totals(row))
        }
    }

    public func report(_ period: BillingPeriod) throws -> PeriodReport {
        let summary = try summary(period)
        return try store.read { db in
            guard let record = try PeriodRecord.fetchOne(db, key: period.description) else { throw LedgerError.unknownPeriod(period) }
            let p = period.description
            let history = try AuditEntry.fetchAll(db, sql: """
                SELECT id, at, actor, action, period, entity, entity_id, details FROM audit_log
                WHERE entity = 'period' AND entity_id = ? ORDER BY id
                """, arguments: [p])
            let byService = try Row.fetchAll(db, sql: """
                SELECT COALESCE(service_name, '') AS name, \(ChargeQuery.totals)
                FROM charges WHERE period = ? AND \(ChargeQuery.onStatements()) GROUP BY 1 ORDER BY 1
                """, arguments: [p]).map { PeriodReport.Slice(name: $0["name"], totals: Self.totals($0)) }
            let byPIProject = try Self.byPIProject(db, period)
            let imports = try Row.fetchAll(db, sql: """
                SELECT i.*, s.name AS source_name, ip.rows_read AS period_rows, ip.billed_nanos AS period_billed
                FROM import_periods ip JOIN imports i ON i.id = ip.import_id JOIN sources s ON s.id = i.source_id
                WHERE ip.period = ? ORDER BY i.id
                """, arguments: [p]).map { row in
                PeriodReport.Import(record: try ImportRecord(row: row), source: row["source_name"],
                                    rowsInPeriod: row["period_rows"], billedInPeriod: Money(nanos: row["period_billed"]))
            }
            let pendingByReason = try Row.fetchAll(db, sql: """
                SELECT COALESCE(flag_reason, '') AS reason, \(ChargeQuery.totals)
                FROM charges WHERE period = ? AND \(ChargeQuery.reviewStatus(in: [.pending])) GROUP BY 1 ORDER BY 1
                """, arguments: [p]).map { PeriodReport.PendingReason(reason: $0["reason"], totals: Self.totals($0)) }
            let pending = try PendingCharges.read(db, period: period)
            let decided = try Row.fetchOne(db, sql: """
                SELECT COALESCE(SUM(review_status = 'approved'), 0) AS a, COALESCE(SUM(review_status = 'rejected'), 0) AS r
                FROM charges WHERE period = ? AND \(ChargeQuery.reviewStatus(in: [.approved, .rejected]))
                """, arguments: [p])
            let notifications = try NotificationLog.list(db, period: p)
            return PeriodReport(summary: summary, record: record, history: history, byService: byService,
                                byPIProject: byPIProject, imports: imports, pendingByReason: pendingByReason,
                                pending: pending, decisions: (decided?["a"] ?? 0, decided?["r"] ?? 0),
                                notifications: notifications)
        }
    }
}
