import GRDB

/// The tables the audit trail is read from, each with its SQL in one place.
///
/// A source's SELECT names its columns so that the filter reads the same
/// names everywhere (it is wrapped as `SELECT * FROM (…) t WHERE …`): `id`
/// (its row id), `at`, `actor`, and where the source has them `period`,
/// `pi_email`, `charge_id`. Each event comes from exactly one table: the
/// dedicated logs (imports, revisions, decisions, exports, notices,
/// statements, archives, legacy runs) carry exact amounts; `audit_log` gives
/// the rest (period transitions, sources, `generate` runs, legacy history),
/// minus the lines that one of those tables already gives.
struct AuditSource: Sendable {
    let table: String
    /// nil: kinds differ per row (`audit_log`).
    let kind: AuditKind?
    let select: String
    let hasPeriod: Bool
    let hasPI: Bool
    /// The condition for events about one charge (its id written in); nil: none of its events is about one charge.
    let charge: (@Sendable (Int64) -> String)?
    /// Only for one charge's history.
    var chargeOnly = false
    /// A period condition of its own (one `?`), for a source whose rows span periods.
    var periodCondition: String?
    let event: @Sendable (Row) -> AuditEvent

    /// Its events admitted by `filter`, newest first.
    func events(_ db: Database, _ filter: AuditFilter) throws -> [AuditEvent] {
        if let kind, !filter.admits(kind) { return [] }
        if chargeOnly && filter.chargeID == nil { return [] }
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let period = filter.period {
            guard let condition = periodCondition ?? (hasPeriod ? "t.period = ?" : nil) else { return [] }
            conditions.append(condition)
            arguments += [period.description]
        }
        if let pi = filter.piEmail {
            guard hasPI else { return [] }
            conditions.append("t.pi_email = ? COLLATE NOCASE")
            arguments += [pi]
        }
        if let id = filter.chargeID {
            guard let charge else { return [] }
            conditions.append(charge(id))
        }
        if let actor = filter.actor {
            conditions.append("t.actor = ? COLLATE NOCASE")
            arguments += [actor]
        }
        if let since = filter.since {
            conditions.append("t.at >= ?")
            arguments += [since.utc]
        }
        if let until = filter.until {
            conditions.append("t.at < ?")
            arguments += [until.utc]
        }
        var sql = "SELECT * FROM (\(select)) t"
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        sql += " ORDER BY t.at DESC, t.seq DESC, t.id DESC"
        // Cut per source when every row it reads is kept (its kind is fixed, or any kind will do).
        if let limit = filter.limit, kind != nil || filter.kinds.isEmpty { sql += " LIMIT \(max(0, limit))" }
        let events = try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
            var e = event(row)
            e.sequence = row["seq"] ?? 0
            return e
        }
        return kind == nil ? events.filter { filter.admits($0.kind) } : events
    }
}

enum AuditSources {
    /// In the order events of the same second are listed.
    static let all: [AuditSource] = [legacyImports, archives, notices, statements, exports, reviews, revisions, chargeOrigin, imports, auditLog]

    /// `audit_log` actions whose events are read from their own table (see `all`), not from the audit log.
    static let actionsReadElsewhere = ["import", "review.approve", "review.reject", "journal.export", "legacy.import", "archive.create",
                                       "notice.sent", "notice.failed", "notice.dev_mode"]

    /// The id of a row's line in `audit_log` (`seq`): the order in which things happened within one second.
    /// 0 for a row written without one (carried over from a legacy ledger, or older than its log line).
    private static func seq(_ entity: String, action: String, entityID: String, extra: String = "") -> String {
        "COALESCE((SELECT id FROM audit_log WHERE entity = '\(entity)' AND entity_id = CAST(\(entityID) AS TEXT) AND action \(action)\(extra)"
            + " ORDER BY id LIMIT 1), 0)"
    }

    private static let unrecorded = sqlText(LedgerActor.legacyUnrecorded)
    private static let noProject = sqlText(StatementReport.noProject)

