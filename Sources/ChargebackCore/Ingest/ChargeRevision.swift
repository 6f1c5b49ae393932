import GRDB

/// One change a re-ingest made to a charge (`charge_revisions`, migration v5,
/// append-only): the import and line that changed it, and the ones it
/// replaced, since a charge row keeps only its latest. Written by
/// `ChargeWriter` beside its `charge.update` / `charge.match-legacy` audit line;
/// read by the audit trail (`AuditSources.revisions`).
struct ChargeRevision {
    /// Where the charge came from and where it stood in review, before or after.
    struct State {
        var importID: Int64
        var line: Int64
        var billed: Money
        var reviewStatus: String
        var flagReason: String?
    }

    var chargeID: Int64
    var period: String
    var before: State
    var after: State
    /// The row took over a charge carried over from a legacy ledger (`LegacyChargeMatch`).
    var legacyMatch: Bool

    /// Appends it; `auditID` is its line in `audit_log`.
    func record(_ db: Database, auditID: Int64, actor: String, at: String) throws {
        try db.cachedStatement(sql: """
            INSERT INTO charge_revisions (charge_id, period, import_id, line, previous_import_id, previous_line,
                billed_nanos, previous_billed_nanos, review_status, flag_reason, previous_review_status,
                previous_flag_reason, legacy_match, audit_id, actor, revised_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [chargeID, period, after.importID, after.line, before.importID, before.line, after.billed.nanos,
                                     before.billed.nanos, after.reviewStatus, after.flagReason, before.reviewStatus,
                                     before.flagReason, legacyMatch, auditID, actor, at])
    }
}
