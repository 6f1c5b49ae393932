import Crypto
import GRDB

/// A digest of everything in the ledger that a period's pages show: its
/// status record and transitions, the imports that touched it, review
/// decisions, its charges' count, totals and newest id, its e-mail notices,
/// and its audit trail (the audit page: every logged change, revision,
/// statement and export). Not what `build` itself logs (the journal files it
/// writes, the archives it makes): those follow from the rest, and counting
/// them would make every build render again what the one before made. Equal
/// fingerprints mean the period's pages would come out the same, so the
/// site build keeps them instead of rendering them again.
public enum PeriodFingerprint {
    public static func all(store: LedgerStore) throws -> [BillingPeriod: String] {
        try store.read { db in
            var out: [BillingPeriod: String] = [:]
            let sources = try String.fetchOne(db, sql: """
                SELECT group_concat(id || ':' || name || ':' || COALESCE(display_name, ''), char(30)) FROM (SELECT * FROM sources ORDER BY id)
                """) ?? ""
            for record in try PeriodRecord.fetchAll(db, sql: "SELECT * FROM periods ORDER BY period") {
                guard let period = record.billingPeriod else { continue }
                let p = record.period
                let parts: [String?] = [
                    sources,
                    [record.status.rawValue, record.openedAt, record.openedBy, record.closedAt, record.closedBy, record.finalizedAt,
                     record.finalizedBy, record.reopenedAt, record.reopenedBy, record.reopenReason, record.notes]
                        .map { $0 ?? "-" }.joined(separator: "\u{1F}"),
                    try String.fetchOne(db, sql: "SELECT COUNT(*) || ':' || COALESCE(MAX(id), 0) FROM audit_log WHERE entity = 'period' AND entity_id = ?", arguments: [p]),
                    try String.fetchOne(db, sql: """
                        SELECT group_concat(import_id || ':' || rows_read || ':' || rows_inserted || ':' || rows_updated || ':' || billed_delta_nanos, ',')
                        FROM (SELECT * FROM import_periods WHERE period = ? ORDER BY import_id)
                        """, arguments: [p]),
                    try String.fetchOne(db, sql: "SELECT COUNT(*) || ':' || COALESCE(MAX(id), 0) FROM review_decisions WHERE period = ?", arguments: [p]),
                    try String.fetchOne(db, sql: """
                        SELECT COUNT(*) || ':' || COALESCE(MAX(id), 0) || ':' || COALESCE(SUM(billed_nanos), 0) || ':' || COALESCE(SUM(list_nanos), 0)
                        FROM charges WHERE period = ?
                        """, arguments: [p]),
                    // The period page lists the e-mail notices (append-only: count and newest id say it all).
                    try String.fetchOne(db, sql: "SELECT COUNT(*) || ':' || COALESCE(MAX(id), 0) FROM notifications WHERE period = ?", arguments: [p]),
                    // The audit page: the audit log (append-only), and the tables its events are read from.
                    try String.fetchOne(db, sql: """
                        SELECT COUNT(*) || ':' || COALESCE(MAX(id), 0) FROM audit_log WHERE period = ? AND action <> 'archive.create'
                          AND NOT (entity = 'journal_export' AND entity_id IN (SELECT CAST(id AS TEXT) FROM journal_exports WHERE origin = 'build'))
                        """, arguments: [p]),
                    try String.fetchOne(db, sql: """
                        SELECT (SELECT COUNT(*) || ':' || COALESCE(MAX(id), 0) FROM charge_revisions WHERE period = ?1) || ':'
                            || (SELECT COUNT(*) || ':' || COALESCE(MAX(generated_at), '') FROM statements WHERE period = ?1) || ':'
                            || (SELECT COUNT(*) || ':' || COALESCE(MAX(id), 0) FROM journal_exports WHERE period = ?1 AND origin <> 'build')
                        """, arguments: [p]),
                ]
                let text = parts.map { $0 ?? "-" }.joined(separator: "\u{1E}")
                out[period] = FileDigest.hex(SHA256.hash(data: Array(text.utf8)))
            }
            return out
        }
    }
}
