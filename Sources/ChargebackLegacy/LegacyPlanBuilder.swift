import ChargebackCore
import Foundation

/// Turns a legacy ledger's values into our records (`LegacyImportPlan`): pure,
/// no database. The rules, each in one place (docs/legacy-ledger.md):
/// - review: rejected (rejected_at set) > awaiting review (needs_review) >
///   approved (a flag reason, no longer awaiting) > never flagged;
/// - a charge is counted under the last legacy import of its period and source;
/// - costs the legacy row left NULL take ingest's defaults (list = billed,
///   contracted = list, effective = billed); cost center and account code come
///   from its tags through `tag_mapping`, as ingest reads them;
/// - where the legacy ledger recorded no one and our column needs someone:
///   `LegacyImportPlan.unrecordedActor`.
struct LegacyPlanBuilder {
    let ledger: LegacyLedger
    let origin: LegacyImportPlan.Origin
    let tagMapping: TagMapping

    /// Written as the flag reason of a charge the legacy tool flagged without one.
    static let unknownReason = "legacy:flagged"

    private var unrecorded: String { LegacyImportPlan.unrecordedActor }

    func build() throws -> (plan: LegacyImportPlan, warnings: [String]) {
        let periods = Dictionary(uniqueKeysWithValues: ledger.periods.map { ($0.id, $0) })
        let names = LegacySourceName.assign(ledger.sources)
        var warnings: [String] = []
        var events: [LegacyImportPlan.Event] = []

        let lastImport = Dictionary(ledger.imports.map { (ImportKey(period: $0.periodID, source: $0.sourceID), $0.id) }, uniquingKeysWith: max)
        var charges: [LegacyImportPlan.Charge] = []
        for c in ledger.charges {
            guard let period = periods[c.periodID] else { continue }
            let review = review(of: c)
            if case .pending = review, let reviewedAt = c.reviewedAt {
                events.append(.init(at: reviewedAt, actor: c.reviewedBy ?? unrecorded, action: "legacy.review", period: period.period,
                                    entity: "charge", legacyChargeID: c.id,
                                    details: "approved in the legacy ledger, then flagged again by a later import of the same charge"))
            }
            charges.append(.init(legacyID: c.id, source: names[c.sourceID] ?? "", importLegacyID: lastImport[ImportKey(period: c.periodID, source: c.sourceID)],
                                 draft: draft(c, period: period.period), review: review))
        }
        for p in ledger.periods where p.status == .finalized {
            let pending = ledger.charges.filter { $0.periodID == p.id && $0.rejectedAt == nil && $0.needsReview }.count
            if pending > 0 {
                warnings.append("\(p.period) is finalized in the legacy ledger with \(pending) charge\(pending == 1 ? "" : "s") still awaiting review: they stay awaiting review, never billed (a finalized period cannot change)")
            }
        }

        let statements = Dictionary(uniqueKeysWithValues: ledger.statements.map { ($0.id, $0) })
        var notifications: [LegacyImportPlan.Carried<NotificationRecord>] = []
        for e in ledger.emails {
            guard let s = e.statementID.flatMap({ statements[$0] }), let period = periods[s.periodID] else {
                events.append(.init(at: e.sentAt ?? "", actor: e.sentBy ?? unrecorded, action: "legacy.email", period: nil, entity: "email",
                                    details: "to \(e.recipient): \(e.subject ?? "") (\(e.status)\(e.error.map { ": " + $0 } ?? "")); "
                                        + "its statement is gone from the legacy ledger, so its period is unknown"))
                continue
            }
            notifications.append(.init(legacyID: e.id, record: NotificationRecord(
                period: period.period.description, piEmail: s.piEmail, recipient: e.recipient, subject: e.subject ?? "",
                status: Self.status(e.status), error: e.error, messageId: nil,
                statementIds: StatementID.make(period: period.period, piEmail: s.piEmail, projectId: s.projectId ?? StatementReport.noProject),
                contentDigest: "", attempts: 1, emlPath: nil, actor: e.sentBy ?? unrecorded, at: e.sentAt ?? "")))
        }

        var exports: [LegacyImportPlan.Carried<JournalExportRecord>] = []
        for j in ledger.journalExports {
            guard let period = periods[j.periodID] else { continue }
            exports.append(.init(legacyID: j.id, record: JournalExportRecord(
                id: nil, period: period.period.description, format: j.format, path: j.fileName ?? "", rows: j.rows ?? 0,
                debitNanos: (j.total ?? .zero).nanos, creditNanos: 0, sha256: "", actor: j.exportedBy ?? unrecorded,
                exportedAt: j.exportedAt ?? "")))
            events.append(.init(at: j.exportedAt ?? "", actor: j.exportedBy ?? unrecorded, action: "journal.export", period: period.period,
                                entity: "journal_export",
                                details: "legacy export: format \(j.format), include_flagged \(j.includeFlagged.map { $0 ? "yes" : "no" } ?? "not recorded"), "
                                    + "\(j.rows.map(String.init) ?? "?") rows, total \(j.total.map(MoneyFormat.plain) ?? "not recorded"), file \(j.fileName ?? "not recorded")"))
        }
        for r in ledger.reviewLogs {
            events.append(.init(at: r.performedAt ?? "", actor: r.performedBy ?? unrecorded, action: "legacy.review-log",
                                period: periods[r.periodID]?.period, entity: "charge", legacyChargeID: r.chargeID,
                                details: "\(r.action) (legacy review log): \(r.piEmail) \(r.resourceId ?? "") \(MoneyFormat.plain(r.amount))"
                                    + (r.note.map { ": " + $0 } ?? "")))
        }

        let plan = LegacyImportPlan(
            origin: origin,
            periods: ledger.periods.map(period),
            sources: ledger.sources.map { s in
                let name = names[s.id] ?? s.name
                return .init(legacyID: s.id, legacyName: s.name, name: name, displayName: s.displayName ?? (name == s.name ? nil : s.name))
            },
            imports: ledger.imports.compactMap { i in
                guard let period = periods[i.periodID] else { return nil }
                return .init(legacyID: i.id, period: period.period, source: names[i.sourceID] ?? "", fileName: i.fileName, rows: i.rows,
                             flaggedRows: i.flaggedRows, billed: i.billed, flagged: i.flagged, importedAt: i.importedAt ?? "")
            },
            charges: charges,
            statements: ledger.statements.compactMap { s in
                guard let period = periods[s.periodID] else { return nil }
                return .init(legacyID: s.id, record: StatementRecord(
                    period: period.period.description, piEmail: s.piEmail, projectId: s.projectId ?? StatementReport.noProject,
                    fundOrg: s.fundOrg ?? "", totalNanos: s.total.nanos, path: s.pdfPath, sha256: nil, generatedAt: s.generatedAt ?? ""))
            },
            notifications: notifications, journalExports: exports, events: events)
        return (plan, warnings)
    }

