@testable import ChargebackCharts
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// Collects every element of an SVG with its attributes and text, so tests
/// read the chart the way a browser would rather than by string matching.
private final class SVGElements: NSObject, XMLParserDelegate {
    struct Element { var name: String; var attributes: [String: String]; var text = "" }
    var elements: [Element] = []
    private var open: [Int] = []

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        elements.append(Element(name: name, attributes: attributes))
        open.append(elements.count - 1)
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        _ = open.popLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if let index = open.last { elements[index].text += string }
    }

    /// Parses `svg`; nil when it is not well-formed XML.
    static func parse(_ svg: String) -> SVGElements? {
        let collector = SVGElements()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = collector
        return parser.parse() ? collector : nil
    }

    /// Bars in document order (legend swatches have their own class).
    var bars: [Element] {
        elements.filter { $0.name == "rect" && ($0.attributes["class"] ?? "").hasPrefix("bar ") }
    }
}

private func cents(_ value: Int64) -> String { "USD " + String(value / 100) + "." + String(value % 100) }

private func oneSeries(_ values: [Int64], labels: [String]? = nil, tickLabel: (Int64) -> String = { String($0) }) -> BarChart {
    let groups = values.enumerated().map { index, value in
        BarChart.Group(label: labels?[index] ?? "2026-\(index + 1)", values: [value], valueLabels: [cents(value)])
    }
    return BarChart(id: "trend", title: "Amount due", description: "Amount due per period.",
                    series: [.init(name: "Amount due", cssClass: "bar-billed")], groups: groups, tickLabel: tickLabel)
}

private func height(_ element: SVGElements.Element) -> Int { Int(element.attributes["height"] ?? "") ?? -1 }
private func y(_ element: SVGElements.Element) -> Int { Int(element.attributes["y"] ?? "") ?? -1 }

@Suite struct BarChartTests {
    @Test func heightsAreProportionalExactIntegers() throws {
        let parsed = try #require(SVGElements.parse(oneSeries([5_000, 10_000, 20_000]).svg()))
        let heights = parsed.bars.map(height)
        #expect(heights == [50, 100, 200])
        #expect(heights[1] * 2 == heights[2])
    }

    @Test func largestValueReachesThePlotTop() throws {
        let chart = oneSeries([1, 987_654_321, 123])
        let parsed = try #require(SVGElements.parse(chart.svg()))
        let bars = parsed.bars
        #expect(height(bars[1]) == BarChartLayout.plotHeight)
        let layout = BarChartLayout(groupCount: 3, seriesCount: 1, longestTickLabel: 9, longestGroupLabel: 6)
        #expect(y(bars[1]) == layout.top)
        // Every bar stands on the same baseline.
        #expect(Set(bars.map { y($0) + height($0) }).count == 1)
    }

    @Test func negativeValuesHaveZeroHeightButKeepTheirLabel() throws {
        let chart = oneSeries([-1_200, 4_000])
        let parsed = try #require(SVGElements.parse(chart.svg()))
        let negative = parsed.bars[0]
        #expect(height(negative) == 0)
        let title = try #require(parsed.elements.first { $0.name == "title" && $0.text.contains("USD -12.0") })
        #expect(title.text.hasPrefix("2026-1"))
    }

    @Test func hostileTextIsEscaped() throws {
        let hostile = "<script>&\"'"
        let chart = BarChart(
            id: "x\" onload=\"alert(1)", title: hostile, description: hostile,
            series: [.init(name: hostile, cssClass: "bar-list"), .init(name: "b", cssClass: "bar-billed\"><script>")],
            groups: [.init(label: hostile, values: [1, 2], valueLabels: [hostile, hostile], href: "a\"><script>")],
            tickLabel: { _ in hostile })
        let svg = chart.svg()
        #expect(!svg.contains("<script"))
        #expect(!svg.contains("onload=\""))
        #expect(svg.contains("&lt;script&gt;&amp;&quot;&#39;"))
        let parsed = try #require(SVGElements.parse(svg))
        // The parser gives the text back exactly as written in the data.
        #expect(parsed.elements.contains { $0.name == "text" && $0.text == hostile })
        #expect(parsed.elements.contains { $0.name == "a" && $0.attributes["href"] == "a\"><script>" })
    }

    @Test func controlCharactersAndLineBreaksNeverBreakTheOutput() throws {
        let chart = oneSeries([1, 2], labels: ["a\n\nb", "c\u{0}d\u{FFFF}"])
        let svg = chart.svg()
        #expect(!svg.contains("\n") && !svg.contains("\r"))
        #expect(SVGElements.parse(svg) != nil)
    }

