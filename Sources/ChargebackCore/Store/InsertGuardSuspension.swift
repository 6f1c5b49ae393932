import GRDB

/// Lifts the `charges_insert_guard` trigger for the length of one ingest
/// transaction and puts it back before the transaction ends.
///
/// A row trigger costs SQLite about as much as storing the row itself, and an
/// ingest adds a million rows. The rule it enforces (no charge added to a
/// closed or finalized period) is checked by ingest for every period it
/// writes to, and while this transaction holds the write lock no other
/// connection can write at all; the trigger is back before COMMIT, so every
/// committed state, as any other tool sees it, has it.
enum InsertGuardSuspension {
    static func lift(_ db: Database) throws {
        try db.execute(sql: "DROP TRIGGER IF EXISTS charges_insert_guard")
    }

    static func restore(_ db: Database) throws {
        try db.execute(sql: "DROP TRIGGER IF EXISTS charges_insert_guard")
        try db.execute(sql: LedgerSchema.chargesInsertGuard)
    }
}
