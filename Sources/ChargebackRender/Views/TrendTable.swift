import ChargebackCore
import Crypto

/// Every PI's amount due per period, for trend charts and for knowing when
/// a page's trend (and so the page) changed (`digest`).
package struct TrendTable: Sendable {
    package let periods: [BillingPeriod]
    package let statuses: [BillingPeriod: PeriodStatus]
    package let window: Int
    private let billed: [String: [BillingPeriod: MoneySum]]

    package init(overview: LedgerOverview, window: Int) {
        periods = overview.periods.map(\.period)
        statuses = Dictionary(overview.periods.map { ($0.period, $0.record.status) }, uniquingKeysWith: { a, _ in a })
        self.window = window
        var table: [String: [BillingPeriod: MoneySum]] = [:]
        for pi in overview.pis {
            var perPeriod: [BillingPeriod: MoneySum] = [:]
            for t in pi.totals { perPeriod[t.period, default: MoneySum()].add(t.totals.billed) }
            table[pi.piEmail.lowercased()] = perPeriod
        }
        billed = table
    }

    /// The periods a trend ending at `p` shows: `p` and up to `window - 1` before it.
    package func windowPeriods(endingAt p: BillingPeriod) -> [BillingPeriod] {
        Array(periods.filter { $0 <= p }.suffix(window))
    }

    /// A PI's bars for the trend ending at `p` (all periods when `p` is nil: the history page).
    package func points(piEmail: String, slug: String, endingAt p: BillingPeriod?) -> [TrendPoint] {
        let perPeriod = billed[piEmail.lowercased()] ?? [:]
        let shown = p.map { windowPeriods(endingAt: $0) } ?? periods
        return shown.map { period in
            TrendPoint(period: period, billed: perPeriod[period] ?? MoneySum(),
                       statement: perPeriod[period] == nil ? nil : SitePaths.statement(slug, period), isCurrent: period == p)
        }
    }

    /// Digest of what a trend shows.
    package static func digest(_ points: [TrendPoint], extra: [String]) -> String {
        var hasher = SHA256()
        for item in extra { hasher.update(data: Array(item.utf8) + [0x1F]) }
        for point in points {
            hasher.update(data: Array("\(point.period)|\(point.billed.nanos)|\(point.statement ?? "-")|\(point.isCurrent)".utf8) + [0x1E])
        }
        return FileDigest.hex(hasher.finalize())
    }
}

/// One bar of a PI's trend: the amount due in one period.
package struct TrendPoint: Sendable, Equatable {
    package var period: BillingPeriod
    package var billed: MoneySum
    /// Link target (relative to the site root) of that period's statement; nil when the PI had none.
    package var statement: String?
    package var isCurrent: Bool
}
