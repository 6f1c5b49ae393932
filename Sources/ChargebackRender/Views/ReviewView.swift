import ChargebackCore

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
    init(report: PeriodReport, page: PageContext) {
        let amount = page.amount
        let p = report.summary.period
        period = p.description
        periodHref = page.link(SitePaths.period(p))
        count = String(report.pending.count)
        hasCharges = !report.pending.isEmpty
        charges = report.pending.map { c in
            Charge(id: String(c.id), source: c.sourceName, line: String(c.line), pi: c.piEmail, project: c.projectId ?? "—",
                   fundOrg: c.fundOrg ?? "—", resource: c.resourceName ?? c.resourceId ?? "—", service: c.serviceName ?? "—",
                   amount: amount(c.billed), reason: c.flagReason ?? "",
                   approveCommand: "openchargeback review approve --id \(c.id) --note \"checked\"",
                   rejectCommand: "openchargeback review reject --id \(c.id) --note \"why\"")
        }
        approveAllCommand = "openchargeback review approve --period \(p) --note \"checked\""
    }
}
