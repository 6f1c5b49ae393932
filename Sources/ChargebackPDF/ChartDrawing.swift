import ChargebackCharts

/// A bar chart (`::: chart NAME`) drawn on Cairo from the same model, scale
/// and layout as the web page's SVG (`BarChart`, `ChartScale`,
/// `BarChartLayout`), scaled to the content width with a lower plot, so
/// the PDF shows the same bars, ticks and labels. The period being viewed
/// is the darker bar. Every number comes from integers, so the same chart
/// draws the same bytes. Paper has no tooltips: each bar's amount is
/// written above it when there is room, and bars are at most
/// `Typography.chartBarMaxWidth` wide (two periods would otherwise be two slabs).
final class ChartDrawing {
    private let chart: BarChart
    private let layout: BarChartLayout
    private let chartScale: ChartScale
    /// Points per chart unit.
    private let scale: Double
    private let ticks: [(value: Int64, layout: TextLayout)]
    private let labels: [(index: Int, layout: TextLayout)]
    private let legend: [TextLayout]
    /// Each bar's amount, by group and series; nil where it does not fit above its bar.
    private let values: [[TextLayout?]]
    let height: Double

    init(_ chart: BarChart, context: TextContext, width: Double) throws {
        self.chart = chart
        chartScale = ChartScale(values: chart.groups.flatMap(\.values), height: Typography.chartPlotHeight)
        layout = BarChartLayout(groupCount: chart.groups.count, seriesCount: chart.series.count,
                                longestTickLabel: chart.ticks.map(\.label.count).max() ?? 0,
                                longestGroupLabel: chart.groups.map(\.label.count).max() ?? 0,
                                plotHeight: Typography.chartPlotHeight)
        scale = width / Double(BarChartLayout.width)
        func text(_ string: String, bold: Bool = false) throws -> TextLayout {
            try TextLayout(PangoMarkup([PDFSpan(string, bold: bold)], codeSize: Typography.chartTextSize), context: context,
                           font: context.fonts.chart, width: nil, lineSpacing: 1.0, color: Typography.figureLabel)
        }
        ticks = try chart.ticks.map { ($0.value, try text($0.label)) }
        labels = try chart.groups.indices.filter(layout.showsLabel).map { ($0, try text(chart.groups[$0].label, bold: chart.groups[$0].isCurrent)) }
        legend = chart.series.count > 1 ? try chart.series.map { try text($0.name) } : []
        let barWidth = min(Double(layout.barWidth) * scale, Typography.chartBarMaxWidth)
        let slot = Double(layout.groupWidth) * scale
        values = try chart.groups.map { group in
            try group.valueLabels.prefix(chart.series.count).map { label in
                let layout = try text(label)
                // Over its own bar, or over the group when one series; never into the neighbour's.
                return layout.width <= (chart.series.count == 1 ? slot - 4 : barWidth + 2) ? layout : nil
            }
        }
        height = Double(layout.height) * scale
    }

    func draw(on canvas: PDFCanvas, x: Double, y: Double) {
        func px(_ unit: Int) -> Double { x + Double(unit) * scale }
        func py(_ unit: Int) -> Double { y + Double(unit) * scale }
        for (value, label) in ticks {
            let tickY = py(layout.baseline - chartScale.barHeight(value))
            if value > 0 {
                canvas.line(x1: px(layout.left), y1: tickY, x2: px(layout.right), y2: tickY, thickness: 0.4,
                            color: Typography.rowRule, dashed: true)
            }
            canvas.draw(label, x: px(layout.left - 6) - label.width, y: tickY - label.height / 2)
        }
        let slotWidth = Double(layout.barWidth) * scale
        let barWidth = min(slotWidth, Typography.chartBarMaxWidth)
        for (index, group) in chart.groups.enumerated() {
            for (series, value) in group.values.enumerated() where series < chart.series.count {
                let barHeight = chartScale.barHeight(value)
                let left = px(layout.barX(group: index, series: series)) + (slotWidth - barWidth) / 2
                let top = py(layout.baseline - barHeight)
                if barHeight > 0 {
                    let color = group.isCurrent ? Typography.chartCurrent
                        : (series == 0 && chart.series.count > 1 ? Typography.chartSecondary : Typography.chartBar)
                    canvas.fill(x: left, y: top, width: barWidth, height: Double(barHeight) * scale, color: color)
                }
                if index < values.count, series < values[index].count, let label = values[index][series] {
                    canvas.draw(label, x: left + barWidth / 2 - label.width / 2, y: top - label.height - 1)
                }
            }
        }
        for (index, label) in labels {
            let center = px(layout.groupX(index) + layout.groupWidth / 2)
            canvas.draw(label, x: center - label.width / 2, y: py(layout.baseline + 5))
        }
        canvas.line(x1: px(layout.left), y1: py(layout.baseline), x2: px(layout.right), y2: py(layout.baseline), thickness: 0.6,
                    color: Typography.headerRule, dashed: false)
        var legendX = px(layout.left)
        for (series, name) in legend.enumerated() {
            canvas.fill(x: legendX, y: py(6), width: 9, height: 9,
                        color: series == 0 ? Typography.chartSecondary : Typography.chartBar)
            canvas.draw(name, x: legendX + 13, y: py(6) + 4.5 - name.height / 2)
            legendX += 13 + name.width + 14
        }
    }
}
