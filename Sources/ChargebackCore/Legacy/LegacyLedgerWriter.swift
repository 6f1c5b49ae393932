import Foundation
import GRDB

/// Writes a `LegacyImportPlan` into the ledger in ONE transaction: all of it
/// lands, or none. Nothing is weakened for anyone else: each period is written
/// as open, then given its legacy status (closed, finalized) as the last step
/// of the same transaction, so every trigger of ours applies to every row, and
/// no other connection ever sees a period half-imported.
///
/// Before anything is written it refuses a legacy file already imported
/// (same SHA-256: nothing to do) and periods the ledger already has. Before it
/// commits, `reconcile` must balance for every imported period.
public struct LegacyLedgerWriter: Sendable {
    let store: LedgerStore
    public init(store: LedgerStore) { self.store = store }

    /// An earlier run that imported the same legacy file.
    public struct PreviousRun: Sendable, Equatable {
        public var id: Int64
        public var legacyPath: String
        public var legacySHA256: String
        public var periods: String
        public var actor: String
        public var importedAt: String
    }

    /// What the ledger holds for one imported period, read inside the transaction.
    public struct PeriodResult: Sendable {
        public var period: BillingPeriod
        public var status: PeriodStatus
        public var reconcile: ReconcileReport
        /// The period's statement totals by PI × project.
        public var statements: [PeriodReport.PIProject]
    }

    public enum Outcome: Sendable {
        case alreadyImported(PreviousRun)
        case written(run: Int64, periods: [PeriodResult], committed: Bool)
    }

    /// The run that imported a legacy file with this SHA-256, if any.
    public func previousRun(sha256: String) throws -> PreviousRun? {
        try store.read { db in try Self.previousRun(db, sha256: sha256) }
    }

    static func previousRun(_ db: Database, sha256: String) throws -> PreviousRun? {
        try Row.fetchOne(db, sql: "SELECT * FROM legacy_imports WHERE legacy_sha256 = ? ORDER BY id LIMIT 1", arguments: [sha256]).map {
            PreviousRun(id: $0["id"], legacyPath: $0["legacy_path"], legacySHA256: $0["legacy_sha256"], periods: $0["periods"],
                        actor: $0["actor"], importedAt: $0["imported_at"])
        }
    }

    /// Writes `plan`, checks it, and commits unless `commit` is false (a dry run: everything is checked, then rolled back).
    public func write(_ plan: LegacyImportPlan, actor: String, commit: Bool) throws -> Outcome {
        var outcome: Outcome?
        do {
            try store.queue.writeWithoutTransaction { db in
                try db.inTransaction {
                    if let previous = try Self.previousRun(db, sha256: plan.origin.sha256) {
                        outcome = .alreadyImported(previous)
                        return .rollback
                    }
                    let existing = try plan.periods.map(\.record.period).filter { try PeriodRecord.fetchOne(db, key: $0) != nil }
                    if !existing.isEmpty { throw LegacyImportRefusal.periodsExist(existing, ledger: store.path) }
                    let run = try PlanWriter(db: db, store: store, plan: plan, actor: actor).write()
                    var results: [PeriodResult] = []
                    for period in plan.periods {
                        guard let p = BillingPeriod(period.record.period) else { continue }
                        let reconcile = try Reconciler.reconcile(db, p)
                        guard reconcile.balances else { throw LegacyImportRefusal.doesNotReconcile(p) }
                        results.append(PeriodResult(period: p, status: period.record.status, reconcile: reconcile,
                                                    statements: try PeriodReports.byPIProject(db, p)))
                    }
                    outcome = .written(run: run, periods: results, committed: commit)
                    return commit ? .commit : .rollback
                }
            }
        } catch let error as DatabaseError {
            throw LedgerError.from(error)
        }
        guard let outcome else { throw LedgerError.database("import-legacy: the transaction ended without a result") }
        return outcome
    }
}

/// Why a plan was not written.
public enum LegacyImportRefusal: Error, Equatable, CustomStringConvertible {
    case periodsExist([String], ledger: String)
    case doesNotReconcile(BillingPeriod)
    case invalidSourceName(legacy: String, ours: String)

    public var description: String {
        switch self {
        case .periodsExist(let periods, let ledger):
            return "\(ledger) already has period\(periods.count == 1 ? "" : "s") \(periods.joined(separator: ", ")): "
                + "import-legacy brings a legacy ledger into a ledger that has none of its periods; nothing was written "
                + "(name a new ledger file with --into)"
        case .doesNotReconcile(let p):
            return "period \(p) would not reconcile after the import (openchargeback reconcile -p \(p)): nothing was written"
        case .invalidSourceName(let legacy, let ours):
            return "legacy source \"\(legacy)\" gives the source name \"\(ours)\", which is not valid here: nothing was written"
        }
    }
}

