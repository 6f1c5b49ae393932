import GRDB

/// The ledger's record of the PDF statements `generate` wrote (`statements`):
/// one row per period, PI, project and fund/org, replaced when generated again.
public struct StatementLog: Sendable {
    let store: LedgerStore
    public init(store: LedgerStore) { self.store = store }

    /// Records `statements` of `period` in one transaction, with an audit line.
    public func record(_ statements: [StatementRecord], period: BillingPeriod, actor: String) throws {
        try store.write { db in
            guard try PeriodRecord.fetchOne(db, key: period.description) != nil else { throw LedgerError.unknownPeriod(period) }
            let now = store.now()
            for var statement in statements {
                statement.generatedAt = now
                try db.execute(sql: """
                    INSERT INTO statements (period, pi_email, project_id, fund_org, total_nanos, path, sha256, generated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (period, pi_email, project_id, fund_org) DO UPDATE SET
                        total_nanos = excluded.total_nanos, path = excluded.path, sha256 = excluded.sha256,
                        generated_at = excluded.generated_at
                    """, arguments: [statement.period, statement.piEmail, statement.projectId, statement.fundOrg,
                                     statement.totalNanos, statement.path, statement.sha256, statement.generatedAt])
            }
            // At the statements' own time: the audit trail finds who generated a statement by it.
            let cents = statements.reduce(Int64(0)) { $0 + Money(nanos: $1.totalNanos).roundedToCents() }
            try store.audit(db, actor: actor, action: "statements.generate", period: period, entity: "statements",
                            details: "\(statements.count) PDF statements, total \(MoneyFormat.cents(cents))", at: now)
        }
    }

    public func list(period: BillingPeriod) throws -> [StatementRecord] {
        try store.read { db in
            try StatementRecord.filter(Column("period") == period.description)
                .order(Column("pi_email"), Column("project_id"), Column("fund_org")).fetchAll(db)
        }
    }
}
