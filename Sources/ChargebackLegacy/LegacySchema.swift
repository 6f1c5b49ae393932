import GRDB

/// The legacy (0.4.1) tables and columns `import-legacy` reads, checked before
/// anything else so that an older or damaged ledger is named, not half-read.
enum LegacySchema {
    static let required: [(table: String, columns: [String])] = [
        ("billing_periods", ["id", "period", "status", "opened_at", "closed_at", "closed_by", "finalized_at", "finalized_by",
                             "reopened_at", "reopened_by", "reopen_reason", "notes"]),
        ("sources", ["id", "name", "display_name"]),
        ("imports", ["id", "filename", "source_id", "billing_period_id", "row_count", "total_cost", "flagged_rows",
                     "flagged_cost", "imported_at"]),
        ("charges", ["id", "billing_period_id", "source_id", "charge_period_start", "charge_period_end", "list_cost",
                     "contracted_cost", "billed_cost", "effective_cost", "resource_id", "resource_name", "service_name",
                     "pi_email", "project_id", "fund_org", "reference_1", "reference_2", "raw_tags", "needs_review",
                     "review_reason", "reviewed_at", "reviewed_by", "rejected_at", "rejected_by", "rejection_note"]),
        ("statements", ["id", "billing_period_id", "pi_email", "project_id", "fund_org", "total_cost", "generated_at",
                        "sent_at", "pdf_path"]),
        ("email_logs", ["id", "statement_id", "recipient", "subject", "sent_at", "sent_by", "status", "error_message"]),
    ]

    /// Read when present: a ledger made before the legacy tool had them simply has none of their rows.
    static let optional: [(table: String, columns: [String])] = [
        ("journal_exports", ["id", "billing_period_id", "format", "include_flagged", "row_count", "total_cost",
                             "exported_at", "exported_by", "filename"]),
        ("review_logs", ["id", "billing_period_id", "charge_id", "action", "pi_email", "resource_id", "amount", "note",
                         "performed_at", "performed_by"]),
        ("users", ["id"]),
        ("schema_version", ["version"]),
    ]

    /// The optional tables present; throws naming the first missing table or columns.
    static func check(_ db: Database, path: String) throws -> Set<String> {
        var present: Set<String> = []
        for (table, columns) in required + optional {
            guard try db.tableExists(table) else {
                if required.contains(where: { $0.table == table }) { throw LegacyLedgerError.missingTable(path: path, table: table) }
                continue
            }
            let found = Set(try db.columns(in: table).map { $0.name.lowercased() })
            let missing = columns.filter { !found.contains($0) }
            if !missing.isEmpty { throw LegacyLedgerError.missingColumns(path: path, table: table, columns: missing) }
            present.insert(table)
        }
        return present
    }
}
