import ChargebackCore

/// What `content/dashboard.md` receives: every period and every PI at a glance.
struct DashboardView: Sendable {
    struct PeriodRow: Sendable {
        var period: String
        var href: String
        var status: String
        var statusLabel: String
        var totals: TotalsView
        var pis: String
        var projects: String
        var pending: String
        var hasPending: Bool
        var reviewHref: String
    }

    struct PIRow: Sendable {
        var pi: String
        var href: String
        var periods: String
        var latestPeriod: String
        var latestAmount: String
    }

    var periods: [PeriodRow]
    var hasPeriods: Bool
    var pis: [PIRow]
    var piCount: String
    var financeHref: String
    var dataAsOf: String
}

extension DashboardView {
    init(overview: LedgerOverview, page: PageContext) {
        let amount = page.amount
        periods = overview.periods.reversed().map { p in
            PeriodRow(period: p.period.description, href: page.link(SitePaths.period(p.period)), status: p.record.status.rawValue,
                      statusLabel: StatusText.label(p.record.status), totals: amount.totals(p.onStatements),
                      pis: String(p.pis), projects: String(p.projects), pending: String(p.awaitingReview.rows),
                      hasPending: p.awaitingReview.rows > 0, reviewHref: page.link(SitePaths.review(p.period)))
        }
        hasPeriods = !periods.isEmpty
        pis = overview.pis.map { pi in
            let periodsOfPI = Set(pi.totals.map(\.period))
            let latest = periodsOfPI.max()
            var latestBilled = MoneySum()
            for t in pi.totals where t.period == latest { latestBilled.add(t.totals.billed) }
            return PIRow(pi: pi.piEmail, href: page.link(SitePaths.piHistory(PISlug.make(pi.piEmail))), periods: String(periodsOfPI.count),
                         latestPeriod: latest?.description ?? "—", latestAmount: amount(latestBilled))
        }
        piCount = String(pis.count)
        financeHref = page.link(SitePaths.finance)
        dataAsOf = overview.dataAsOf ?? "no data yet"
    }
}
