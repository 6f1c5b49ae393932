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
    enum Outcome: Equatable {
        case inserted, updated(previousBilled: Money, previousFile: String), unchanged
        /// A charge carried over from a legacy ledger, matched by its legacy key (`LegacyChargeMatch`).
        case matchedLegacy(previousBilled: Money, changed: Bool)
    }

    private let db: Database
    private let store: LedgerStore
    private let actor: String
    private let insertOne: Statement
    private let insertMany: Statement
    private let insertKey: Statement
    private let insertKeys: Statement
    private let lookup: Statement
    private let update: Statement
    private let legacy: LegacyChargeMatch
    /// Rows per multi-row INSERT (29 values each: 3,712 of SQLite's 32,766).
    /// 128 rather than 32: the narrow bench file's ingest went from 7.6 to
    /// 7.1 s, fewer statements run for the same rows.
    private static let insertBatchSize = 128
    /// Per "period/source": true when it had no charges when this run first met it.
    private var fresh: [String: Bool] = [:]
    private var lastFresh: (period: String, sourceID: Int64, fresh: Bool)?
    /// Identities of fresh rows written since `beginFile`, keyed at
    /// `finishFile`; the pair being written now is kept out of the dictionary.
    private var freshKeys: [PairKey: FreshKeys] = [:]
    private var currentKeys: (pair: PairKey, keys: FreshKeys)?
    private var lastPeriod: (period: BillingPeriod, text: String)?

    private struct PairKey: Hashable { var period: String; var sourceID: Int64 }

    init(db: Database, store: LedgerStore, actor: String, freshKeysRun: Int = 1 << 18) throws {
        self.freshKeysRun = freshKeysRun
        self.db = db
        self.store = store
        self.actor = actor
        legacy = LegacyChargeMatch(db: db)
        insertOne = try db.makeStatement(sql: Self.insertSQL(rows: 1))
        insertMany = try db.makeStatement(sql: Self.insertSQL(rows: Self.insertBatchSize))
        insertKey = try db.makeStatement(sql: Self.insertKeySQL(rows: 1))
        insertKeys = try db.makeStatement(sql: Self.insertKeySQL(rows: Self.insertBatchSize))
        lookup = try db.makeStatement(sql: """
            SELECT c.id, c.content_hash, c.billed_nanos, c.review_status, c.flag_reason, i.file_name, c.import_id, c.line
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
        let tuple = "(" + Array(repeating: "?", count: 29).joined(separator: ",") + ")"
        return """
            INSERT INTO charges (period, source_id, content_hash, import_id, line,
                billing_period_start, charge_period_start, charge_period_end, service_name,
                charge_category, charge_description, resource_id, resource_name, sku_id,
                billing_currency, list_nanos, contracted_nanos, billed_nanos, effective_nanos,
                pi_email, project_id, fund_org, cost_center, account_code, reference_1,
                reference_2, tags, review_status, flag_reason)
            VALUES \(Array(repeating: tuple, count: rows).joined(separator: ","))
            """
    }

    static func insertKeySQL(rows: Int) -> String {
        "INSERT INTO charge_keys (period, source_id, identity, charge_id) VALUES "
            + Array(repeating: "(?, ?, ?, ?)", count: rows).joined(separator: ",")
    }

    func beginFile() {
        freshKeys = [:]
        currentKeys = nil
    }

    /// Keys the fresh rows of this file.
    func finishFile() throws {
        try writeFreshKeys()
    }

    /// Fresh keys held before they are written in sorted runs: bounds memory
    /// (28 bytes a key) however large the file, while each run still walks
    /// the key table in order instead of jumping around it.
    private let freshKeysRun: Int
    private var freshKeysHeld = 0

    /// Writes the held identity keys, each (period, source) sorted by identity.
    private func writeFreshKeys() throws {
        if let current = currentKeys { freshKeys[current.pair] = current.keys }
        currentKeys = nil
        freshKeysHeld = 0
        for pair in freshKeys.keys.sorted(by: { ($0.period, $0.sourceID) < ($1.period, $1.sourceID) }) {
            guard let keys = freshKeys[pair] else { continue }
            let full = keys.count - keys.count % Self.insertBatchSize
            var written = 0
            var many = SQLiteBinder(insertKeys)
            try keys.forEachSorted { identity, chargeID in
                if written < full {
                    // 32 keys to a statement; the identity bytes stay valid
                    // until the run (they live in `keys`), so no copy is made.
                    many.text(pair.period)
                    many.int(pair.sourceID)
                    many.blobStatic(identity)
                    many.int(chargeID)
                    written += 1
                    if written % Self.insertBatchSize == 0 {
                        try many.run(db)
                        many = SQLiteBinder(insertKeys)
                    }
                } else {
                    var one = SQLiteBinder(insertKey)
                    one.text(pair.period)
                    one.int(pair.sourceID)
                    one.blob(identity)
                    one.int(chargeID)
                    try one.run(db)
                }
            }
        }
        freshKeys = [:]
    }

    /// Writes one batch from the reading thread; `outcomes[i]` tells what
    /// happened to `batch[i]`. Rows are read in place, never copied.
    func write(_ batch: PreparedBatch, sourceID: Int64, importID: Int64, outcomes: inout [Outcome]) throws {
        outcomes.removeAll(keepingCapacity: true)
        var freshRun: [Int] = []
        freshRun.reserveCapacity(Self.insertBatchSize)
        try batch.withCharges { charges in
            for i in charges.indices {
                let period = text(of: charges[i].draft.period)
                if try isFresh(period: period, sourceID: sourceID) {
                    freshRun.append(i)
                    outcomes.append(.inserted)
                    if freshRun.count == Self.insertBatchSize {
                        try insertFresh(batch, charges, freshRun, sourceID: sourceID, importID: importID)
                        freshRun.removeAll(keepingCapacity: true)
                    }
                } else {
                    outcomes.append(try writeExisting(charges[i], period: period, sourceID: sourceID, importID: importID))
                }
            }
            try insertFresh(batch, charges, freshRun, sourceID: sourceID, importID: importID)
        }
    }

    /// A row of a (period, source) that has charges: look it up first.
    private func writeExisting(_ charge: PreparedCharge, period: String, sourceID: Int64, importID: Int64) throws -> Outcome {
        var find = SQLiteBinder(lookup)
        find.text(period)
        find.int(sourceID)
        find.blob(charge.identity)
        guard try find.step(db) else {
            if let claimed = try legacy.claim(period: period, sourceID: sourceID, draft: charge.draft) {
                return try adopt(claimed, charge, period: period, sourceID: sourceID, importID: importID)
            }
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
        if charge.content.equals(oldContent) { return .unchanged }
        let previous = ChargeRevision.State(importID: find.columnInt(6), line: find.columnInt(7), billed: oldBilled,
                                            reviewStatus: oldStatus, flagReason: oldReason)
        var b = SQLiteBinder(update)
        b.blob(charge.content)
        b.int(importID)
        b.int(Int64(charge.draft.line))
        bindFields(&b, charge.draft)
        bindReview(&b, charge.flagReason)
        b.int(id)
        try b.run(db)
        let at = store.now()
        try store.audit(db, actor: actor, action: "charge.update", period: charge.draft.period, entity: "charge", entityID: String(id),
                        details: changeDetails(oldBilled: oldBilled, oldStatus: oldStatus, oldReason: oldReason, draft: charge.draft,
                                               flagReason: charge.flagReason), at: at)
        let after = ChargeRevision.State(importID: importID, line: Int64(charge.draft.line), billed: charge.draft.billed,
                                         reviewStatus: ReviewStatus.afterIngest(flagReason: charge.flagReason).rawValue,
                                         flagReason: charge.flagReason)
        try ChargeRevision(chargeID: id, period: period, before: previous, after: after, legacyMatch: false)
            .record(db, auditID: db.lastInsertedRowID, actor: actor, at: at)
        return .updated(previousBilled: oldBilled, previousFile: oldFile)
    }

    /// The row takes over a charge carried over from a legacy ledger: keyed by
    /// the row's identity from now on, its data refreshed from the row, its
    /// review decision kept when its billing is what the row says.
    private func adopt(_ claimed: LegacyChargeMatch.Claimed, _ charge: PreparedCharge, period: String, sourceID: Int64,
                       importID: Int64) throws -> Outcome {
        try legacy.rekey(claimed, period: period, sourceID: sourceID, identity: charge.identity)
        let unchanged = claimed.sameBilling(as: charge.draft)
        var b = SQLiteBinder(update)
        b.blob(charge.content)
        b.int(importID)
        b.int(Int64(charge.draft.line))
        bindFields(&b, charge.draft)
        if unchanged {
            b.text(claimed.reviewStatus)
            b.text(claimed.flagReason)
        } else {
            bindReview(&b, charge.flagReason)
        }
        b.int(claimed.chargeID)
        try b.run(db)
        let previous = Money(nanos: claimed.billed)
        let at = store.now()
        try store.audit(db, actor: actor, action: "charge.match-legacy", period: charge.draft.period, entity: "charge",
                        entityID: String(claimed.chargeID),
                        details: "line \(charge.draft.line) matched the charge carried over from the legacy ledger; "
                            + (unchanged ? "billing unchanged, review kept (\(claimed.reviewStatus))"
                                : changeDetails(oldBilled: previous, oldStatus: claimed.reviewStatus, oldReason: claimed.flagReason,
                                                draft: charge.draft, flagReason: charge.flagReason)), at: at)
        let review = unchanged ? (status: claimed.reviewStatus, reason: claimed.flagReason)
            : (status: ReviewStatus.afterIngest(flagReason: charge.flagReason).rawValue, reason: charge.flagReason)
        let before = ChargeRevision.State(importID: claimed.importID, line: claimed.line, billed: previous,
                                          reviewStatus: claimed.reviewStatus, flagReason: claimed.flagReason)
        let after = ChargeRevision.State(importID: importID, line: Int64(charge.draft.line), billed: charge.draft.billed,
                                         reviewStatus: review.status, flagReason: review.reason)
        try ChargeRevision(chargeID: claimed.chargeID, period: period, before: before, after: after, legacyMatch: true)
            .record(db, auditID: db.lastInsertedRowID, actor: actor, at: at)
        return .matchedLegacy(previousBilled: previous, changed: !unchanged)
    }

    /// Inserts fresh rows, 32 to a statement with their text bound straight
    /// from the batch's packed buffer, and remembers their ids: a charge id is
    /// one more than the largest, so the rows of one statement have
    /// consecutive ids ending at `lastInsertedRowID`.
    /// `charges` is `batch`'s rows, borrowed in place (`PreparedBatch.withCharges`).
    private func insertFresh(_ batch: PreparedBatch, _ charges: UnsafeBufferPointer<PreparedCharge>, _ indices: [Int],
                             sourceID: Int64, importID: Int64) throws {
        guard !indices.isEmpty else { return }
        if indices.count == Self.insertBatchSize {
            try batch.text.withUnsafeBufferPointer { packed in
                var b = SQLiteBinder(insertMany)
                guard let first = charges.baseAddress else { return }
                for i in indices { bindPacked(&b, batch, first + i, row: i, packed: packed, sourceID: sourceID, importID: importID) }
                try b.run(db)
            }
            let last = db.lastInsertedRowID
            for (offset, i) in indices.enumerated() {
                try remember(charges[i].identity, period: charges[i].draft.period, sourceID: sourceID,
                             chargeID: last - Int64(indices.count - 1 - offset))
            }
            return
        }
        for i in indices {
            var b = SQLiteBinder(insertOne)
            bindInsert(&b, charges[i], sourceID: sourceID, importID: importID)
            try b.run(db)
            try remember(charges[i].identity, period: charges[i].draft.period, sourceID: sourceID, chargeID: db.lastInsertedRowID)
        }
    }

    /// Binds one row of a batch, its text from the packed buffer (valid
    /// until the statement has run). `charge` points into the batch: read in
    /// place, as a copy of the row retained and released every text field
    /// (5 % of the writing thread's samples).
    private func bindPacked(_ b: inout SQLiteBinder, _ batch: PreparedBatch, _ charge: UnsafePointer<PreparedCharge>, row: Int,
                            packed: UnsafeBufferPointer<UInt8>, sourceID: Int64, importID: Int64) {
        b.text(text(of: charge.pointee.draft.period))
        b.int(sourceID)
        b.blob(charge.pointee.content)
        b.int(importID)
        b.int(Int64(charge.pointee.draft.line))
        var column = row * PreparedBatch.textColumns * 2
        charge.pointee.draft.forEachColumn(text: { _ in
            b.textStatic(packed, start: batch.spans[column], length: batch.spans[column + 1])
            column += 2
        }, int: { b.int($0) })
        bindReview(&b, charge.pointee.flagReason)
    }

    /// Takes the identity and period alone: handing over the whole charge
    /// copied it (a retain and release of every text field), 17 % of the
    /// writing thread's samples on the narrow bench file.
    private func remember(_ identity: IdentityBytes, period: BillingPeriod, sourceID: Int64, chargeID: Int64) throws {
        let pair = PairKey(period: text(of: period), sourceID: sourceID)
        if currentKeys?.pair != pair {
            if let current = currentKeys { freshKeys[current.pair] = current.keys }
            currentKeys = (pair, freshKeys.removeValue(forKey: pair) ?? FreshKeys())
        }
        identity.withBytes { currentKeys?.keys.append(identity: $0, chargeID: chargeID) }
        freshKeysHeld += 1
        if freshKeysHeld >= freshKeysRun { try writeFreshKeys() }
    }

    private func bindInsert(_ b: inout SQLiteBinder, _ charge: PreparedCharge, sourceID: Int64, importID: Int64) {
        b.text(text(of: charge.draft.period))
        b.int(sourceID)
        b.blob(charge.content)
        b.int(importID)
        b.int(Int64(charge.draft.line))
        bindFields(&b, charge.draft)
        bindReview(&b, charge.flagReason)
    }

    /// The columns shared by insert and update, in the same order in both.
    private func bindFields(_ b: inout SQLiteBinder, _ d: ChargeDraft) {
        d.forEachColumn(text: { b.text($0) }, int: { b.int($0) })
    }

    private func bindReview(_ b: inout SQLiteBinder, _ flagReason: String?) {
        b.text(ReviewStatus.afterIngest(flagReason: flagReason).rawValue)
        b.text(flagReason)
    }

    private func isFresh(period: String, sourceID: Int64) throws -> Bool {
        if let last = lastFresh, last.sourceID == sourceID, last.period == period { return last.fresh }
        let key = "\(period)/\(sourceID)"
        let result: Bool
        if let known = fresh[key] {
            result = known
        } else {
            let existing = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM charge_keys WHERE period = ? AND source_id = ?)",
                                             arguments: [period, sourceID]) ?? false
            result = !existing
            fresh[key] = result
        }
        lastFresh = (period, sourceID, result)
        return result
    }

    private func text(of period: BillingPeriod) -> String {
        if let last = lastPeriod, last.period == period { return last.text }
        let text = period.description
        lastPeriod = (period, text)
        return text
    }

    private func changeDetails(oldBilled: Money, oldStatus: String, oldReason: String?, draft: ChargeDraft, flagReason: String?) -> String {
        let newStatus = ReviewStatus.afterIngest(flagReason: flagReason).rawValue
        var parts = ["line \(draft.line)"]
        if oldBilled != draft.billed { parts.append("billed \(oldBilled) -> \(draft.billed)") } else { parts.append("data changed, billed \(draft.billed)") }
        let oldText = oldStatus + (oldReason.map { " (\($0))" } ?? "")
        let newText = newStatus + (flagReason.map { " (\($0))" } ?? "")
        if oldText != newText { parts.append("review \(oldText) -> \(newText)") }
        return parts.joined(separator: "; ")
    }
}
