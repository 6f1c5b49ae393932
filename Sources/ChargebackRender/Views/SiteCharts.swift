import ChargebackCharts
import ChargebackCore

/// The site's charts, from reports: amounts in cents, labels already
/// formatted. Templates place them by name (`::: chart trend`); the HTML
/// page draws them as SVG, the PDF on Cairo.
enum SiteCharts {
    /// Charts by their id, as `PlannedPage.charts` holds them; a page without data has none.
    static func named(_ charts: [BarChart?]) -> [String: BarChart] {
        Dictionary(charts.compactMap { $0 }.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Dashboard (`billed-vs-list`): billed vs list price per period, oldest first.
    static func billedVsList(_ overview: LedgerOverview, page: PageContext) -> BarChart {
        let amount = page.amount
        let groups = overview.periods.map { p in
            BarChart.Group(label: p.period.description,
                           values: [amount.cents(p.onStatements.list), amount.cents(p.onStatements.billed)],
                           valueLabels: [amount(p.onStatements.list), amount(p.onStatements.billed)],
                           href: page.link(SitePaths.period(p.period)))
        }
        return BarChart(id: ChartName.billedVsList.rawValue, title: "Billed vs list price per period",
                        description: "For each period, the list price of the charges on statements and the amount billed after discounts and subsidies.",
                        series: [.init(name: "List price", cssClass: "bar-list"), .init(name: "Billed", cssClass: "bar-billed")],
                        groups: groups, tickLabel: { tick(cents: $0, currency: page.currency) })
    }

    /// Statement and PI history (`trend`): a PI's amount due per period; the
    /// period being viewed is highlighted. No points, no chart.
    static func trend(_ points: [TrendPoint], pi: String, page: PageContext) -> BarChart? {
        guard !points.isEmpty else { return nil }
        let amount = page.amount
        let groups = points.map { point in
            BarChart.Group(label: point.period.description, values: [amount.cents(point.billed)], valueLabels: [amount(point.billed)],
                           href: point.statement.map(page.link), isCurrent: point.isCurrent)
        }
        return BarChart(id: ChartName.trend.rawValue, title: "Amount due per period",
                        description: "Amount due by \(pi) in each of the periods shown.",
                        series: [.init(name: "Amount due", cssClass: "bar-billed")], groups: groups,
                        tickLabel: { tick(cents: $0, currency: page.currency) })
    }

    /// Axis ticks: whole currency units, "USD 12,000".
    static func tick(cents: Int64, currency: String) -> String {
        let text = MoneyFormat.display(cents: cents, currency: currency)
        return text.hasSuffix(".00") ? String(text.dropLast(3)) : text
    }
}
