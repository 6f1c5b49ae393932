import ChargebackCore

/// What `content/audit.md` receives: a period's audit trail (`AuditReport`),
/// newest first, section by section. Admins only (docs/access.md); the
/// notes and file names are untrusted text, escaped like every value.
struct AuditView: Sendable {
    /// One event of the trail.
    struct Entry: Sendable {
        var at: String
        var actor: String
        var action: String
        /// What happened, in one line (names, counts, amounts).
        var what: String
        /// The main amount, formatted; "" when none.
        var amount: String
        var note: String
        var hasNote: Bool
        var file: String
        var sha256: String
        /// Charge ids, comma-separated; "" when none.
        var charges: String
    }

    var period: String
    var periodHref: String
    var status: String
    var statusLabel: String
    /// Every event of the period.
    var count: String
    var imports: [Entry]
    var revisions: [Entry]
    var reviews: [Entry]
    var transitions: [Entry]
    var exports: [Entry]
    var statements: [Entry]
    var notices: [Entry]
    /// Archives, sources, legacy runs and audit-log lines of actions this version does not know.
    var other: [Entry]
    var hasImports: Bool
    var hasRevisions: Bool
    var hasReviews: Bool
    var hasTransitions: Bool
    var hasExports: Bool
    var hasStatements: Bool
    var hasNotices: Bool
    var hasOther: Bool
    /// The same events for scripts (`audit.json` beside the page), and a link to it.
    var jsonName: String
    var jsonHref: String
}

extension AuditView {
    init(report: AuditReport, status: PeriodStatus, page: PageContext) {
        let amount = page.amount
        func entries(_ kinds: Set<AuditKind>) -> [Entry] {
            report.events.filter { kinds.contains($0.kind) }.map { e in
                Entry(at: e.at, actor: e.actor, action: e.action, what: e.message, amount: e.amount.map { amount($0.money) } ?? "",
                      note: e.note ?? "", hasNote: !(e.note ?? "").isEmpty, file: e.file ?? "", sha256: e.sha256 ?? "",
                      charges: e.chargeIDs.map(String.init).joined(separator: ", "))
            }
        }
        let p = report.period
        period = p.description
        periodHref = page.link(SitePaths.period(p))
        self.status = status.rawValue
        statusLabel = StatusText.label(status)
        count = String(report.events.count)
        imports = entries([.import])
        revisions = entries([.revision])
        reviews = entries([.review])
        transitions = entries([.period])
        exports = entries([.export])
        statements = entries([.statement])
        notices = entries([.notice])
        other = entries([.archive, .source, .legacy, .other])
        hasImports = !imports.isEmpty
        hasRevisions = !revisions.isEmpty
        hasReviews = !reviews.isEmpty
        hasTransitions = !transitions.isEmpty
        hasExports = !exports.isEmpty
        hasStatements = !statements.isEmpty
        hasNotices = !notices.isEmpty
        hasOther = !other.isEmpty
        jsonName = SitePaths.auditJSON(p).split(separator: "/").last.map(String.init) ?? ""
        jsonHref = page.link(SitePaths.auditJSON(p))
    }
}
