import ChargebackCore

/// What `content/finance.md` receives: per period, the journal files finance downloads.
struct FinanceView: Sendable {
    struct PeriodFiles: Sendable {
        var period: String
        var status: String
        var statusLabel: String
        var href: String
        var journals: JournalFilesView
    }

    var periods: [PeriodFiles]
    var hasPeriods: Bool
}

extension FinanceView {
    init(overview: LedgerOverview, journals: [String: FinancePeriod], page: PageContext) {
        periods = overview.periods.reversed().map { p in
            PeriodFiles(period: p.period.description, status: p.record.status.rawValue, statusLabel: StatusText.label(p.record.status),
                        href: page.link(SitePaths.period(p.period)),
                        journals: JournalFilesView(journals[p.period.description] ?? FinancePeriod(), page: page))
        }
        hasPeriods = !periods.isEmpty
    }
}
