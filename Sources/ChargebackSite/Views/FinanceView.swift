import ChargebackCore

/// What `content/finance.md` receives: per period, the files finance downloads.
struct FinanceView: Sendable {
    struct File: Sendable {
        var name: String
        var href: String
        var size: String
        var sha256: String
    }

    struct PeriodFiles: Sendable {
        var period: String
        var status: String
        var statusLabel: String
        var amount: String
        var files: [File]
        var hasFiles: Bool
    }

    var periods: [PeriodFiles]
    var hasPeriods: Bool
}

extension FinanceView {
    init(overview: LedgerOverview, files: [BillingPeriod: [File]], page: PageContext) {
        let amount = page.amount
        periods = overview.periods.reversed().map { p in
            let list = files[p.period] ?? []
            return PeriodFiles(period: p.period.description, status: p.record.status.rawValue, statusLabel: StatusText.label(p.record.status),
                               amount: amount(p.onStatements.billed), files: list, hasFiles: !list.isEmpty)
        }
        hasPeriods = !periods.isEmpty
    }
}