    @Test func outputParsesAsXMLAndIsOneLine() throws {
        for count in [0, 1, 2, 12, 36] {
            let chart = BarChart(
                id: "dash", title: "Billed vs list", description: "Per period.",
                series: [.init(name: "List price", cssClass: "bar-list"), .init(name: "Billed", cssClass: "bar-billed")],
                groups: (0..<count).map { .init(label: "P\($0)", values: [Int64($0) * 1_000, Int64($0) * 700], valueLabels: ["l", "b"]) },
                tickLabel: cents)
            let svg = chart.svg()
            #expect(SVGElements.parse(svg) != nil, "\(count) groups")
            #expect(!svg.contains("\n"), "\(count) groups")
            #expect(svg.hasPrefix("<svg") && svg.hasSuffix("</svg>"))
        }
    }

    @Test func outputIsDeterministic() {
        let chart = oneSeries([10, 0, -5, 1_000_000_000_000, 77], tickLabel: cents)
        let first = chart.svg()
        #expect((0..<5).allSatisfy { _ in chart.svg() == first })
    }

    @Test func hrefsWrapTheirGroups() throws {
        let chart = BarChart(
            id: "t", title: "t", description: "d", series: [.init(name: "Due", cssClass: "bar-billed")],
            groups: [.init(label: "2026-09", values: [5], valueLabels: ["5"], href: "../2026-09/index.html"),
                     .init(label: "2026-10", values: [7], valueLabels: ["7"], href: "index.html", isCurrent: true),
                     .init(label: "2026-11", values: [9], valueLabels: ["9"])],
            tickLabel: { String($0) })
        let parsed = try #require(SVGElements.parse(chart.svg()))
        #expect(parsed.elements.filter { $0.name == "a" }.compactMap { $0.attributes["href"] } == ["../2026-09/index.html", "index.html"])
        // Bars are a mouse shortcut; keyboard users follow the page's own links.
        #expect(parsed.elements.filter { $0.name == "a" }.allSatisfy { $0.attributes["tabindex"] == "-1" })
        let current = parsed.bars.filter { ($0.attributes["class"] ?? "").contains("bar-current") }
        #expect(current.count == 1)
    }

    @Test func accessibleNameAndLegend() throws {
        let two = BarChart(
            id: "dash", title: "Billed vs list", description: "Per period.",
            series: [.init(name: "List price", cssClass: "bar-list"), .init(name: "Billed", cssClass: "bar-billed")],
            groups: [.init(label: "2026-10", values: [3, 2], valueLabels: ["3", "2"])], tickLabel: { String($0) })
        let parsed = try #require(SVGElements.parse(two.svg()))
        let root = try #require(parsed.elements.first)
        #expect(root.attributes["role"] == "img")
        #expect(root.attributes["aria-labelledby"] == "dash-title")
        #expect(root.attributes["viewBox"] != nil && root.attributes["width"] == "100%")
        #expect(parsed.elements.contains { $0.name == "title" && $0.attributes["id"] == "dash-title" && $0.text == "Billed vs list" })
        #expect(parsed.elements.contains { $0.name == "g" && $0.attributes["class"] == "chart-legend" })
        let single = try #require(SVGElements.parse(oneSeries([1]).svg()))
        #expect(!single.elements.contains { $0.attributes["class"] == "chart-legend" })
    }

    @Test func emptyChartSaysNoData() throws {
        let svg = oneSeries([]).svg()
        let parsed = try #require(SVGElements.parse(svg))
        #expect(parsed.elements.contains { $0.name == "text" && $0.text == "No data" })
        #expect(parsed.bars.isEmpty)
    }

    @Test func manyGroupsThinTheirLabels() throws {
        let labels = (0..<36).map { "20\(24 + $0 / 12)-\(String(format: "%02d", $0 % 12 + 1))" }
        let parsed = try #require(SVGElements.parse(oneSeries((0..<36).map { Int64($0) }, labels: labels).svg()))
        let shown = parsed.elements.filter { $0.name == "text" && ($0.attributes["class"] ?? "").hasPrefix("chart-label") }
        #expect(shown.count < 36 && shown.count >= 6)
        // The most recent period always keeps its label.
        #expect(shown.last?.text == labels.last)
        // Neighbouring labels are at least a label's width apart.
        let xs = shown.compactMap { Int($0.attributes["x"] ?? "") }
        let gaps = zip(xs.dropFirst(), xs).map { $0 - $1 }
        #expect(gaps.allSatisfy { $0 >= 7 * BarChartLayout.charWidth })
        // The last label, centred under the last group, still fits in the viewBox.
        #expect((xs.last ?? .max) + 7 * BarChartLayout.charWidth / 2 <= BarChartLayout.width)
    }

    @Test func ticksAreThreeToFiveRoundSteps() {
        for maximum in Int64(2)...5_000 {
            let ticks = ChartScale(values: [maximum], height: 200).ticks
            #expect((3...5).contains(ticks.count), "max \(maximum): \(ticks)")
            #expect(ticks.first == 0 && (ticks.last ?? 0) <= maximum)
        }
        #expect(ChartScale(values: [1_234_567], height: 200).ticks == [0, 500_000, 1_000_000])
        #expect(ChartScale(values: [Int64.max], height: 200).barHeight(Int64.max) == 200)
    }
}
