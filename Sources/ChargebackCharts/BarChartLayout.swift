/// Where things go in a bar chart's viewBox. Integers only, so output is
/// deterministic and identical on every platform.
struct BarChartLayout: Sendable, Equatable {
    static let width = 640
    static let plotHeight = 200
    /// Rough advance of one character at the chart's 12-unit font size; used
    /// to keep tick labels inside the left margin and axis labels apart.
    static let charWidth = 7
    static let fontSize = 12

    let groupCount: Int
    let seriesCount: Int
    let left: Int
    let top: Int
    let height: Int
    let groupWidth: Int
    let barWidth: Int
    /// Only every n-th group is labelled when labels would overlap; counted
    /// from the last group so the most recent period always has its label.
    let labelEvery: Int

    init(groupCount: Int, seriesCount: Int, longestTickLabel: Int, longestGroupLabel: Int) {
        self.groupCount = max(1, groupCount)
        self.seriesCount = max(1, seriesCount)
        left = min(200, max(40, longestTickLabel * Self.charWidth + 14))
        let legend = seriesCount > 1 ? 28 : 0
        top = 12 + legend
        height = top + Self.plotHeight + 30
        let labelWidth = max(1, longestGroupLabel) * Self.charWidth + 8
        // The last label is centred under the last group; keep room for its
        // right half, which would otherwise be cut off by the viewBox edge.
        let roughGroup = (Self.width - left - 8) / self.groupCount
        let rightPad = max(8, (labelWidth - roughGroup) / 2 + 4)
        groupWidth = max(1, (Self.width - left - rightPad) / self.groupCount)
        barWidth = max(1, groupWidth * 8 / 10 / self.seriesCount)
        labelEvery = max(1, (labelWidth + groupWidth - 1) / groupWidth)
    }

    var baseline: Int { top + Self.plotHeight }
    var right: Int { left + groupWidth * groupCount }

    func groupX(_ index: Int) -> Int { left + index * groupWidth }

    func barX(group: Int, series: Int) -> Int {
        let used = barWidth * seriesCount
        return groupX(group) + (groupWidth - used) / 2 + series * barWidth
    }

    func showsLabel(_ index: Int) -> Bool { (groupCount - 1 - index) % labelEvery == 0 }
}
