import GRDB

/// Writes charge drafts into the ledger inside the ingest's transaction:
/// insert new ones, leave unchanged ones (and their review decisions) alone,
/// update and re-evaluate changed ones, logging each change.
final class ChargeWriter {
    enum Outcome: Equatable { case inserted, updated(previousBilled: Money, previousFile: String), unchanged }

    private let db: Database
    private let store: LedgerStore
    private let actor: String
    private let insert: Statement
    private let lookup: Statement
    private let update: Statement
    /// (source, period) pairs that had no charges when this run first met
    /// them: their rows can only be new, so the lookup is skipped.
    private var fresh: [String: Bool] = [:]

    init(db: Database, store: LedgerStore, actor: String) throws {
        self.db = db
        self.store = store
        self.actor = actor
        insert = try db.makeStatement(sql: """
            INSERT INTO charges (period, source_id, identity, content_hash, import_id, line,
                billing_period_start, charge_period_start, charge_period_end, service_name,
                charge_category, charge_description, resource_id, resource_name, sku_id,
                billing_currency, list_nanos, contracted_nanos, billed_nanos, effective_nanos,
                pi_email, project_id, fund_org, cost_center, account_code, reference_1,
                reference_2, tags, review_status, flag_reason)
            VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
            """)
        lookup = try db.makeStatement(sql: """
            SELECT c.id, c.content_hash, c.billed_nanos, c.review_status, c.flag_reason, i.file_name
            FROM charges c JOIN imports i ON i.id = c.import_id
            WHERE c.source_id = ? AND c.period = ? AND c.identity = ?
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

    func write(_ draft: ChargeDraft, identity: [UInt8], sourceID: Int64, importID: Int64, flagReason: String?) throws -> Outcome {
        let content = ChargeIdentity.contentHash(of: draft)
        if try !isFresh(sourceID: sourceID, period: draft.period) {
            var find = SQLiteBinder(lookup)
            find.int(sourceID)
            find.text(draft.period.description)
            find.blob(identity)
            if try find.step(db) {
                let id = find.columnInt(0)
                let oldContent = find.columnBlob(1)
                let oldBilled = Money(nanos: find.columnInt(2))
                let oldStatus = find.columnText(3) ?? ""
                let oldReason = find.columnText(4)
                let oldFile = find.columnText(5) ?? ""
                if oldContent == content { return .unchanged }
                try rewrite(id: id, draft: draft, content: content, importID: importID, flagReason: flagReason)
                try store.audit(db, actor: actor, action: "charge.update", period: draft.period, entity: "charge", entityID: String(id),
                                details: changeDetails(oldBilled: oldBilled, oldStatus: oldStatus, oldReason: oldReason, draft: draft, flagReason: flagReason))
                return .updated(previousBilled: oldBilled, previousFile: oldFile)
            }
        }
        var b = SQLiteBinder(insert)
        b.text(draft.period.description)
        b.int(sourceID)
        b.blob(identity)
        b.blob(content)
        b.int(importID)
        b.int(Int64(draft.line))
        bindFields(&b, draft)
        b.text(flagReason == nil ? ReviewStatus.unflagged.rawValue : ReviewStatus.pending.rawValue)
        b.text(flagReason)
        try b.run(db)
        return .inserted
    }

    private func rewrite(id: Int64, draft: ChargeDraft, content: [UInt8], importID: Int64, flagReason: String?) throws {
        var b = SQLiteBinder(update)
        b.blob(content)
        b.int(importID)
        b.int(Int64(draft.line))
        bindFields(&b, draft)
        b.text(flagReason == nil ? ReviewStatus.unflagged.rawValue : ReviewStatus.pending.rawValue)
        b.text(flagReason)
        b.int(id)
        try b.run(db)
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

    private func isFresh(sourceID: Int64, period: BillingPeriod) throws -> Bool {
        let key = "\(sourceID)/\(period)"
        if let known = fresh[key] { return known }
        let existing = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM charges WHERE source_id = ? AND period = ?)",
                                         arguments: [sourceID, period.description]) ?? false
        fresh[key] = !existing
        return !existing
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
