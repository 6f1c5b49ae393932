import ChargebackCore

/// What `content/finance.md` receives: per period, the journal files finance downloads.
struct FinanceView: Sendable {
    struct PeriodFiles: Sendable {
        var period: String
        var status: String
        var statusLabel: String
        var href: String
        var journals: JournalFilesView
        var archive: Archive?
        /// The period's audit trail (admins; finance with `site.access.finance_reads_audit`); "" when the site has none
        /// (a period archived by an earlier version).
        var auditHref: String
        var hasAudit: Bool
    }

    /// A frozen period's snapshot zip.
    struct Archive: Sendable {
        var name: String
        var href: String
        var checksumHref: String
        var size: String
        var sha256: String
        var files: String
    }

    var periods: [PeriodFiles]
    var hasPeriods: Bool
}

extension FinanceView {
    /// `audited`: the periods whose audit page is in the site.
    init(overview: LedgerOverview, journals: [String: FinancePeriod], archives: [String: FrozenPeriod], audited: Set<BillingPeriod>,
         page: PageContext) {
        periods = overview.periods.reversed().map { p in
            let archive = archives[p.period.description].map {
                Archive(name: SitePaths.archiveName(p.period) + ".zip", href: page.link($0.archive),
                        checksumHref: page.link(SitePaths.archiveChecksum(p.period)), size: MoneyFormat.count($0.bytes) + " bytes",
                        sha256: $0.sha256, files: MoneyFormat.count($0.files))
            }
            return PeriodFiles(period: p.period.description, status: p.record.status.rawValue, statusLabel: StatusText.label(p.record.status),
                               href: page.link(SitePaths.period(p.period)),
                               journals: JournalFilesView(journals[p.period.description] ?? FinancePeriod(), page: page), archive: archive,
                               auditHref: audited.contains(p.period) ? page.link(SitePaths.audit(p.period)) : "",
                               hasAudit: audited.contains(p.period))
        }
        hasPeriods = !periods.isEmpty
    }
}
