import GRDB

/// One change a re-ingest made to a charge (`charge_revisions`, migration v5,
/// append-only): the import and line that changed it, and the ones it
/// replaced, since a charge row keeps only its latest. Written by
/// `ChargeWriter` beside its `charge.update` / `charge.match-legacy` audit line;
/// read by the audit trail (`AuditSources.revisions`).
struct ChargeRevision {
    struct Before {
        var importID: Int64
        var line: Int64
        var billed: Money
        var reviewStatus: String
        var flagReason: String?
    }

    var chargeID: Int64
    var period: String
    var importID: Int64
    var line: Int64
    var billed: Money
    var reviewStatus: String
    var flagReason: String?
    var before: Before
    /// The row took over a charge carried over from a legacy ledger (`LegacyChargeMatch`).
    var legacyMatch: Bool

    /// Appends it; `auditID` is its line in `audit_log`.
    func record(_ db: Database, auditID: Int64, actor: String, at: String) throws {
        try db.cachedStatement(sql: """
            INSERT INTO charge_revisions (charge_id, period, import_id, line, previous_import_id, previous_line,
                billed_nanos, previous_billed_nanos, review_status, flag_reason, previous_review_status,
                previous_flag_reason, legacy_match, audit_id, actor, revised_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [chargeID, period, importID, line, before.importID, before.line, billed.nanos,
                                     before.billed.nanos, reviewStatus, flagReason, before.reviewStatus, before.flagReason,
                                     legacyMatch, auditID, actor, at])
    }
}
