import Foundation
import GRDB

/// Flagged charges and the decisions on them. Only charges awaiting review
/// (`pending`) can be approved or rejected; every decision is recorded with
/// actor, time, note and amount, and written to the audit log.
public struct ReviewQueue: Sendable {
    let store: LedgerStore

    public init(store: LedgerStore) { self.store = store }

    public struct Filter: Sendable {
        public var period: BillingPeriod?
        /// A flag reason, or a prefix ending in `:` / `*` (`pattern_match:*`).
        public var reason: String?
        public init(period: BillingPeriod? = nil, reason: String? = nil) {
            self.period = period
            self.reason = reason
        }
    }

    /// Charges awaiting review, oldest period first.
    public func pending(_ filter: Filter = Filter()) throws -> [ChargeRecord] {
        try store.read { db in
            var sql = "SELECT \(ChargeRecord.selection) FROM \(ChargeQuery.chargesWithSource) WHERE c.review_status = 'pending'"
            var arguments: StatementArguments = []
            if let period = filter.period {
                sql += " AND c.period = ?"
                arguments += [period.description]
            }
            if let reason = filter.reason {
                if reason.hasSuffix("*") || reason.hasSuffix(":") {
                    sql += " AND substr(c.flag_reason, 1, ?) = ?"
                    let prefix = reason.hasSuffix("*") ? String(reason.dropLast()) : reason
                    arguments += [prefix.utf8.count, prefix]
                } else {
                    sql += " AND c.flag_reason = ?"
                    arguments += [reason]
                }
            }
            sql += " ORDER BY c.period, c.id"
            return try ChargeRecord.fetchAll(db, sql: sql, arguments: arguments)
        }
    }

    public struct Outcome: Sendable, Equatable {
        /// Charges whose status changed.
        public var changed: Int
        /// Requested charges that were not awaiting review (already decided, never flagged).
        public var skipped: [Int64]
        public var amount: MoneySum
    }

    /// Approves the given charges, or every pending charge of `period`.
    public func approve(ids: [Int64], period: BillingPeriod?, note: String?, actor: String) throws -> Outcome {
        try decide(.approved, ids: ids, period: period, note: note, actor: actor)
    }

    /// Rejects charges. A note saying why is kept with the decision; without
    /// one (the legacy tool's `review reject --id N`) the decision's note is NULL
    /// and the audit log says "no note". A note given empty is refused.
    public func reject(ids: [Int64], note: String?, actor: String) throws -> Outcome {
        if let note, note.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { throw LedgerError.emptyValue("the rejection note") }
        return try decide(.rejected, ids: ids, period: nil, note: note, actor: actor)
    }

    /// What the audit log says in place of a rejection's missing note.
    public static let noNote = "no note"

    private func decide(_ status: ReviewStatus, ids: [Int64], period: BillingPeriod?, note: String?, actor: String) throws -> Outcome {
        try store.write { db in
            var targets: [(id: Int64, period: String, reason: String?, billed: Int64, status: ReviewStatus)] = []
            if !ids.isEmpty {
                let unique = Array(Set(ids)).sorted()
                let rows = try Row.fetchAll(db, sql: "SELECT id, period, flag_reason, billed_nanos, review_status FROM charges WHERE id IN (\(unique.map { _ in "?" }.joined(separator: ",")))",
                                            arguments: StatementArguments(unique))
                let found = Set(rows.map { $0["id"] as Int64 })
                let missing = unique.filter { !found.contains($0) }
                if !missing.isEmpty { throw LedgerError.noSuchCharges(missing) }
                targets = rows.map { ($0["id"], $0["period"], $0["flag_reason"], $0["billed_nanos"], $0["review_status"]) }
            } else if let period {
                let rows = try Row.fetchAll(db, sql: "SELECT id, period, flag_reason, billed_nanos, review_status FROM charges WHERE period = ? AND review_status = 'pending' ORDER BY id",
                                            arguments: [period.description])
                targets = rows.map { ($0["id"], $0["period"], $0["flag_reason"], $0["billed_nanos"], $0["review_status"]) }
            }
            for p in Set(targets.map(\.period)) {
                if let record = try PeriodRecord.fetchOne(db, key: p), record.status == .finalized, let bp = BillingPeriod(p) {
                    throw LedgerError.periodFinalized(bp)
                }
            }
            let batch = targets.count > 1 ? UUID().uuidString.lowercased() : nil
            let decision = status == .approved ? "approve" : "reject"
            let now = store.now()
            var outcome = Outcome(changed: 0, skipped: [], amount: MoneySum())
            for target in targets {
                guard target.status == .pending else {
                    outcome.skipped.append(target.id)
                    continue
                }
                try db.execute(sql: "UPDATE charges SET review_status = ? WHERE id = ? AND review_status = 'pending'",
                               arguments: [status.rawValue, target.id])
                let record = ReviewDecisionRecord(id: nil, chargeId: target.id, period: target.period, decision: decision,
                                                  flagReason: target.reason ?? "", billedNanos: target.billed, actor: actor,
                                                  decidedAt: now, note: note, batch: batch)
                try record.insert(db)
                try store.audit(db, actor: actor, action: "review.\(decision)", period: BillingPeriod(target.period), entity: "charge",
                                entityID: String(target.id),
                                details: [target.reason, note ?? (status == .rejected ? Self.noNote : nil)].compactMap { $0 }.joined(separator: ": "),
                                at: now)
                outcome.changed += 1
                outcome.amount.add(Money(nanos: target.billed))
            }
            return outcome
        }
    }

    /// Every decision ever made on a charge, oldest first.
    public func decisions(chargeID: Int64) throws -> [ReviewDecisionRecord] {
        try store.read { db in
            try ReviewDecisionRecord.filter(Column("charge_id") == chargeID).order(Column("id")).fetchAll(db)
        }
    }
}
