import GRDB

/// The period life cycle: open → closed → finalized, closed may reopen with a
/// reason, finalized is permanent. Each transition is one transaction that
/// also writes the audit log.
public struct PeriodWorkflow: Sendable {
    let store: LedgerStore

    public init(store: LedgerStore) { self.store = store }

    public func list() throws -> [PeriodRecord] {
        try store.read { db in try PeriodRecord.order(Column("period").desc).fetchAll(db) }
    }

    public func get(_ period: BillingPeriod) throws -> PeriodRecord? {
        try store.read { db in try PeriodRecord.fetchOne(db, key: period.description) }
    }

    /// Opens a period; opening one that exists already is a no-op that says so.
    @discardableResult
    public func open(_ period: BillingPeriod, actor: String, notes: String? = nil) throws -> Bool {
        try store.write { db in try ensureOpen(db, period, actor: actor, notes: notes) }
    }

    /// Creates the period as open if it does not exist (ingest does this).
    /// Returns true when it was created.
    @discardableResult
    func ensureOpen(_ db: Database, _ period: BillingPeriod, actor: String, notes: String? = nil) throws -> Bool {
        if try PeriodRecord.fetchOne(db, key: period.description) != nil { return false }
        let record = PeriodRecord(period: period.description, status: .open, openedAt: store.now(), openedBy: actor, notes: notes)
        try record.insert(db)
        try store.audit(db, actor: actor, action: "period.open", period: period, entity: "period", entityID: period.description, details: notes ?? "")
        return true
    }

    public func close(_ period: BillingPeriod, actor: String, notes: String? = nil) throws {
        try transition(period, actor: actor, action: "period.close", details: notes ?? "") { db, record in
            guard record.status == .open else { throw LedgerError.invalidTransition(period, from: record.status, to: .closed) }
            record.status = .closed
            record.closedAt = store.now()
            record.closedBy = actor
            if let notes { record.notes = appendNote(record.notes, notes) }
        }
    }

    public func reopen(_ period: BillingPeriod, reason: String, actor: String) throws {
        guard !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw LedgerError.emptyValue("the reopen reason") }
        try transition(period, actor: actor, action: "period.reopen", details: reason) { db, record in
            guard record.status == .closed else { throw LedgerError.invalidTransition(period, from: record.status, to: .open) }
            record.status = .open
            record.reopenedAt = store.now()
            record.reopenedBy = actor
            record.reopenReason = reason
        }
    }

    /// Finalizes a closed period with nothing awaiting review. Permanent.
    public func finalize(_ period: BillingPeriod, actor: String, notes: String? = nil) throws {
        try transition(period, actor: actor, action: "period.finalize", details: notes ?? "") { db, record in
            guard record.status == .closed else { throw LedgerError.invalidTransition(period, from: record.status, to: .finalized) }
            let pending = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM charges WHERE period = ? AND review_status = 'pending'", arguments: [period.description]) ?? 0
            guard pending == 0 else { throw LedgerError.pendingReview(period, count: pending) }
            record.status = .finalized
            record.finalizedAt = store.now()
            record.finalizedBy = actor
            if let notes { record.notes = appendNote(record.notes, notes) }
        }
    }

    /// One transition, in one transaction: check and change the record, save
    /// it, and write the audit log.
    private func transition(_ period: BillingPeriod, actor: String, action: String, details: String,
                            change: (Database, inout PeriodRecord) throws -> Void) throws {
        try store.write { db in
            var record = try existing(db, period)
            try change(db, &record)
            try record.update(db)
            try store.audit(db, actor: actor, action: action, period: period, entity: "period", entityID: period.description, details: details)
        }
    }

    /// The audit trail of one period, oldest first.
    public func history(_ period: BillingPeriod) throws -> [AuditEntry] {
        try store.read { db in
            try AuditEntry.fetchAll(db, sql: "SELECT * FROM audit_log WHERE period = ? AND entity = 'period' ORDER BY id", arguments: [period.description])
        }
    }

    func existing(_ db: Database, _ period: BillingPeriod) throws -> PeriodRecord {
        guard let record = try PeriodRecord.fetchOne(db, key: period.description) else { throw LedgerError.unknownPeriod(period) }
        return record
    }

    private func appendNote(_ old: String?, _ new: String) -> String {
        guard let old, !old.isEmpty else { return new }
        return old + "\n" + new
    }
}
