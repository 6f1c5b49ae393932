import Foundation
import ChargebackCore
import GRDB

/// Reads every table `import-legacy` brings over into `LegacyLedger`, inside
/// one read transaction of the read-only connection. Each value is checked
/// for the type the legacy schema promises; a cell that breaks it is an error
/// naming table, row id and column.
struct LegacyReader {
    let db: Database
    let timestamps: LegacyTimestamp
    private var ledger = LegacyLedger()

    init(db: Database, timestamps: LegacyTimestamp) {
        self.db = db
        self.timestamps = timestamps
    }

    mutating func read(tables: Set<String>) throws -> LegacyLedger {
        if tables.contains("schema_version") {
            ledger.schemaVersion = try Int.fetchOne(db, sql: "SELECT MAX(version) FROM schema_version")
        }
        try readPeriods()
        try readSources()
        try readImports()
        try readCharges()
        try readSums()
        try readStatements()
        try readEmails()
        if tables.contains("journal_exports") { try readJournalExports() }
        if tables.contains("review_logs") { try readReviewLogs() }
        if tables.contains("users") { ledger.users = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM users") ?? 0 }
        return ledger
    }

    /// One row being read, with its table and id for errors.
    private struct Cells {
        let row: Row
        let table: String
        let id: Int64
        let timestamps: LegacyTimestamp

        func cell(_ column: String) -> LegacyCell { LegacyCell(table: table, rowID: id, column: column) }

        func text(_ column: String) throws(LegacyLedgerError) -> String? {
            let value: DatabaseValue = row[column]
            switch value.storage {
            case .null: return nil
            case .string(let s): return s
            case .int64(let n): return String(n)
            case .double, .blob: throw .invalidValue(cell(column), value: value.description, "text")
            }
        }

        func required(_ column: String) throws(LegacyLedgerError) -> String {
            guard let value = try text(column) else { throw .invalidValue(cell(column), value: "NULL", "a value (the column is NOT NULL)") }
            return value
        }

        func integer(_ column: String) throws(LegacyLedgerError) -> Int64? {
            let value: DatabaseValue = row[column]
            switch value.storage {
            case .null: return nil
            case .int64(let n): return n
            case .string(let s):
                guard let n = Int64(s.trimmingCharacters(in: .whitespaces)) else { throw .invalidValue(cell(column), value: "\"\(s)\"", "an integer") }
                return n
            case .double, .blob: throw .invalidValue(cell(column), value: value.description, "an integer")
            }
        }

        /// SQLAlchemy's BOOLEAN: 0 or 1 (also as text, and "true"/"false").
        func flag(_ column: String) throws(LegacyLedgerError) -> Bool? {
            let value: DatabaseValue = row[column]
            switch value.storage {
            case .null: return nil
            case .int64(let n) where n == 0 || n == 1: return n == 1
            case .string(let s) where ["0", "1", "true", "false"].contains(s.lowercased()):
                return s == "1" || s.lowercased() == "true"
            default: throw .invalidValue(cell(column), value: value.description, "a boolean (0 or 1)")
            }
        }

        func money(_ column: String, _ tally: inout LegacyMoneyTally) throws(LegacyLedgerError) -> Money? {
            try LegacyMoney.convert(row[column], at: cell(column), tally: &tally)
        }

        func time(_ column: String) throws(LegacyLedgerError) -> String? {
            try timestamps.convert(try text(column), at: cell(column))
        }
    }

    private func rows(_ table: String, _ columns: String) throws -> [Cells] {
        try Row.fetchAll(db, sql: "SELECT \(columns) FROM \(table) ORDER BY id").map {
            Cells(row: $0, table: table, id: $0["id"], timestamps: timestamps)
        }
    }

    private mutating func readPeriods() throws {
        for r in try rows("billing_periods", "*") {
            let text = try r.required("period")
            guard let period = BillingPeriod(text) else { throw LegacyLedgerError.invalidValue(r.cell("period"), value: "\"\(text)\"", "a period YYYY-MM") }
            let statusText = try r.text("status") ?? "open"
            guard let status = PeriodStatus(rawValue: statusText) else {
                throw LegacyLedgerError.invalidValue(r.cell("status"), value: "\"\(statusText)\"", "open, closed or finalized")
            }
            ledger.periods.append(.init(
                id: r.id, period: period, status: status, openedAt: try r.time("opened_at"), closedAt: try r.time("closed_at"),
                closedBy: try r.text("closed_by"), finalizedAt: try r.time("finalized_at"), finalizedBy: try r.text("finalized_by"),
                reopenedAt: try r.time("reopened_at"), reopenedBy: try r.text("reopened_by"), reopenReason: try r.text("reopen_reason"),
                notes: try r.text("notes")))
        }
    }

    private mutating func readSources() throws {
        for r in try rows("sources", "id, name, display_name") {
            ledger.sources.append(.init(id: r.id, name: try r.required("name"), displayName: try r.text("display_name")))
        }
    }

    private mutating func readImports() throws {
        for r in try rows("imports", "*") {
            ledger.imports.append(.init(
                id: r.id, fileName: try r.required("filename"), sourceID: try reference(r, "source_id", in: ledger.sources.map(\.id), "sources"),
                periodID: try reference(r, "billing_period_id", in: ledger.periods.map(\.id), "billing_periods"),
                rows: Int(try r.integer("row_count") ?? 0), billed: try r.money("total_cost", &ledger.money) ?? .zero,
                flaggedRows: Int(try r.integer("flagged_rows") ?? 0), flagged: try r.money("flagged_cost", &ledger.money) ?? .zero,
                importedAt: try r.time("imported_at")))
        }
    }

    private mutating func readCharges() throws {
        let sources = ledger.sources.map(\.id), periods = ledger.periods.map(\.id)
        for r in try rows("charges", "*") {
            guard let billed = try r.money("billed_cost", &ledger.money) else {
                throw LegacyLedgerError.invalidValue(r.cell("billed_cost"), value: "NULL", "an amount (the column is NOT NULL)")
            }
            ledger.charges.append(.init(
                id: r.id, periodID: try reference(r, "billing_period_id", in: periods, "billing_periods"),
                sourceID: try reference(r, "source_id", in: sources, "sources"),
                chargePeriodStart: try r.text("charge_period_start"), chargePeriodEnd: try r.text("charge_period_end"),
                list: try r.money("list_cost", &ledger.money), contracted: try r.money("contracted_cost", &ledger.money),
                billed: billed, effective: try r.money("effective_cost", &ledger.money),
                resourceId: try r.text("resource_id"), resourceName: try r.text("resource_name"), serviceName: try r.text("service_name"),
                piEmail: try r.required("pi_email"), projectId: try r.text("project_id"), fundOrg: try r.text("fund_org"),
                reference1: try r.text("reference_1"), reference2: try r.text("reference_2"), rawTags: try r.text("raw_tags"),
                needsReview: try r.flag("needs_review") ?? false, reviewReason: try r.text("review_reason"),
                reviewedAt: try r.time("reviewed_at"), reviewedBy: try r.text("reviewed_by"),
                rejectedAt: try r.time("rejected_at"), rejectedBy: try r.text("rejected_by"), rejectionNote: try r.text("rejection_note")))
        }
    }

    /// The legacy tool's own per-period sums (what its screens showed), by the same money rule.
    private mutating func readSums() throws {
        for row in try Row.fetchAll(db, sql: """
            SELECT billing_period_id AS period,
                   SUM(CASE WHEN rejected_at IS NULL THEN billed_cost END) AS kept,
                   SUM(CASE WHEN rejected_at IS NOT NULL THEN billed_cost END) AS rejected
            FROM charges GROUP BY billing_period_id
            """) {
            let period: Int64 = row["period"]
            let cell = { (name: String) in LegacyCell(table: "charges", rowID: period, column: "SUM(billed_cost) \(name) of billing_period_id") }
            ledger.sums[period] = .init(notRejected: try LegacyMoney.total(row["kept"], at: cell("not rejected")),
                                        rejected: try LegacyMoney.total(row["rejected"], at: cell("rejected")))
        }
    }

    private mutating func readStatements() throws {
        for r in try rows("statements", "*") {
            ledger.statements.append(.init(
                id: r.id, periodID: try reference(r, "billing_period_id", in: ledger.periods.map(\.id), "billing_periods"),
                piEmail: try r.required("pi_email"), projectId: try r.text("project_id"), fundOrg: try r.text("fund_org"),
                total: try r.money("total_cost", &ledger.money) ?? .zero, generatedAt: try r.time("generated_at"),
                sentAt: try r.time("sent_at"), pdfPath: try r.text("pdf_path")))
        }
    }

    private mutating func readEmails() throws {
        for r in try rows("email_logs", "*") {
            let status = try r.required("status")
            guard ["success", "error", "dev_mode"].contains(status) else {
                throw LegacyLedgerError.invalidValue(r.cell("status"), value: "\"\(status)\"", "success, error or dev_mode")
            }
            ledger.emails.append(.init(
                id: r.id, statementID: try r.integer("statement_id"), recipient: try r.required("recipient"), subject: try r.text("subject"),
                sentAt: try r.time("sent_at"), sentBy: try r.text("sent_by"), status: status, error: try r.text("error_message")))
        }
    }

    private mutating func readJournalExports() throws {
        for r in try rows("journal_exports", "*") {
            ledger.journalExports.append(.init(
                id: r.id, periodID: try reference(r, "billing_period_id", in: ledger.periods.map(\.id), "billing_periods"),
                format: try r.required("format"), includeFlagged: try r.flag("include_flagged"),
                rows: try r.integer("row_count").map(Int.init), total: try r.money("total_cost", &ledger.money),
                exportedAt: try r.time("exported_at"), exportedBy: try r.text("exported_by"), fileName: try r.text("filename")))
        }
    }

    private mutating func readReviewLogs() throws {
        for r in try rows("review_logs", "*") {
            let action = try r.required("action")
            guard ["approved", "rejected"].contains(action) else {
                throw LegacyLedgerError.invalidValue(r.cell("action"), value: "\"\(action)\"", "approved or rejected")
            }
            ledger.reviewLogs.append(.init(
                id: r.id, periodID: try reference(r, "billing_period_id", in: ledger.periods.map(\.id), "billing_periods"),
                chargeID: try r.integer("charge_id") ?? 0, action: action, piEmail: try r.required("pi_email"),
                resourceId: try r.text("resource_id"), amount: try r.money("amount", &ledger.money) ?? .zero, note: try r.text("note"),
                performedAt: try r.time("performed_at"), performedBy: try r.text("performed_by")))
        }
    }

    /// A foreign key the legacy schema declares but SQLite never enforced: checked here.
    private func reference(_ r: Cells, _ column: String, in ids: [Int64], _ table: String) throws -> Int64 {
        guard let id = try r.integer(column) else {
            throw LegacyLedgerError.invalidValue(r.cell(column), value: "NULL", "a row id of \(table) (the column is NOT NULL)")
        }
        guard ids.contains(id) else { throw LegacyLedgerError.missingReference(r.cell(column), value: id, table: table) }
        return id
    }
}