    /// A constant as SQL text.
    private static func sqlText(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "''") + "'" }

    /// The run of `import-legacy` that wrote our row of `table` (NULL when none did).
    private static func legacyRun(_ table: String, _ id: String) -> String {
        "(SELECT legacy_import_id FROM legacy_rows WHERE our_table = '\(table)' AND our_id = CAST(\(id) AS TEXT) LIMIT 1)"
    }

    /// Events of one charge's PI and period (statements and notices are per PI, not per charge).
    private static func aboutChargesPI(_ id: Int64, project: Bool) -> String {
        "EXISTS (SELECT 1 FROM charges c WHERE c.id = \(id) AND c.period = t.period AND c.pi_email = t.pi_email COLLATE NOCASE"
            + (project ? " AND COALESCE(c.project_id, \(noProject)) = t.project_id" : "")
            + " AND " + ChargeQuery.onStatements("c") + ")"
    }

    private static func money(_ row: Row, _ column: String) -> Money { Money(nanos: row[column] ?? 0) }

    /// Money for people, rounded to the cent (the exact value is in the event's amounts).
    private static func shown(_ m: Money) -> String { MoneyFormat.display(m, currency: "") }

    private static func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }

    // MARK: - imports

    /// One event per import and period it touched (an import that touched none: one, for its requested period).
    static let imports = AuditSource(
        table: "imports", kind: .import,
        select: """
            SELECT i.id, \(seq("import", action: "= 'import'", entityID: "i.id")) AS seq, i.imported_at AS at, i.actor,
                   COALESCE(p.period, i.requested_period) AS period,
                   i.file_name, i.file_sha256, i.rows_invalid, i.rejects_path, s.name AS source_name,
                   p.rows_read, p.rows_inserted, p.rows_updated, p.rows_unchanged, p.rows_flagged,
                   COALESCE(p.billed_nanos, i.billed_nanos) AS billed_nanos, p.flagged_nanos,
                   l.legacy_import_id, l.legacy_name
            FROM imports i JOIN sources s ON s.id = i.source_id
            LEFT JOIN import_periods p ON p.import_id = i.id
            LEFT JOIN legacy_rows l ON l.our_table = 'imports' AND l.our_id = CAST(i.id AS TEXT)
            """,
        hasPeriod: true, hasPI: false, charge: nil,
        event: { row in
            let legacy = (row["legacy_import_id"] as Int64?) != nil
            let file: String = row["file_name"]
            let source: String = row["source_name"]
            let period: String? = row["period"]
            let rows: Int = row["rows_read"] ?? 0
            let flagged: Int = row["rows_flagged"] ?? 0
            var message: String
            if legacy {
                let name: String? = row["legacy_name"]
                message = "carried over from the legacy ledger \(file): "
                    + (name.map { "legacy import \($0)" } ?? "charges the legacy ledger logged no import for")
                    + " (\(source))" + (period.map { ", \($0)" } ?? "") + ": \(count(rows, "row"))"
            } else {
                message = "ingested \(file) (\(source))" + (period.map { " into \($0)" } ?? "") + ": \(count(rows, "row"))"
                    + " (\(row["rows_inserted"] ?? 0) new, \(row["rows_updated"] ?? 0) revised, \(row["rows_unchanged"] ?? 0) unchanged)"
                let invalid: Int = row["rows_invalid"] ?? 0
                if invalid > 0 {
                    message += "; the file had \(count(invalid, "invalid row"))"
                        + ((row["rejects_path"] as String?).map { ", written to \($0)" } ?? "")
                }
            }
            if flagged > 0 { message += "; \(flagged) flagged for review" }
            let billed = money(row, "billed_nanos")
            message += "; billed \(shown(billed))"
            var amounts = [AuditAmount("billed", billed)]
            if flagged > 0 { amounts.append(AuditAmount("flagged", money(row, "flagged_nanos"))) }
            return AuditEvent(kind: .import, action: "import", at: row["at"], actor: row["actor"], period: period, amounts: amounts,
                              source: source, file: legacy ? (row["legacy_name"] ?? file) : file, sha256: row["file_sha256"],
                              legacy: legacy, message: message, table: "imports", rowID: row["id"])
        })

    /// The file and line a charge came from: its first import (before any revision).
    static let chargeOrigin = AuditSource(
        table: "charges", kind: .import,
        select: """
            SELECT c.id, \(seq("import", action: "= 'import'", entityID: "i.id")) AS seq, c.id AS charge_id, i.imported_at AS at, i.actor,
                   c.period, c.pi_email, s.name AS source_name,
                   i.id AS import_id, COALESCE(r.previous_line, c.line) AS line,
                   COALESCE(r.previous_billed_nanos, c.billed_nanos) AS billed_nanos,
                   i.file_name, i.file_sha256, lr.legacy_id, li.legacy_path
            FROM \(ChargeQuery.chargesWithSource)
            LEFT JOIN charge_revisions r ON r.id = (SELECT MIN(id) FROM charge_revisions WHERE charge_id = c.id)
            JOIN imports i ON i.id = COALESCE(r.previous_import_id, c.import_id)
            LEFT JOIN legacy_rows lr ON lr.our_table = 'charges' AND lr.our_id = CAST(c.id AS TEXT)
            LEFT JOIN legacy_imports li ON li.id = lr.legacy_import_id
            """,
        hasPeriod: true, hasPI: true, charge: { "t.charge_id = \($0)" }, chargeOnly: true,
        event: { row in
            let id: Int64 = row["charge_id"]
            let legacyPath: String? = row["legacy_path"]
            let file: String = row["file_name"]
            let message: String
            if let legacyPath {
                message = "charge \(id) carried over from the legacy ledger \(legacyPath)"
                    + ((row["legacy_id"] as Int64?).map { " (legacy charge id \($0))" } ?? "")
            } else {
                message = "charge \(id) imported from line \(row["line"] as Int64) of \(file) (\(row["source_name"] as String), import \(row["import_id"] as Int64))"
            }
            let billed = money(row, "billed_nanos")
            return AuditEvent(kind: .import, action: "charge.import", at: row["at"], actor: row["actor"], period: row["period"],
                              piEmail: row["pi_email"], chargeIDs: [id], amounts: [AuditAmount("billed", billed)],
                              source: row["source_name"], file: legacyPath ?? file, sha256: row["file_sha256"],
                              legacy: legacyPath != nil, message: message + "; billed \(shown(billed))", table: "charges", rowID: id)
        })

    // MARK: - revisions and decisions

    static let revisions = AuditSource(
        table: "charge_revisions", kind: .revision,
        select: """
            SELECT r.id, r.audit_id AS seq, r.revised_at AS at, r.actor, r.period, c.pi_email, r.charge_id, r.import_id, r.line,
                   r.billed_nanos, r.previous_billed_nanos, r.review_status, r.flag_reason, r.previous_review_status,
                   r.previous_flag_reason, r.legacy_match, i.file_name, i.file_sha256, s.name AS source_name
            FROM charge_revisions r JOIN imports i ON i.id = r.import_id JOIN charges c ON c.id = r.charge_id
            JOIN sources s ON s.id = c.source_id
            """,
        hasPeriod: true, hasPI: true, charge: { "t.charge_id = \($0)" },
        event: { row in
            let id: Int64 = row["charge_id"]
            let legacyMatch: Bool = row["legacy_match"]
            let billed = money(row, "billed_nanos"), previous = money(row, "previous_billed_nanos")
            func review(_ status: String, _ reason: String?) -> String { status + (reason.map { " (\($0))" } ?? "") }
            let before = review(row["previous_review_status"], row["previous_flag_reason"])
            let after = review(row["review_status"], row["flag_reason"])
            let by = "line \(row["line"] as Int64) of \(row["file_name"] as String) (import \(row["import_id"] as Int64))"
            var message = legacyMatch ? "charge \(id), carried over from the legacy ledger, matched by \(by)" : "charge \(id) revised by \(by)"
            message += billed == previous ? ": billed \(shown(billed)) unchanged" : ": billed \(shown(previous)) → \(shown(billed))"
            if before != after { message += "; review \(before) → \(after)" }
            return AuditEvent(kind: .revision, action: legacyMatch ? "charge.match-legacy" : "charge.update", at: row["at"],
                              actor: row["actor"], period: row["period"], piEmail: row["pi_email"], chargeIDs: [id],
                              amounts: [AuditAmount("billed", billed), AuditAmount("previous_billed", previous)],
                              source: row["source_name"], file: row["file_name"], sha256: row["file_sha256"],
                              message: message, table: "charge_revisions", rowID: row["id"])
        })

    static let reviews = AuditSource(
        table: "review_decisions", kind: .review,
        select: """
            SELECT d.id, \(seq("charge", action: "= 'review.' || d.decision", entityID: "d.charge_id", extra: " AND at = d.decided_at")) AS seq,
                   d.decided_at AS at, d.actor, d.period, c.pi_email, d.charge_id, d.decision, d.flag_reason,
                   d.billed_nanos, d.note, d.batch, s.name AS source_name, \(legacyRun("review_decisions", "d.id")) AS legacy_import_id
            FROM review_decisions d JOIN charges c ON c.id = d.charge_id JOIN sources s ON s.id = c.source_id
            """,
        hasPeriod: true, hasPI: true, charge: { "t.charge_id = \($0)" },
        event: { row in
            let id: Int64 = row["charge_id"]
            let decision: String = row["decision"]
            let note: String? = row["note"]
            let batch: String? = row["batch"]
            let billed = money(row, "billed_nanos")
            let legacy = (row["legacy_import_id"] as Int64?) != nil
            var message = (decision == "approve" ? "approved" : "rejected") + " charge \(id) (\(row["flag_reason"] as String)): "
                + (note ?? ReviewQueue.noNote) + "; billed \(shown(billed))"
            if let batch { message += " [batch \(batch.prefix(8))]" }
            if legacy { message += " (in the legacy ledger)" }
            return AuditEvent(kind: .review, action: "review.\(decision)", at: row["at"], actor: row["actor"], period: row["period"],
                              piEmail: row["pi_email"], chargeIDs: [id], amounts: [AuditAmount("billed", billed)],
                              source: row["source_name"], note: note, batch: batch, legacy: legacy, message: message,
                              table: "review_decisions", rowID: row["id"])
        })

    // MARK: - what was made from the ledger

    static let exports = AuditSource(
        table: "journal_exports", kind: .export,
        select: """
            SELECT e.id, \(seq("journal_export", action: "= 'journal.export'", entityID: "e.id")) AS seq, e.exported_at AS at, e.actor, e.period, e.format, e.path, e.rows, e.debit_nanos, e.credit_nanos,
                   e.sha256, e.origin, \(legacyRun("journal_exports", "e.id")) AS legacy_import_id
            FROM journal_exports e
            """,
        hasPeriod: true, hasPI: false, charge: nil,
        event: { row in
            let legacy = (row["legacy_import_id"] as Int64?) != nil
            let format: String = row["format"]
            let debit = money(row, "debit_nanos"), credit = money(row, "credit_nanos")
            let path: String = row["path"]
            let sha: String = row["sha256"]
            let amounts = format == "gl" ? [AuditAmount("debit", debit, cents: true), AuditAmount("credit", credit, cents: true)]
                : [AuditAmount("billed", debit, cents: true)]
            let totals = format == "gl" ? "debit \(shown(debit)), credit \(shown(credit))" : "billed \(shown(debit))"
            let message = legacy
                ? "journal export in the legacy ledger: format \(format), \(count(row["rows"], "row")), total \(shown(debit))"
                    + (path.isEmpty ? "" : ", file \(path)")
                : "\(format) journal written by \(row["origin"] as String): \(count(row["rows"], "row")), \(totals) → \(path)"
            return AuditEvent(kind: .export, action: "journal.export", at: row["at"], actor: row["actor"], period: row["period"],
                              amounts: amounts, file: path.isEmpty ? nil : path, sha256: sha.isEmpty ? nil : sha, legacy: legacy,
                              message: message, table: "journal_exports", rowID: row["id"])
        })

    /// One event per statement recorded (the latest `generate` of it); who ran it comes from that run's audit line.
    static let statements = AuditSource(
        table: "statements", kind: .statement,
        select: """
            SELECT st.id, COALESCE(run.id, 0) AS seq, st.generated_at AS at, st.period, st.pi_email, st.project_id, st.fund_org,
                   st.total_nanos, st.path, st.sha256, l.legacy_import_id,
                   COALESCE(run.actor, CASE WHEN l.legacy_import_id IS NOT NULL THEN \(unrecorded) ELSE 'unknown' END) AS actor
            FROM statements st
            LEFT JOIN audit_log run ON run.id = (
                SELECT a.id FROM audit_log a WHERE a.action = 'statements.generate' AND a.period = st.period
                   AND a.at IN (st.generated_at, strftime('%Y-%m-%dT%H:%M:%SZ', st.generated_at, '+1 second'))
                ORDER BY a.id LIMIT 1)
            LEFT JOIN legacy_rows l ON l.our_table = 'statements' AND l.our_id = CAST(st.id AS TEXT)
            """,
        hasPeriod: true, hasPI: true, charge: { aboutChargesPI($0, project: true) },
        event: { row in
            let period: String = row["period"], pi: String = row["pi_email"], project: String = row["project_id"]
            let fundOrg: String = row["fund_org"]
            let legacy = (row["legacy_import_id"] as Int64?) != nil
            let total = Money(cents: Money(nanos: row["total_nanos"]).roundedToCents())
            let id = BillingPeriod(period).map { StatementID.make(period: $0, piEmail: pi, projectId: project) }
            let path: String? = row["path"]
            let message = "statement " + (id.map { $0 + " " } ?? "") + "for \(pi), project \(project)"
                + (fundOrg.isEmpty ? "" : " (fund/org \(fundOrg))") + ": \(shown(total))"
                + (path.map { ", PDF \($0)" } ?? "") + (legacy ? " (in the legacy ledger)" : "")
            return AuditEvent(kind: .statement, action: "statement.generate", at: row["at"], actor: row["actor"], period: period,
                              piEmail: pi, amounts: [AuditAmount("total", total, cents: true)], file: path, sha256: row["sha256"],
                              legacy: legacy, message: message, table: "statements", rowID: row["id"])
        })

    static let notices = AuditSource(
        table: "notifications", kind: .notice,
        select: """
            SELECT n.id, \(seq("notification", action: "LIKE 'notice.%'", entityID: "n.id")) AS seq, n.at, n.actor, n.period, n.pi_email, n.recipient, n.subject, n.status, n.error, n.message_id,
                   n.statement_ids, n.attempts, n.eml_path, \(legacyRun("notifications", "n.id")) AS legacy_import_id
            FROM notifications n
            """,
        hasPeriod: true, hasPI: true, charge: { aboutChargesPI($0, project: false) },
        event: { row in
            let status: String = row["status"]
            let recipient: String = row["recipient"]
            let subject: String = row["subject"]
            let error: String? = row["error"]
            let path: String? = row["eml_path"]
            let legacy = (row["legacy_import_id"] as Int64?) != nil
            let ids: String = row["statement_ids"]
            var message: String
            switch status {
            case "sent": message = "notice to \(recipient) sent: \"\(subject)\""
            case "failed": message = "notice to \(recipient) failed after \(count(row["attempts"], "attempt")): \(error ?? "no error recorded")"
            default: message = "notice to \(recipient) written" + (path.map { " to \($0)" } ?? "") + " (dev mode, not sent): \"\(subject)\""
            }
            if !ids.isEmpty { message += "; statements \(ids)" }
            if legacy { message += " (in the legacy ledger)" }
            return AuditEvent(kind: .notice, action: "notice.\(status)", at: row["at"], actor: row["actor"], period: row["period"],
                              piEmail: row["pi_email"], file: path, note: error, legacy: legacy, message: message,
                              table: "notifications", rowID: row["id"])
        })

    static let archives = AuditSource(
        table: "archives", kind: .archive,
        select: """
            SELECT a.id, \(seq("archive", action: "= 'archive.create'", entityID: "a.id")) AS seq, a.created_at AS at, a.actor, a.period,
                   a.path, a.bytes, a.sha256
            FROM archives a
            """,
        hasPeriod: true, hasPI: false, charge: nil,
        event: { row in
            AuditEvent(kind: .archive, action: "archive.create", at: row["at"], actor: row["actor"], period: row["period"],
                       file: row["path"], sha256: row["sha256"],
                       message: "archived \(row["period"] as String) as \(row["path"] as String) (\(row["bytes"] as Int64) bytes)",
                       table: "archives", rowID: row["id"])
        })

    static let legacyImports = AuditSource(
        table: "legacy_imports", kind: .legacy,
        select: """
            SELECT li.id, \(seq("legacy_import", action: "= 'legacy.import'", entityID: "li.id")) AS seq, li.imported_at AS at, li.actor, li.legacy_path, li.legacy_sha256, li.legacy_bytes,
                   li.legacy_schema_version, li.periods, li.time_zone
            FROM legacy_imports li
            """,
        hasPeriod: false, hasPI: false,
        charge: { "t.id IN (SELECT legacy_import_id FROM legacy_rows WHERE our_table = 'charges' AND our_id = '\($0)')" },
        periodCondition: "(',' || t.periods || ',') LIKE ('%,' || ? || ',%')",
        event: { row in
            let path: String = row["legacy_path"]
            let periods: String = row["periods"]
            let version: Int64? = row["legacy_schema_version"]
            let message = "brought the legacy ledger \(path) over (\(row["legacy_bytes"] as Int64) bytes"
                + (version.map { ", schema version \($0)" } ?? "") + ", local times read in \(row["time_zone"] as String)): periods "
                + periods.split(separator: ",").joined(separator: ", ")
            return AuditEvent(kind: .legacy, action: "legacy.import", at: row["at"], actor: row["actor"], file: path,
                              sha256: row["legacy_sha256"], legacy: true, message: message, table: "legacy_imports", rowID: row["id"])
        })

    // MARK: - the audit log

    static let auditLog = AuditSource(
        table: "audit_log", kind: nil,
        select: """
            SELECT a.id, a.id AS seq, a.at, a.actor, a.action, a.period, a.entity, a.entity_id, a.details, c.pi_email,
                   CASE WHEN a.entity = 'charge' THEN CAST(a.entity_id AS INTEGER) END AS charge_id, l.legacy_import_id
            FROM audit_log a
            LEFT JOIN charges c ON a.entity = 'charge' AND c.id = CAST(a.entity_id AS INTEGER)
            LEFT JOIN legacy_rows l ON l.our_table = 'audit_log' AND l.our_id = CAST(a.id AS TEXT)
            WHERE a.action NOT IN (\(actionsReadElsewhere.map(sqlText).joined(separator: ", ")))
              AND NOT EXISTS (SELECT 1 FROM charge_revisions r WHERE r.audit_id = a.id)
            """,
        hasPeriod: true, hasPI: true, charge: { "t.charge_id = \($0)" },
        event: { row in
            let action: String = row["action"]
            let details: String = row["details"]
            let period: String? = row["period"]
            let entityID: String? = row["entity_id"]
            let chargeID: Int64? = row["charge_id"]
            let legacy = (row["legacy_import_id"] as Int64?) != nil || action.hasPrefix("legacy.") || action == "period.import-legacy"
            let subject = period ?? entityID ?? ""
            func with(_ text: String) -> String { details.isEmpty ? text : text + ": " + details }
            let message: String
            var note: String?
            switch action {
            case "period.open": message = with("opened \(subject)"); note = details.isEmpty ? nil : details
            case "period.close": message = with("closed \(subject)"); note = details.isEmpty ? nil : details
            case "period.reopen": message = with("reopened \(subject)"); note = details.isEmpty ? nil : details
            case "period.finalize": message = with("finalized \(subject)"); note = details.isEmpty ? nil : details
            case "source.add": message = "added source \(entityID ?? "")" + (details.isEmpty ? "" : " (shown as \(details))")
            case "statements.generate": message = "generate: " + details
            case "charge.update", "charge.match-legacy": message = with("charge \(entityID ?? "") revised")
            default: message = details.isEmpty ? "\(action) \(row["entity"] as String) \(entityID ?? "")" : details
            }
            return AuditEvent(kind: AuditKind.of(action: action), action: action, at: row["at"], actor: row["actor"], period: period,
                              piEmail: row["pi_email"], chargeIDs: chargeID.map { [$0] } ?? [], note: note, legacy: legacy,
                              message: message, table: "audit_log", rowID: row["id"])
        })
}
