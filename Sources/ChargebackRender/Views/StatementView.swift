import ChargebackCore

/// What `content/statement.md` receives: one PI's statement for one period,
/// every value final text.
struct StatementView: Sendable {
    /// One line item: one charge, or (grouped) the charges of one resource, or of one resource and day.
    struct Row: Sendable {
        /// The charge day, or the first and last, `2026-10-01 – 2026-10-31`.
        var date: String
        var firstDate: String
        var lastDate: String
        /// Charges on this line, `1,234`.
        var count: String
        var resource: String
        var resourceId: String
        var service: String
        var description: String
        var kind: String
        var list: String
        var discount: String
        var subsidy: String
        var amount: String
    }

    struct ServiceRow: Sendable {
        var service: String
        var totals: TotalsView
    }

    struct Project: Sendable {
        var projectId: String
        var anchor: String
        var statementId: String
        var fundOrg: String
        var references: String
        var hasReferences: Bool
        var totals: TotalsView
        /// How this project's list price became its amount due, in one sentence.
        var explanation: String
        var services: [ServiceRow]
        var lines: [Row]
        /// Charges of the project, credits included (not lines: see `lineCount` of a grouped statement in docs/templates.md).
        var lineCount: String
        /// Lines shown, credits included.
        var groupCount: String
        /// "768 charges on 4 lines", "1 charge on 1 line".
        var lineSummary: String
        var credits: [Row]
        var hasCredits: Bool
    }

    struct Download: Sendable {
        var name: String
        var href: String
        var kind: String
        var about: String
    }

    var organization: String
    var period: String
    var status: String
    var statusLabel: String
    var pi: String
    var totals: TotalsView
    /// How the list price became the amount due, in one sentence (`AmountText.explanation`).
    var explanation: String
    var projectCount: String
    var projects: [Project]
    var multipleProjects: Bool
    /// Some line items may be grouped (`statements.line_items`, or one of `line_items_by_source`, is not `detail`).
    var grouped: Bool
    /// How line items are listed: `one line per resource`, then each source set otherwise (`one line per resource; hpc: one line per charge`).
    var lineItems: String
    var historyHref: String
    var downloads: [Download]
    var contactEmail: String
    var hasContact: Bool
    /// The logo as a link from this page; "" when none is configured.
    var logo: String
    var hasLogo: Bool
}

extension StatementView {
    init(report: StatementReport, slug: String, page: PageContext) {
        self.init(report: report, slug: slug, page: page, items: Self.items(report, page: page), rows: .all)
    }

    /// Each project's line items, as `init(… items:rows:)` and `StatementRowValues` read them.
    static func items(_ report: StatementReport, page: PageContext) -> [StatementLineItems] {
        report.projects.map { StatementLineItems($0, settings: page.statements) }
    }

    /// `rows`: what each project's `lines` hold (every row, or placeholders for a page made a row at a time).
    init(report: StatementReport, slug: String, page: PageContext, items: [StatementLineItems], rows: TemplateRows) {
        let amount = page.amount
        organization = page.organization
        period = report.period.description
        status = report.status.rawValue
        statusLabel = StatusText.label(report.status)
        pi = report.piEmail
        totals = amount.totals(report.totals)
        explanation = amount.explanation(report.totals)
        projectCount = String(report.projects.count)
        multipleProjects = report.projects.count > 1
        let settings = page.statements
        grouped = settings.lineItems != .detail || settings.lineItemsBySource.values.contains { $0 != .detail }
        lineItems = ([Self.describe(settings.lineItems)]
            + settings.lineItemsBySource.sorted { $0.key < $1.key }.map { "\($0.key): \(Self.describe($0.value))" }).joined(separator: "; ")
        projects = report.projects.enumerated().map { index, project in
            let items = items[index]
            let credits = items.credits.map { Row($0, amount: amount) }
            return Project(
                projectId: project.projectId, anchor: "project-\(index + 1)",
                statementId: project.statementId,
                fundOrg: project.fundOrgs.isEmpty ? "—" : project.fundOrgs.joined(separator: ", "),
                references: project.references.joined(separator: ", "), hasReferences: !project.references.isEmpty,
                totals: amount.totals(project.totals), explanation: amount.explanation(project.totals),
                services: project.byService.map { ServiceRow(service: $0.service.isEmpty ? "—" : $0.service, totals: amount.totals($0.totals)) },
                lines: rows.rows(list: index, items: items.count) { Row(items.item($0), amount: amount) },
                lineCount: String(project.lines.count), groupCount: MoneyFormat.count(items.shown),
                lineSummary: Self.counted(project.lines.count, "charge") + " on " + Self.counted(items.shown, "line"),
                credits: credits, hasCredits: !credits.isEmpty)
        }
        historyHref = page.link(SitePaths.piHistory(slug))
        downloads = [Download(name: "charges_\(report.period).csv", href: page.link(SitePaths.statementCSV(slug, report.period)),
                              kind: "CSV", about: "every charge of this statement, one row each")]
            + report.projects.map { project in
                let file = ProjectSlug.make(project.projectId) + ".pdf"
                return Download(name: file, href: page.link(SitePaths.statementPDF(slug, report.period, project: ProjectSlug.make(project.projectId))),
                                kind: "PDF", about: "statement \(project.statementId) of project \(project.projectId), for grant reporting")
            }
        contactEmail = page.contactEmail
        hasContact = !page.contactEmail.isEmpty
        logo = page.logo.map(page.link) ?? ""
        hasLogo = page.logo != nil
    }

    /// "1 charge", "1,234 charges".
    static func counted(_ n: Int, _ noun: String) -> String {
        MoneyFormat.count(n) + " " + noun + (n == 1 ? "" : "s")
    }

    static func describe(_ grouping: LineItemGrouping) -> String {
        switch grouping {
        case .detail: "one line per charge"
        case .resource: "one line per resource"
        case .resourceDay: "one line per resource and day"
        }
    }
}
