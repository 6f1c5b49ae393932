/// A grouped vertical bar chart as one line of inline SVG, for embedding in a
/// page's Markdown as a raw HTML block (a blank line would end that block, so
/// the output contains no line break at all).
///
/// Amounts are cents (`Int64`) and every coordinate is an integer, so the same
/// input always gives the same string. Colours come only from CSS classes
/// (`bar-*` per series, `bar-current`, `chart-axis`, `chart-grid`,
/// `chart-label`, `chart-tick`, `chart-legend`), so the theme decides them in
/// light and dark mode. The chart holds no currency logic: tick labels come
/// from the caller's `tickLabel` closure and bar tooltips from `valueLabels`.
///
/// With no groups, `svg` returns a small chart-sized SVG that says "No data"
/// (keeping the page's layout and giving screen readers the title), never an
/// empty string.
public struct BarChart: Sendable {
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

    public init(id: String, title: String, description: String, series: [Series], groups: [Group]) {
        self.id = id
        self.title = title
        self.description = description
        self.series = series
        self.groups = groups
    }

    /// The chart as one line of SVG markup.
    public func svg(tickLabel: (Int64) -> String) -> String {
        BarChartRenderer(chart: self).render(tickLabel: tickLabel)
    }

    /// The chart inside `<figure class="chart">` with the title as
    /// `<figcaption>`; still one line. `figure` starts a Markdown HTML block
    /// (a bare `<svg>` would not), so content templates can place this directly.
    public func figure(tickLabel: (Int64) -> String) -> String {
        "<figure class=\"chart\">" + svg(tickLabel: tickLabel)
            + "<figcaption>" + XMLText.escape(title) + "</figcaption></figure>"
    }
}
