import ChargebackCore
import ChargebackRender

/// A period's audit trail in the site: the admin page (`audit.md`) and
/// `audit.json` beside it, the same events as `log -p P --format json`.
/// Both are files of the period, so a finalized period's archive holds them.
struct PeriodAudit: Sendable {
    let store: LedgerStore
    let pages: SitePages

    /// Reads the trail now: after the build has logged the journal files it just wrote. Without
    /// archives: the page goes into the period's archive, made after it (and recorded after the
    /// site is live), and an earlier build's archive of the period would make the same ledger give other bytes.
    func plan(_ p: BillingPeriod, status: PeriodStatus) throws -> (page: PlannedPage, json: [UInt8]) {
        var report = try AuditTrail(store: store).report(period: p)
        report.events.removeAll { $0.kind == .archive }
        let records = AuditEvent.schema.records("events", report.events,
                                                header: [("period", .text(p.description)), ("currency", .text(pages.settings.currency))])
        return (pages.audit(report, status: status), Array(records.json().utf8))
    }
}
