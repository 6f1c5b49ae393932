import GRDB

/// Writes prepared charges into the ledger inside the ingest's transaction:
/// insert new ones, leave unchanged ones (and their review decisions) alone,
/// update and re-evaluate changed ones, logging each change.
///
/// Two paths. A (period, source) with no charges yet ("fresh") can only
/// receive new rows: they are inserted 32 to a statement without lookups,
/// and their identities are keyed in one sorted insert when the file is done.
/// Otherwise every row is looked up by identity first.
final class ChargeWriter {
    enum Outcome: Equatable { case inserted, updated(previousBilled: Money, previousFile: String), unchanged }

    private let db: Database
    private let store: LedgerStore
    private let actor: String
    private let insertOne: Statement
    private let insertMany: Statement
    private let insertKey: Statement
    private let lookup: Statement
    private let update: Statement
    private static let insertBatchSize = 32
    private var pending: [(charge: PreparedCharge, sourceID: Int64, importID: Int64)] = []
    /// Per "period/source": true when it had no charges when this run first met it.
    private var fresh: [String: Bool] = [:]
    /// Fresh pairs written since `beginFile`, and the last charge id before it.
    private var freshInFile: Set<PairKey> = []
    private var idBeforeFile: Int64 = 0
    private var lastPeriod: (period: BillingPeriod, text: String)?

    private struct PairKey: Hashable { var period: String; var sourceID: Int64 }

    init(db: Database, store: LedgerStore, actor: String) throws {
        self.db = db
        self.store = store
        self.actor = actor
        insertOne = try db.makeStatement(sql: Self.insertSQL(rows: 1))
        insertMany = try db.makeStatement(sql: Self.insertSQL(rows: Self.insertBatchSize))
        insertKey = try db.makeStatement(sql: "INSERT INTO charge_keys (period, source_id, identity, charge_id) VALUES (?, ?, ?, ?)")
        lookup = try db.makeStatement(sql: """
            SELECT c.id, c.content_hash, c.billed_nanos, c.review_status, c.flag_reason, i.file_name
            FROM charge_keys k JOIN charges c ON c.id = k.charge_id JOIN imports i ON i.id = c.import_id
            WHERE k.period = ? AND k.source_id = ? AND k.identity = ?
            """)
        update = try db.makeStatement(sql: """
            UPDATE charges SET content_hash = ?, import_id = ?, line = ?,
                billing_period_start = ?, charge_period_start = ?, charge_period_end = ?,
                service_name = ?, charge_category = ?, charge_description = ?, resource_id = ?,
                resource_name = ?, sku_id = ?, billing_currency = ?, list_nanos = ?,
                contracted_nanos = ?, billed_nanos = ?, effective_nanos = ?, pi_email = ?,
                project_id = ?, fund_org = ?, cost_center = ?, account_code = ?,
                reference_1 = ?, reference_2 = ?, tags = ?, review_status = ?, flag_reason = ?
            WHERE id = ?
            """)
    }

    static func insertSQL(rows: Int) -> String {
        let tuple = "(" + Array(repeating: "?", count: 30).joined(separator: ",") + ")"
        return """
            INSERT INTO charges (period, source_id, identity, content_hash, import_id, line,
                billing_period_start, charge_period_start, charge_period_end, service_name,
                charge_category, charge_description, resource_id, resource_name, sku_id,
                billing_currency, list_nanos, contracted_nanos, billed_nanos, effective_nanos,
                pi_email, project_id, fund_org, cost_center, account_code, reference_1,
                reference_2, tags, review_status, flag_reason)
            VALUES \(Array(repeating: tuple, count: rows).joined(separator: ","))
            """
    }

