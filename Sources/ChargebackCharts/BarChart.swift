/// A grouped vertical bar chart: the model the web page's SVG and the PDF's
/// drawing are both made from (`svg()` here; ChargebackPDF draws the same
/// scale and layout on Cairo). The SVG is one line (a page embeds it as is).
///
/// Amounts are cents (`Int64`) and every coordinate is an integer, so the same
/// input always gives the same string. Colours come only from CSS classes
/// (`bar-*` per series, `bar-current`, `chart-axis`, `chart-grid`,
/// `chart-label`, `chart-tick`, `chart-legend`), so the theme decides them in
/// light and dark mode. The chart holds no currency logic: tick labels come
/// from the caller's `tickLabel` closure (applied once, when the chart is
/// made) and bar tooltips from `valueLabels`.
///
/// With no groups, `svg` returns a small chart-sized SVG that says "No data"
/// (keeping the page's layout and giving screen readers the title), never an
/// empty string.
public struct BarChart: Sendable, Equatable {
    public struct Series: Sendable, Equatable {
        /// Legend text, e.g. "List price".
        public var name: String
        /// CSS class of this series' bars, e.g. "bar-list", "bar-billed".
        public var cssClass: String

        public init(name: String, cssClass: String) {
            self.name = name
            self.cssClass = cssClass
        }
    }

    public struct Group: Sendable, Equatable {
        /// Axis label, e.g. "2026-10".
        public var label: String
        /// One amount in cents per series, in series order; missing ones count as 0.
        public var values: [Int64]
        /// The same amounts formatted for people ("USD 1,234.56"), used in tooltips.
        public var valueLabels: [String]
        /// Relative link for the whole group (e.g. the period's page), or nil.
        /// A mouse shortcut only (not in the tab order): link the same page
        /// from the text or table next to the chart too.
        public var href: String?
        /// Marks the group's bars with `bar-current` (the period being viewed).
        public var isCurrent: Bool

        public init(label: String, values: [Int64], valueLabels: [String], href: String? = nil, isCurrent: Bool = false) {
            self.label = label
            self.values = values
            self.valueLabels = valueLabels
            self.href = href
            self.isCurrent = isCurrent
        }
    }

    /// Prefix of the element ids inside the SVG (`<id>-title`, `<id>-desc`);
    /// must be unique on the page. Characters other than `A-Za-z0-9-_` become `-`.
    public var id: String
    /// Accessible name (`<title>`) and, in `figure`, the caption.
    public var title: String
    /// Accessible description (`<desc>`): say what the chart shows in words.
    public var description: String
    public var series: [Series]
    public var groups: [Group]
    /// The value axis: 0 up to the largest value in nice steps (`ChartScale`), each with its label.
    public private(set) var ticks: [Tick]

    public struct Tick: Sendable, Equatable {
        public var value: Int64
        public var label: String
    }

    public init(id: String, title: String, description: String, series: [Series], groups: [Group],
                tickLabel: (Int64) -> String) {
        self.id = id
        self.title = title
        self.description = description
        self.series = series
        self.groups = groups
        ticks = groups.isEmpty ? [] : ChartScale(values: groups.flatMap(\.values), height: BarChartLayout.plotHeight).ticks
            .map { Tick(value: $0, label: tickLabel($0)) }
    }

    /// The chart as one line of SVG markup.
    public func svg() -> String {
        BarChartRenderer(chart: self).render()
    }
}
