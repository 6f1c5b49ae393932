import GRDB

/// `show PI -p P`: one PI's charges in a period, grouped by project, with
/// each project's totals split into billable, awaiting review and rejected.
public struct PIChargesReport: Sendable {
    public struct Project: Sendable {
        public var projectId: String
        public var fundOrgs: [String]
        public var charges: [ChargeRecord]
        public var onStatement = ChargeTotals()
        public var awaitingReview = ChargeTotals()
        public var rejected = ChargeTotals()
    }

    public var piEmail: String
    public var period: BillingPeriod
    public var status: PeriodStatus
    public var projects: [Project]

    public var onStatement: ChargeTotals { projects.reduce(into: ChargeTotals()) { $0.add($1.onStatement) } }

    /// The placeholder project of charges that name none.
    public static let noProject = StatementReport.noProject

    public static func load(store: LedgerStore, piEmail: String, period: BillingPeriod) throws -> PIChargesReport {
        try store.read { db in
            guard let record = try PeriodRecord.fetchOne(db, key: period.description) else { throw LedgerError.unknownPeriod(period) }
            let charges = try ChargeRecord.fetchAll(db, sql: """
                SELECT \(ChargeRecord.selection) FROM \(ChargeQuery.chargesWithSource)
                WHERE c.period = ? AND c.pi_email = ? COLLATE NOCASE
                ORDER BY c.project_id, c.charge_period_start, c.id
                """, arguments: [period.description, piEmail])
            var projects: [String: Project] = [:]
            for charge in charges {
                let key = charge.projectId ?? noProject
                var project = projects[key] ?? Project(projectId: key, fundOrgs: [], charges: [])
                if let fund = charge.fundOrg, !project.fundOrgs.contains(fund) { project.fundOrgs.append(fund) }
                project.charges.append(charge)
                var t = ChargeTotals()
                t.rows = 1
                t.list.add(charge.list)
                t.contracted.add(charge.contracted)
                t.billed.add(charge.billed)
                if charge.reviewStatus.isOnStatement {
                    project.onStatement.add(t)
                } else if charge.reviewStatus == .pending {
                    project.awaitingReview.add(t)
                } else {
                    project.rejected.add(t)
                }
                projects[key] = project
            }
            return PIChargesReport(piEmail: piEmail, period: period, status: record.status,
                                   projects: projects.values.sorted { $0.projectId < $1.projectId })
        }
    }
}
