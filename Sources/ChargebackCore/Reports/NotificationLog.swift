import GRDB

/// The ledger's log of e-mail notices (`notifications`, append-only, plus a
/// line in the audit log): every attempt, sent, failed or written in dev mode.
public struct NotificationLog: Sendable {
    let store: LedgerStore
    public init(store: LedgerStore) { self.store = store }

    /// Appends `record`, stamped with the store's clock; returns it as stored.
    @discardableResult
    public func record(_ record: NotificationRecord) throws -> NotificationRecord {
        try store.write { db in
            var stored = record
            stored.at = store.now()
            try stored.insert(db)
            stored.id = db.lastInsertedRowID
            try store.audit(db, actor: stored.actor, action: "notice.\(stored.status.rawValue)", period: BillingPeriod(stored.period),
                            entity: "notification", entityID: String(db.lastInsertedRowID),
                            details: "\(stored.recipient) (\(stored.piEmail))", at: stored.at)
            return stored
        }
    }

    /// Every attempt for `period`, oldest first.
    public func list(period: BillingPeriod) throws -> [NotificationRecord] {
        try store.read { db in try Self.list(db, period: period.description) }
    }

    static func list(_ db: Database, period: String) throws -> [NotificationRecord] {
        try NotificationRecord.filter(Column("period") == period).order(Column("id")).fetchAll(db)
    }

    /// Each PI's latest `sent` notice for `period`, by lowercased PI e-mail
    /// (PIs are matched case-insensitively, as on statements).
    public func lastSent(period: BillingPeriod) throws -> [String: NotificationRecord] {
        var out: [String: NotificationRecord] = [:]
        for record in try list(period: period) where record.status == .sent {
            out[record.piEmail.lowercased()] = record
        }
        return out
    }
}
