import GRDB

/// Billing sources (aws, azure, hpc, storage …). Config's known_sources are
/// registered on first use; `sources add` registers others by hand.
public struct SourceRegistry: Sendable {
    let store: LedgerStore

    public init(store: LedgerStore) { self.store = store }

    public func list() throws -> [SourceRecord] {
        try store.read { db in try SourceRecord.order(Column("name")).fetchAll(db) }
    }

    public func add(name: String, displayName: String?, actor: String) throws -> SourceRecord {
        try store.write { db in
            if try SourceRecord.filter(Column("name") == name).fetchOne(db) != nil { throw LedgerError.sourceExists(name) }
            return try insert(db, name: name, displayName: displayName, actor: actor)
        }
    }

    /// The source's id, registering it when `known` (listed in config).
    func resolve(_ db: Database, name: String, displayName: String?, known: Bool, actor: String) throws -> SourceRecord {
        if let existing = try SourceRecord.filter(Column("name") == name).fetchOne(db) { return existing }
        guard known else { throw LedgerError.unknownSource(name) }
        return try insert(db, name: name, displayName: displayName, actor: actor)
    }

    private func insert(_ db: Database, name: String, displayName: String?, actor: String) throws -> SourceRecord {
        guard Self.isValidName(name) else { throw LedgerError.invalidSourceName(name) }
        var record = SourceRecord(id: nil, name: name, displayName: displayName, createdAt: store.now())
        try record.insert(db)
        record.id = db.lastInsertedRowID
        try store.audit(db, actor: actor, action: "source.add", entity: "source", entityID: name, details: displayName ?? "")
        return record
    }

    /// The config's rule for source names, and at most 64 characters.
    public static func isValidName(_ name: String) -> Bool {
        name.count <= 64 && KnownSource.isValidName(name)
    }
}
