import GRDB

/// The ledger's record of period snapshots (`archives`, append-only, plus a
/// line in the audit log): which zip `build` made for a finalized period, its
/// size and SHA-256, who ran the build and when. `build` calls `record` once
/// per archive it writes (not for one it keeps from an earlier build).
public struct ArchiveLog: Sendable {
    let store: LedgerStore
    public init(store: LedgerStore) { self.store = store }

    @discardableResult
    public func record(period: BillingPeriod, path: String, bytes: Int64, sha256: String, actor: String) throws -> ArchiveRecord {
        try store.write { db in
            guard let status = try PeriodRecord.fetchOne(db, key: period.description)?.status else { throw LedgerError.unknownPeriod(period) }
            guard status == .finalized else { throw LedgerError.notFinalized(period, status) }
            var record = ArchiveRecord(id: nil, period: period.description, path: path, bytes: bytes, sha256: sha256,
                                       actor: actor, createdAt: store.now())
            try record.insert(db)
            record.id = db.lastInsertedRowID
            try store.audit(db, actor: actor, action: "archive.create", period: period, entity: "archive",
                            entityID: String(db.lastInsertedRowID), details: "\(path) \(bytes) bytes sha256 \(sha256)", at: record.createdAt)
            return record
        }
    }

    public func list(period: BillingPeriod) throws -> [ArchiveRecord] {
        try store.read { db in
            try ArchiveRecord.filter(Column("period") == period.description).order(Column("id")).fetchAll(db)
        }
    }
}
