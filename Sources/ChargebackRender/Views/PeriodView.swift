import ChargebackCore

/// What `content/period.md` receives: the admin's view of one period.
struct PeriodView: Sendable {
    struct Slice: Sendable {
        var name: String
        var totals: TotalsView
    }

    struct PIProjectRow: Sendable {
        var pi: String
        var href: String
        var project: String
        var fundOrg: String
        var totals: TotalsView
    }

    struct ImportRow: Sendable {
        var id: String
        var file: String
        var source: String
        var importedAt: String
        var actor: String
        var rows: String
        var inserted: String
        var updated: String
        var unchanged: String
        var invalid: String
        var flagged: String
        var billed: String
        var sha256: String
    }

    struct ReasonRow: Sendable {
        var reason: String
        var rows: String
        var amount: String
    }

    struct HistoryRow: Sendable {
        var at: String
        var action: String
        var actor: String
        var details: String
    }

    /// One PI's e-mail notices for the period (`notify`): when they were last
    /// sent one, and how the latest attempt went.
    struct NoticeRow: Sendable {
        var pi: String
        var href: String
        /// "notified on <time>", or "not notified" when no notice was ever sent.
        var notified: String
        var lastAttempt: String
        var result: String
        var detail: String
        var actor: String
    }

    var period: String
    var status: String
    var statusLabel: String
    var onStatements: TotalsView
    var awaitingReview: TotalsView
    var rejected: TotalsView
    var pendingCount: String
    var hasPending: Bool
    var approvedCount: String
    var rejectedCount: String
    var reviewHref: String
    /// The period's audit trail (admins only).
    var auditHref: String
    var bySource: [Slice]
    var byService: [Slice]
    var byPIProject: [PIProjectRow]
    var imports: [ImportRow]
    var hasImports: Bool
    var pendingByReason: [ReasonRow]
    var history: [HistoryRow]
    var notes: String
    var hasNotes: Bool
    var journals: JournalFilesView
    var financeHref: String
    /// Said when the statements (each rounded to the cent) add up to other than the exact total rounded.
    var roundingNote: String
    /// A finalized period's snapshot: file name and link.
    var notices: [NoticeRow] = []
    var hasNotices = false
    var noticesSent = "0"
    var archiveName = ""
    var archiveHref = ""
    var hasArchive = false
}

extension PeriodView {
    init(report: PeriodReport, journals: JournalFilesView, page: PageContext) {
        self.journals = journals
        financeHref = page.link(SitePaths.finance)
        let exact = page.amount(report.summary.onStatements.billed)
        roundingNote = journals.statementsTotal == exact ? ""
            : "The statements add up to \(journals.statementsTotal), the exact total \(exact): each statement is rounded to the cent once, and the journal debits what the statements say."
        let amount = page.amount
        let summary = report.summary
        period = summary.period.description
        status = summary.status.rawValue
        statusLabel = StatusText.label(summary.status)
        onStatements = amount.totals(summary.onStatements)
        awaitingReview = amount.totals(summary.awaitingReview)
        rejected = amount.totals(summary.rejected)
        pendingCount = String(summary.awaitingReview.rows)
        hasPending = summary.awaitingReview.rows > 0
        approvedCount = String(report.decisions.approved)
        rejectedCount = String(report.decisions.rejected)
        reviewHref = page.link(SitePaths.review(summary.period))
        auditHref = page.link(SitePaths.audit(summary.period))
        bySource = summary.bySource.map { Slice(name: $0.name, totals: amount.totals($0.totals)) }
        byService = report.byService.map { Slice(name: $0.name.isEmpty ? "—" : $0.name, totals: amount.totals($0.totals)) }
        byPIProject = report.byPIProject.map {
            PIProjectRow(pi: $0.piEmail, href: page.link(SitePaths.statement(PISlug.make($0.piEmail), summary.period)),
                         project: $0.projectId, fundOrg: $0.fundOrgs.isEmpty ? "—" : $0.fundOrgs.joined(separator: ", "),
                         totals: amount.totals($0.totals))
        }
        imports = report.imports.map {
            let r = $0.record
            return ImportRow(id: String(r.id ?? 0), file: r.fileName, source: $0.source, importedAt: r.importedAt, actor: r.actor,
                             rows: String($0.rowsInPeriod), inserted: String(r.rowsInserted), updated: String(r.rowsUpdated),
                             unchanged: String(r.rowsUnchanged), invalid: String(r.rowsInvalid), flagged: String(r.rowsFlagged),
                             billed: amount($0.billedInPeriod), sha256: r.fileSha256)
        }
        hasImports = !imports.isEmpty
        pendingByReason = report.pendingByReason.map { ReasonRow(reason: $0.reason, rows: String($0.totals.rows), amount: amount($0.totals.billed)) }
        history = report.history.map { HistoryRow(at: $0.at, action: $0.action, actor: $0.actor, details: $0.details) }
        notes = report.record.notes ?? ""
        hasNotes = !(report.record.notes ?? "").isEmpty
        notices = Self.notices(report.notifications, period: summary.period, page: page)
        hasNotices = !notices.isEmpty
        noticesSent = String(notices.filter { $0.notified != Self.notNotified }.count)
    }

    static let notNotified = "not notified"

    /// One row per PI, in order of their first attempt.
    static func notices(_ log: [NotificationRecord], period: BillingPeriod, page: PageContext) -> [NoticeRow] {
        var order: [String] = []
        var rows: [String: NoticeRow] = [:]
        for entry in log {
            let key = entry.piEmail.lowercased()
            if rows[key] == nil { order.append(key) }
            var row = rows[key] ?? NoticeRow(pi: entry.piEmail, href: page.link(SitePaths.statement(PISlug.make(entry.piEmail), period)),
                                             notified: notNotified, lastAttempt: "", result: "", detail: "", actor: "")
            if entry.status == .sent { row.notified = "notified on \(entry.at)" }
            row.lastAttempt = entry.at
            row.result = entry.status == .devMode ? "written (dev mode)" : entry.status.rawValue
            row.detail = entry.error ?? entry.emlPath ?? entry.messageId ?? ""
            row.actor = entry.actor
            rows[key] = row
        }
        return order.compactMap { rows[$0] }
    }
}
