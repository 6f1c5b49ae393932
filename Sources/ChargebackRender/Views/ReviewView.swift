import ChargebackCore
import ChargebackMarkdown

/// What `content/review.md` receives: every charge awaiting review in a
/// period, with the exact commands that decide it.
struct ReviewView: Sendable {
    struct Charge: Sendable {
        var id: String
        var source: String
        var line: String
        var pi: String
        var project: String
        var fundOrg: String
        var resource: String
        var service: String
        var amount: String
        var reason: String
        var approveCommand: String
        var rejectCommand: String
    }

    var period: String
    var periodHref: String
    var count: String
    var hasCharges: Bool
    var charges: [Charge]
    var approveAllCommand: String
}

extension ReviewView {
    init(report: PeriodReport, page: PageContext, rows: TemplateRows = .all) {
        let amount = page.amount
        let p = report.summary.period
        period = p.description
        periodHref = page.link(SitePaths.period(p))
        count = String(report.pending.count)
        hasCharges = !report.pending.isEmpty
        charges = rows.rows(list: 0, items: report.pending.count) { Charge(report.pending[$0], amount: amount) }
        approveAllCommand = "openchargeback review approve --period \(p) --note \"checked\""
    }
}

extension ReviewView.Charge: TemplateRow {
    static let fieldNames = ["id", "source", "line", "pi", "project", "fundOrg", "resource", "service", "amount", "reason",
                             "approveCommand", "rejectCommand"]

    var fields: [String] {
        [id, source, line, pi, project, fundOrg, resource, service, amount, reason, approveCommand, rejectCommand]
    }

    init(fields f: [String]) {
        self.init(id: f[0], source: f[1], line: f[2], pi: f[3], project: f[4], fundOrg: f[5], resource: f[6], service: f[7],
                  amount: f[8], reason: f[9], approveCommand: f[10], rejectCommand: f[11])
    }

    init(_ c: PendingCharge, amount: AmountText) {
        self.init(id: String(c.id), source: c.sourceName, line: String(c.line), pi: c.piEmail, project: c.projectId ?? "—",
                  fundOrg: c.fundOrg ?? "—", resource: c.resourceName ?? c.resourceId ?? "—", service: c.serviceName ?? "—",
                  amount: amount(c.billed), reason: c.flagReason ?? "",
                  approveCommand: "openchargeback review approve --id \(c.id) --note \"checked\"",
                  rejectCommand: "openchargeback review reject --id \(c.id) --note \"why\"")
    }
}

/// The charges of a review page, as its template's `charges` rows (one list).
struct ReviewRowValues: MarkdownRowValues {
    let pending: PendingCharges
    let amount: AmountText

    func count(list: Int) -> Int { pending.count }

    func fields(list: Int, row: Int) -> [String] {
        ReviewView.Charge(pending[row], amount: amount).fields
    }
}