    func beginFile() throws {
        idBeforeFile = try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(id), 0) FROM charges") ?? 0
        freshInFile = []
    }

    /// Writes what is still held back and keys the fresh rows of this file,
    /// sorted, so the key table grows by appending.
    func finishFile() throws {
        try flush()
        for pair in freshInFile.sorted(by: { ($0.period, $0.sourceID) < ($1.period, $1.sourceID) }) {
            try db.execute(sql: """
                INSERT INTO charge_keys (period, source_id, identity, charge_id)
                SELECT period, source_id, identity, id FROM charges
                WHERE id > ? AND period = ? AND source_id = ? ORDER BY identity
                """, arguments: [idBeforeFile, pair.period, pair.sourceID])
        }
        freshInFile = []
    }

    func write(_ charge: PreparedCharge, sourceID: Int64, importID: Int64) throws -> Outcome {
        let draft = charge.draft
        let period = text(of: draft.period)
        if try isFresh(period: period, sourceID: sourceID) {
            freshInFile.insert(PairKey(period: period, sourceID: sourceID))
            pending.append((charge, sourceID, importID))
            if pending.count == Self.insertBatchSize { try flush() }
            return .inserted
        }
        var find = SQLiteBinder(lookup)
        find.text(period)
        find.int(sourceID)
        find.blob(charge.identity)
        guard try find.step(db) else {
            var b = SQLiteBinder(insertOne)
            bindInsert(&b, charge, sourceID: sourceID, importID: importID)
            try b.run(db)
            var key = SQLiteBinder(insertKey)
            key.text(period)
            key.int(sourceID)
            key.blob(charge.identity)
            key.int(db.lastInsertedRowID)
            try key.run(db)
            return .inserted
        }
        let id = find.columnInt(0)
        let oldContent = find.columnBlob(1)
        let oldBilled = Money(nanos: find.columnInt(2))
        let oldStatus = find.columnText(3) ?? ""
        let oldReason = find.columnText(4)
        let oldFile = find.columnText(5) ?? ""
        if oldContent == charge.content { return .unchanged }
        var b = SQLiteBinder(update)
        b.blob(charge.content)
        b.int(importID)
        b.int(Int64(draft.line))
        bindFields(&b, draft)
        bindReview(&b, charge.flagReason)
        b.int(id)
        try b.run(db)
        try store.audit(db, actor: actor, action: "charge.update", period: draft.period, entity: "charge", entityID: String(id),
                        details: changeDetails(oldBilled: oldBilled, oldStatus: oldStatus, oldReason: oldReason, draft: draft,
                                               flagReason: charge.flagReason))
        return .updated(previousBilled: oldBilled, previousFile: oldFile)
    }

    private func flush() throws {
        guard !pending.isEmpty else { return }
        var start = 0
        if pending.count == Self.insertBatchSize {
            var b = SQLiteBinder(insertMany)
            for p in pending { bindInsert(&b, p.charge, sourceID: p.sourceID, importID: p.importID) }
            try b.run(db)
            start = pending.count
        }
        for p in pending[start...] {
            var b = SQLiteBinder(insertOne)
            bindInsert(&b, p.charge, sourceID: p.sourceID, importID: p.importID)
            try b.run(db)
        }
        pending.removeAll(keepingCapacity: true)
    }

    private func bindInsert(_ b: inout SQLiteBinder, _ charge: PreparedCharge, sourceID: Int64, importID: Int64) {
        b.text(text(of: charge.draft.period))
        b.int(sourceID)
        b.blob(charge.identity)
        b.blob(charge.content)
        b.int(importID)
        b.int(Int64(charge.draft.line))
        bindFields(&b, charge.draft)
        bindReview(&b, charge.flagReason)
    }

    /// The columns shared by insert and update, in the same order in both.
    private func bindFields(_ b: inout SQLiteBinder, _ d: ChargeDraft) {
        b.text(d.billingPeriodStart)
        b.text(d.chargePeriodStart)
        b.text(d.chargePeriodEnd)
        b.text(d.serviceName)
        b.text(d.chargeCategory)
        b.text(d.chargeDescription)
        b.text(d.resourceId)
        b.text(d.resourceName)
        b.text(d.skuId)
        b.text(d.billingCurrency)
        b.int(d.list.nanos)
        b.int(d.contracted.nanos)
        b.int(d.billed.nanos)
        b.int(d.effective.nanos)
        b.text(d.piEmail)
        b.text(d.projectId)
        b.text(d.fundOrg)
        b.text(d.costCenter)
        b.text(d.accountCode)
        b.text(d.reference1)
        b.text(d.reference2)
        b.text(d.tags)
    }

    private func bindReview(_ b: inout SQLiteBinder, _ flagReason: String?) {
        b.text(flagReason == nil ? ReviewStatus.unflagged.rawValue : ReviewStatus.pending.rawValue)
        b.text(flagReason)
    }

    private func isFresh(period: String, sourceID: Int64) throws -> Bool {
        let key = "\(period)/\(sourceID)"
        if let known = fresh[key] { return known }
        let existing = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM charge_keys WHERE period = ? AND source_id = ?)",
                                         arguments: [period, sourceID]) ?? false
        fresh[key] = !existing
        return !existing
    }

    private func text(of period: BillingPeriod) -> String {
        if let last = lastPeriod, last.period == period { return last.text }
        let text = period.description
        lastPeriod = (period, text)
        return text
    }

    private func changeDetails(oldBilled: Money, oldStatus: String, oldReason: String?, draft: ChargeDraft, flagReason: String?) -> String {
        let newStatus = flagReason == nil ? ReviewStatus.unflagged.rawValue : ReviewStatus.pending.rawValue
        var parts = ["line \(draft.line)"]
        if oldBilled != draft.billed { parts.append("billed \(oldBilled) -> \(draft.billed)") } else { parts.append("data changed, billed \(draft.billed)") }
        let oldText = oldStatus + (oldReason.map { " (\($0))" } ?? "")
        let newText = newStatus + (flagReason.map { " (\($0))" } ?? "")
        if oldText != newText { parts.append("review \(oldText) -> \(newText)") }
        return parts.joined(separator: "; ")
    }
}
