import ChargebackMarkdown

/// Writes a `BarChart` as SVG text. Kept apart from the public type so the
/// API stays small; every piece of text from data goes through `XMLText` (one line, well-formed XML).
struct BarChartRenderer {
    let chart: BarChart

    private var idPrefix: String { Self.identifier(chart.id) }

    func render() -> String {
        guard !chart.groups.isEmpty else { return noData() }
        let scale = ChartScale(values: chart.groups.flatMap(\.values), height: BarChartLayout.plotHeight)
        let ticks = chart.ticks.map { ($0.value, $0.label) }
        let layout = BarChartLayout(
            groupCount: chart.groups.count,
            seriesCount: chart.series.count,
            longestTickLabel: ticks.map(\.1.count).max() ?? 0,
            longestGroupLabel: chart.groups.map(\.label.count).max() ?? 0)
        var out = open(height: layout.height)
        if chart.series.count > 1 { out += legend(layout) }
        out += axis(ticks: ticks, scale: scale, layout: layout)
        for (index, group) in chart.groups.enumerated() {
            out += groupMarkup(group, index: index, scale: scale, layout: layout)
        }
        out += "<line class=\"chart-axis\" x1=\"\(layout.left)\" y1=\"\(layout.baseline)\" x2=\"\(layout.right)\" y2=\"\(layout.baseline)\" stroke=\"currentColor\"/>"
        return out + "</svg>"
    }

    private func open(height: Int) -> String {
        let title = "\(idPrefix)-title", desc = "\(idPrefix)-desc"
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"bar-chart\" viewBox=\"0 0 \(BarChartLayout.width) \(height)\""
            + " width=\"100%\" role=\"img\" aria-labelledby=\"\(title)\" aria-describedby=\"\(desc)\" font-size=\"\(BarChartLayout.fontSize)\">"
            + "<title id=\"\(title)\">\(XMLText.escapeOneLine(chart.title))</title>"
            + "<desc id=\"\(desc)\">\(XMLText.escapeOneLine(chart.description))</desc>"
    }

    private func noData() -> String {
        open(height: 60)
            + "<text class=\"chart-label chart-empty\" x=\"\(BarChartLayout.width / 2)\" y=\"34\" text-anchor=\"middle\">No data</text></svg>"
    }

    private func legend(_ layout: BarChartLayout) -> String {
        var out = "<g class=\"chart-legend\">"
        var x = layout.left
        for series in chart.series {
            let cls = XMLText.escapeOneLine(series.cssClass)
            out += "<rect class=\"chart-swatch \(cls)\" x=\"\(x)\" y=\"6\" width=\"12\" height=\"12\"/>"
            out += "<text class=\"chart-label\" x=\"\(x + 18)\" y=\"16\">\(XMLText.escapeOneLine(series.name))</text>"
            x += 18 + series.name.count * BarChartLayout.charWidth + 20
        }
        return out + "</g>"
    }

    private func axis(ticks: [(Int64, String)], scale: ChartScale, layout: BarChartLayout) -> String {
        var out = "<g class=\"chart-ticks\">"
        for (value, label) in ticks {
            let y = layout.baseline - scale.barHeight(value)
            if value > 0 {
                out += "<line class=\"chart-grid\" x1=\"\(layout.left)\" y1=\"\(y)\" x2=\"\(layout.right)\" y2=\"\(y)\"/>"
            }
            out += "<text class=\"chart-tick\" x=\"\(layout.left - 6)\" y=\"\(y + 4)\" text-anchor=\"end\">\(XMLText.escapeOneLine(label))</text>"
        }
        return out + "</g>"
    }

    private func groupMarkup(_ group: BarChart.Group, index: Int, scale: ChartScale, layout: BarChartLayout) -> String {
        let label = XMLText.escapeOneLine(group.label)
        var out = ""
        if let href = group.href {
            // Out of the tab order: the SVG is one image to assistive
            // technology, so a focused bar would have no name. The same pages
            // are linked from the page's tables; the bars are a mouse shortcut.
            out += "<a class=\"bar-link\" href=\"\(XMLText.escapeOneLine(href))\" tabindex=\"-1\">"
            // A full-height, invisible target so short bars are still easy to click.
            out += "<rect class=\"bar-hit\" x=\"\(layout.groupX(index))\" y=\"\(layout.top)\" width=\"\(layout.groupWidth)\" height=\"\(BarChartLayout.plotHeight)\" fill-opacity=\"0\"/>"
        } else {
            out += "<g class=\"bar-group\">"
        }
        let current = group.isCurrent ? " bar-current" : ""
        for (s, series) in chart.series.enumerated() {
            let value = s < group.values.count ? group.values[s] : 0
            let text = s < group.valueLabels.count ? group.valueLabels[s] : ""
            let h = scale.barHeight(value)
            let name = chart.series.count > 1 ? "\(label) · \(XMLText.escapeOneLine(series.name))" : label
            out += "<rect class=\"bar \(XMLText.escapeOneLine(series.cssClass))\(current)\" x=\"\(layout.barX(group: index, series: s))\""
                + " y=\"\(layout.baseline - h)\" width=\"\(layout.barWidth)\" height=\"\(h)\">"
                + "<title>\(name): \(XMLText.escapeOneLine(text))</title></rect>"
        }
        if layout.showsLabel(index) {
            let x = layout.groupX(index) + layout.groupWidth / 2
            out += "<text class=\"chart-label\(group.isCurrent ? " chart-label-current" : "")\" x=\"\(x)\" y=\"\(layout.baseline + 18)\" text-anchor=\"middle\">\(label)</text>"
        }
        return out + (group.href == nil ? "</g>" : "</a>")
    }

    /// An id safe in any attribute and as an `aria-labelledby` reference:
    /// ASCII letters, digits, `-` and `_`; anything else becomes `-`.
    static func identifier(_ text: String) -> String {
        let cleaned = String(text.unicodeScalars.map { scalar -> Character in
            let v = scalar.value
            let ok = (v >= 0x30 && v <= 0x39) || (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A) || v == 0x2D || v == 0x5F
            return ok ? Character(scalar) : "-"
        })
        // An id must not be empty and reads best starting with a letter.
        guard let first = cleaned.unicodeScalars.first, (first.value | 0x20) >= 0x61, (first.value | 0x20) <= 0x7A else {
            return "chart-" + cleaned
        }
        return cleaned
    }
}