    private struct ImportKey: Hashable { var period: Int64; var source: Int64 }

    /// The period as the legacy ledger left it, and its history in time order.
    private func period(_ p: LegacyLedger.Period) -> LegacyImportPlan.Period {
        let record = PeriodRecord(period: p.period.description, status: p.status, openedAt: p.openedAt ?? "", openedBy: unrecorded,
                                  closedAt: p.closedAt, closedBy: p.closedBy, finalizedAt: p.finalizedAt, finalizedBy: p.finalizedBy,
                                  reopenedAt: p.reopenedAt, reopenedBy: p.reopenedBy, reopenReason: p.reopenReason, notes: p.notes)
        var history: [LegacyImportPlan.Event] = []
        func add(_ action: String, _ at: String?, _ by: String?, _ details: String = "") {
            guard let at else { return }
            history.append(.init(at: at, actor: by ?? unrecorded, action: action, period: p.period, entity: "period",
                                 entityID: p.period.description, details: details.isEmpty ? "in the legacy ledger" : details))
        }
        add("period.open", p.openedAt, nil)
        add("period.close", p.closedAt, p.closedBy)
        add("period.reopen", p.reopenedAt, p.reopenedBy, p.reopenReason ?? "")
        add("period.finalize", p.finalizedAt, p.finalizedBy)
        // ISO 8601 UTC text sorts in time order; the sort is stable for equal times.
        let ordered = history.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }.map(\.element)
        return .init(legacyID: p.id, record: record, history: ordered)
    }

    private func review(of c: LegacyLedger.Charge) -> LegacyImportPlan.Review {
        let reason = c.reviewReason.flatMap { $0.isEmpty ? nil : $0 } ?? Self.unknownReason
        if let rejectedAt = c.rejectedAt {
            return .rejected(reason: reason, .init(actor: c.rejectedBy ?? c.reviewedBy ?? unrecorded, at: rejectedAt, note: c.rejectionNote))
        }
        if c.needsReview { return .pending(reason: reason) }
        guard let flagged = c.reviewReason, !flagged.isEmpty else { return .unflagged }
        return .approved(reason: flagged, .init(actor: c.reviewedBy ?? unrecorded, at: c.reviewedAt ?? "", note: nil))
    }

    private func draft(_ c: LegacyLedger.Charge, period: BillingPeriod) -> ChargeDraft {
        let tags = (try? FocusTags(parsing: c.rawTags ?? "")) ?? .empty
        // As ingest reads a tag (`ChargeDraft`): trimmed, empty is none.
        func tag(_ key: String) -> String? { nonEmpty(tags[key]?.trimmingCharacters(in: .whitespacesAndNewlines)) }
        let list = c.list ?? c.billed
        return ChargeDraft.make(
            period: period, line: 0, billingPeriodStart: period.description + "-01",
            chargePeriodStart: Self.date(c.chargePeriodStart), chargePeriodEnd: Self.date(c.chargePeriodEnd),
            serviceName: c.serviceName, chargeCategory: nil, chargeDescription: nil, resourceId: c.resourceId,
            resourceName: c.resourceName, skuId: nil, skuPriceId: nil, billingCurrency: nil,
            list: list, contracted: c.contracted ?? list, billed: c.billed, effective: c.effective ?? c.billed,
            piEmail: nonEmpty(c.piEmail) ?? ChargeDraft.unallocated, projectId: nonEmpty(c.projectId), fundOrg: nonEmpty(c.fundOrg),
            costCenter: tag(tagMapping.costCenter), accountCode: tag(tagMapping.accountCode),
            reference1: nonEmpty(c.reference1), reference2: nonEmpty(c.reference2), tags: c.rawTags ?? "")
    }

    /// A legacy value as the legacy tool kept it; empty is none (the legacy tool flagged an empty tag as missing).
    private func nonEmpty(_ value: String?) -> String? {
        guard let value, !value.isEmpty else { return nil }
        return value
    }

    /// A charge period date as ingest keeps it (`FocusDate.canonical`), or as written when it is not one.
    static func date(_ text: String?) -> String? {
        guard let text else { return nil }
        return (try? FocusDate(parsing: text))?.canonical ?? text
    }

    static func status(_ legacy: String) -> NotificationRecord.Status {
        switch legacy {
        case "success": .sent
        case "error": .failed
        default: .devMode
        }
    }
}
