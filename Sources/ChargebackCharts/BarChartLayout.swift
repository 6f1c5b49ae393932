/// Where things go in a bar chart's viewBox. Integers only, so output is
/// deterministic and identical on every platform. The PDF uses the same
/// layout with a lower plot (`plotHeight`), scaled to its page.
package struct BarChartLayout: Sendable, Equatable {
    package static let width = 640
    /// The web page's plot height.
    package static let plotHeight = 200
    /// Rough advance of one character at the chart's 12-unit font size; used
    /// to keep tick labels inside the left margin and axis labels apart.
    static let charWidth = 7
    static let fontSize = 12

    package let groupCount: Int
    package let seriesCount: Int
    package let plotHeight: Int
    package let left: Int
    package let top: Int
    package let height: Int
    package let groupWidth: Int
    package let barWidth: Int
    /// Only every n-th group is labelled when labels would overlap; counted
    /// from the last group so the most recent period always has its label.
    package let labelEvery: Int

    package init(groupCount: Int, seriesCount: Int, longestTickLabel: Int, longestGroupLabel: Int, plotHeight: Int = Self.plotHeight) {
        self.plotHeight = plotHeight
        self.groupCount = max(1, groupCount)
        self.seriesCount = max(1, seriesCount)
        left = min(200, max(40, longestTickLabel * Self.charWidth + 14))
        let legend = seriesCount > 1 ? 28 : 0
        top = 12 + legend
        height = top + plotHeight + 30
        let labelWidth = max(1, longestGroupLabel) * Self.charWidth + 8
        // The last label is centred under the last group; keep room for its
        // right half, which would otherwise be cut off by the viewBox edge.
        let roughGroup = (Self.width - left - 8) / self.groupCount
        let rightPad = max(8, (labelWidth - roughGroup) / 2 + 4)
        groupWidth = max(1, (Self.width - left - rightPad) / self.groupCount)
        barWidth = max(1, groupWidth * 8 / 10 / self.seriesCount)
        labelEvery = max(1, (labelWidth + groupWidth - 1) / groupWidth)
    }

    package var baseline: Int { top + plotHeight }
    package var right: Int { left + groupWidth * groupCount }

    package func groupX(_ index: Int) -> Int { left + index * groupWidth }

    package func barX(group: Int, series: Int) -> Int {
        let used = barWidth * seriesCount
        return groupX(group) + (groupWidth - used) / 2 + series * barWidth
    }

    package func showsLabel(_ index: Int) -> Bool { (groupCount - 1 - index) % labelEvery == 0 }
}