/// The steps of one write, inside the caller's transaction, top to bottom.
private struct PlanWriter {
    let db: Database
    let store: LedgerStore
    let plan: LegacyImportPlan
    let actor: String

    func write() throws -> Int64 {
        let run = try insertRun()
        let sources = try writeSources(run: run)
        try writePeriods(run: run)
        let imports = try writeImports(run: run, sources: sources)
        let charges = try writeCharges(run: run, sources: sources, imports: imports)
        try writeLogs(run: run, charges: charges)
        try setStatuses()
        try store.audit(db, actor: actor, action: "legacy.import", entity: "legacy_import", entityID: String(run),
                        details: "\(plan.origin.path) sha256=\(plan.origin.sha256) periods=\(periodList) charges=\(plan.charges.count)")
        return run
    }

    private var periodList: String { plan.periods.map(\.record.period).joined(separator: ",") }

    private func insertRun() throws -> Int64 {
        try db.execute(sql: """
            INSERT INTO legacy_imports (legacy_path, legacy_sha256, legacy_bytes, legacy_schema_version, periods, time_zone, actor, imported_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [plan.origin.path, plan.origin.sha256, plan.origin.bytes, plan.origin.schemaVersion, periodList,
                             plan.origin.timeZone, actor, store.now()])
        return db.lastInsertedRowID
    }

    private func provenance(_ table: String, _ id: String, run: Int64, legacyTable: String, legacyID: Int64?, name: String? = nil) throws {
        // Cached: one row per charge (parsing the SQL each time cost a quarter of a 200k-charge import).
        try db.cachedStatement(sql: """
            INSERT INTO legacy_rows (our_table, our_id, legacy_import_id, legacy_table, legacy_id, legacy_name) VALUES (?, ?, ?, ?, ?, ?)
            """).execute(arguments: [table, id, run, legacyTable, legacyID, name])
    }

    /// Our source id by our name. A source the ledger has already is shared.
    private func writeSources(run: Int64) throws -> [String: Int64] {
        var ids: [String: Int64] = [:]
        for source in plan.sources {
            guard SourceRegistry.isValidName(source.name) else {
                throw LegacyImportRefusal.invalidSourceName(legacy: source.legacyName, ours: source.name)
            }
            let record = try SourceRegistry(store: store).resolve(db, name: source.name, displayName: source.displayName, known: true, actor: actor)
            let id = record.id ?? 0
            ids[source.name] = id
            try provenance("sources", String(id), run: run, legacyTable: "sources", legacyID: source.legacyID, name: source.legacyName)
        }
        return ids
    }

    /// Each period as open (its legacy status comes last), with its history.
    private func writePeriods(run: Int64) throws {
        for period in plan.periods {
            var record = period.record
            record.status = .open
            try record.insert(db)
            try provenance("periods", record.period, run: run, legacyTable: "billing_periods", legacyID: period.legacyID)
            for event in period.history { try audit(event, charges: [:], run: run) }
            try store.audit(db, actor: actor, action: "period.import-legacy", period: BillingPeriod(record.period), entity: "period",
                            entityID: record.period, details: "carried over from the legacy ledger \(plan.origin.path) as \(period.record.status.rawValue)")
        }
    }

    private struct ImportKey: Hashable { var period: String; var source: String }

    /// One import row per legacy import, and one for each period and source
    /// whose charges the legacy ledger logged no import for. Every row names
    /// the legacy file itself (path, SHA-256, size): that is the file the
    /// charges were read from. The legacy import's own file name is kept in
    /// `legacy_rows.legacy_name`. Returns our import id per legacy import id
    /// (and per period/source for the others, keyed by -1 … in `unlogged`).
    private func writeImports(run: Int64, sources: [String: Int64]) throws -> Imports {
        var attributed: [Int64: (rows: Int, billed: MoneySum)] = [:]
        var unlogged: [ImportKey: (rows: Int, billed: MoneySum)] = [:]
        for charge in plan.charges {
            if let id = charge.importLegacyID {
                attributed[id, default: (0, MoneySum())].rows += 1
                attributed[id, default: (0, MoneySum())].billed.add(charge.draft.billed)
            } else {
                let key = ImportKey(period: charge.draft.period.description, source: charge.source)
                unlogged[key, default: (0, MoneySum())].rows += 1
                unlogged[key, default: (0, MoneySum())].billed.add(charge.draft.billed)
            }
        }
        var result = Imports()
        for legacy in plan.imports {
            let counted = attributed[legacy.legacyID] ?? (0, MoneySum())
            let id = try insertImport(source: sources[legacy.source] ?? 0, period: legacy.period, rowsRead: legacy.rows,
                                      inserted: counted.rows, flaggedRows: legacy.flaggedRows, billed: legacy.billed,
                                      flagged: legacy.flagged, delta: try counted.billed.money(), at: legacy.importedAt)
            try provenance("imports", String(id), run: run, legacyTable: "imports", legacyID: legacy.legacyID, name: legacy.fileName)
            result.byLegacyID[legacy.legacyID] = id
        }
        for (key, counted) in unlogged.sorted(by: { ($0.key.period, $0.key.source) < ($1.key.period, $1.key.source) }) {
            guard let period = BillingPeriod(key.period) else { continue }
            let billed = try counted.billed.money()
            let id = try insertImport(source: sources[key.source] ?? 0, period: period, rowsRead: counted.rows, inserted: counted.rows,
                                      flaggedRows: 0, billed: billed, flagged: .zero, delta: billed, at: store.now())
            try provenance("imports", String(id), run: run, legacyTable: "imports", legacyID: nil)
            result.unlogged[key.period + "\u{1F}" + key.source] = id
        }
        return result
    }

    struct Imports {
        var byLegacyID: [Int64: Int64] = [:]
        var unlogged: [String: Int64] = [:]

        func id(for charge: LegacyImportPlan.Charge) -> Int64 {
            if let legacy = charge.importLegacyID, let id = byLegacyID[legacy] { return id }
            return unlogged[charge.draft.period.description + "\u{1F}" + charge.source] ?? 0
        }
    }

    // swiftlint:disable:next function_parameter_count
    private func insertImport(source: Int64, period: BillingPeriod, rowsRead: Int, inserted: Int, flaggedRows: Int,
                              billed: Money, flagged: Money, delta: Money, at: String) throws -> Int64 {
        let record = ImportRecord(
            id: nil, sourceId: source, fileName: ConfigPaths.baseName(plan.origin.path), filePath: plan.origin.path,
            fileSha256: plan.origin.sha256, fileBytes: plan.origin.bytes, requestedPeriod: period.description, rowsRead: rowsRead,
            rowsInserted: inserted, rowsUpdated: 0, rowsUnchanged: 0, rowsInvalid: 0, rowsFlagged: flaggedRows,
            billedNanos: billed.nanos, rejectsPath: nil, actor: LegacyImportPlan.unrecordedActor, importedAt: at)
        try record.insert(db)
        let id = db.lastInsertedRowID
        try db.execute(sql: """
            INSERT INTO import_periods (import_id, period, rows_read, rows_inserted, rows_updated, rows_unchanged,
                rows_flagged, billed_nanos, flagged_nanos, billed_delta_nanos) VALUES (?,?,?,?,?,?,?,?,?,?)
            """, arguments: [id, period.description, rowsRead, inserted, 0, 0, flaggedRows, billed.nanos, flagged.nanos, delta.nanos])
        return id
    }

    /// The charges, their identity keys, legacy keys (periods that can still
    /// be ingested into) and review decisions. Returns our id per legacy id.
    private func writeCharges(run: Int64, sources: [String: Int64], imports: Imports) throws -> [Int64: Int64] {
        let insert = try db.makeStatement(sql: ChargeWriter.insertSQL(rows: 1))
        let insertKey = try db.makeStatement(sql: ChargeWriter.insertKeySQL(rows: 1))
        let insertLegacyKey = try db.makeStatement(sql: """
            INSERT INTO legacy_charge_keys (charge_id, period, source_id, identity, resource_id, start_key) VALUES (?, ?, ?, ?, ?, ?)
            """)
        let finalized = Set(plan.periods.filter { $0.record.status == .finalized }.map(\.record.period))
        var identities = ChargeIdentity()
        var ids: [Int64: Int64] = [:]
        for charge in plan.charges {
            let d = charge.draft
            let period = d.period.description
            let source = sources[charge.source] ?? 0
            var values: [(any DatabaseValueConvertible)?] = [period, source, Data(contentHash(identities.contentHash(of: d))),
                                                             imports.id(for: charge), Int64(d.line)]
            d.forEachColumn(text: { values.append($0) }, int: { values.append($0) })
            values.append(charge.review.status.rawValue)
            values.append(charge.review.reason)
            try insert.execute(arguments: StatementArguments(values))
            let id = db.lastInsertedRowID
            ids[charge.legacyID] = id
            let identity = Data(LegacyChargeKey.identity(run: run, legacyID: charge.legacyID))
            try insertKey.execute(arguments: [period, source, identity, id])
            if !finalized.contains(period) {
                try insertLegacyKey.execute(arguments: [id, period, source, identity, d.resourceId, LegacyChargeKey.start(d.chargePeriodStart)])
            }
            try provenance("charges", String(id), run: run, legacyTable: "charges", legacyID: charge.legacyID)
            try writeDecision(charge, id: id, run: run)
        }
        return ids
    }

    private func contentHash(_ bytes: ContentBytes) -> [UInt8] {
        bytes.withBytes { Array($0) }
    }

    private func writeDecision(_ charge: LegacyImportPlan.Charge, id: Int64, run: Int64) throws {
        let (decision, reason, made): (String, String, LegacyImportPlan.Decision)
        switch charge.review {
        case .unflagged, .pending: return
        case .approved(let r, let m): (decision, reason, made) = ("approve", r, m)
        case .rejected(let r, let m): (decision, reason, made) = ("reject", r, m)
        }
        let record = ReviewDecisionRecord(id: nil, chargeId: id, period: charge.draft.period.description, decision: decision,
                                          flagReason: reason, billedNanos: charge.draft.billed.nanos, actor: made.actor,
                                          decidedAt: made.at, note: made.note, batch: nil)
        try record.insert(db)
        try provenance("review_decisions", String(db.lastInsertedRowID), run: run, legacyTable: "charges", legacyID: charge.legacyID)
        try store.audit(db, actor: made.actor, action: "review.\(decision)", period: charge.draft.period, entity: "charge",
                        entityID: String(id), details: reason + ": " + (made.note ?? "(no note: the legacy tool recorded none)"), at: made.at)
    }

    /// Statements, e-mails, journal exports, and the history without a table of ours.
    private func writeLogs(run: Int64, charges: [Int64: Int64]) throws {
        for statement in plan.statements {
            try statement.record.insert(db)
            try provenance("statements", String(db.lastInsertedRowID), run: run, legacyTable: "statements", legacyID: statement.legacyID)
        }
        for notification in plan.notifications {
            try notification.record.insert(db)
            try provenance("notifications", String(db.lastInsertedRowID), run: run, legacyTable: "email_logs", legacyID: notification.legacyID)
        }
        for export in plan.journalExports {
            try export.record.insert(db)
            try provenance("journal_exports", String(db.lastInsertedRowID), run: run, legacyTable: "journal_exports", legacyID: export.legacyID)
        }
        for event in plan.events { try audit(event, charges: charges, run: run) }
    }

    /// A history entry carried over, marked as such in `legacy_rows` (the audit trail shows it as legacy).
    private func audit(_ event: LegacyImportPlan.Event, charges: [Int64: Int64], run: Int64) throws {
        let entityID = event.legacyChargeID.flatMap { charges[$0] }.map(String.init) ?? event.entityID
        try store.audit(db, actor: event.actor, action: event.action, period: event.period, entity: event.entity,
                        entityID: entityID, details: event.details, at: event.at)
        try provenance("audit_log", String(db.lastInsertedRowID), run: run, legacyTable: Self.legacyTable(of: event), legacyID: nil)
    }

    /// The legacy table a history entry was read from.
    private static func legacyTable(of event: LegacyImportPlan.Event) -> String {
        switch (event.entity, event.action) {
        case ("period", _): return "billing_periods"
        case ("charge", "legacy.review-log"): return "review_logs"
        case ("charge", _): return "charges"
        case ("email", _): return "email_logs"
        case ("journal_export", _): return "journal_exports"
        default: return event.entity
        }
    }

    /// The legacy status, last: closed, or closed then finalized (each step a
    /// transition our triggers allow; a finalized period is permanent from here).
    private func setStatuses() throws {
        for period in plan.periods where period.record.status != .open {
            try db.execute(sql: "UPDATE periods SET status = 'closed' WHERE period = ?", arguments: [period.record.period])
            if period.record.status == .finalized {
                try db.execute(sql: "UPDATE periods SET status = 'finalized' WHERE period = ?", arguments: [period.record.period])
            }
        }
    }
}
