import ChargebackCore

/// What `content/pi.md` receives: one PI across every period.
struct PIHistoryView: Sendable {
    struct PeriodRow: Sendable {
        var period: String
        var href: String
        var status: String
        var statusLabel: String
        var projects: String
        var totals: TotalsView
    }

    struct ProjectRow: Sendable {
        var period: String
        var project: String
        var amount: String
    }

    var pi: String
    var periods: [PeriodRow]
    var projects: [ProjectRow]
    var total: TotalsView
}

extension PIHistoryView {
    init(pi: LedgerOverview.PI, slug: String, statuses: [BillingPeriod: PeriodStatus], page: PageContext) {
        let amount = page.amount
        self.pi = pi.piEmail
        var byPeriod: [(BillingPeriod, ChargeTotals, Int)] = []
        var all = ChargeTotals()
        for t in pi.totals {
            all.add(t.totals)
            if byPeriod.last?.0 == t.period {
                byPeriod[byPeriod.count - 1].1.add(t.totals)
                byPeriod[byPeriod.count - 1].2 += 1
            } else {
                byPeriod.append((t.period, t.totals, 1))
            }
        }
        periods = byPeriod.reversed().map { period, totals, projects in
            let status = statuses[period] ?? .open
            return PeriodRow(period: period.description, href: page.link(SitePaths.statement(slug, period)), status: status.rawValue,
                             statusLabel: StatusText.label(status), projects: String(projects), totals: amount.totals(totals))
        }
        projects = pi.totals.reversed().map { ProjectRow(period: $0.period.description, project: $0.projectId, amount: amount($0.totals.billed)) }
        total = amount.totals(all)
    }
}
