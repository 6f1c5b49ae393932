import ChargebackCharts
@testable import ChargebackRender
import ChargebackTestSupport
import Testing

/// The template blocks as the theme's HTML: the elements and classes the
/// stylesheet styles, the chart as SVG, nothing a PDF-only part shows.
@Suite struct TemplateBlockHTMLTests {
    @Test func figuresAndDefinitions() {
        let html = MarkdownHTML.render("""
            ::: figures
            List price
            : USD 10.00

            Negotiated discount
            : USD 2.00
            : 20.0% of list price

            Amount due {.due}
            : USD 8.00
            :::

            ::: definitions
            PI
            : jane@x.example

            Status
            : Draft (open) {.status .status-open}
            :::
            """)
        #expect(html == """
            <dl class="figures">
            <div class="figure"><dt>List price</dt><dd>USD 10.00</dd></div>
            <div class="figure"><dt>Negotiated discount</dt><dd>USD 2.00</dd><dd class="figure-note">20.0% of list price</dd></div>
            <div class="figure figure-due"><dt>Amount due</dt><dd>USD 8.00</dd></div>
            </dl>
            <dl class="details">
            <dt>PI</dt><dd><a href="mailto:jane@x.example">jane@x.example</a></dd>
            <dt>Status</dt><dd><span class="status status-open">Draft (open)</span></dd>
            </dl>

            """)
    }

    @Test func partsSectionsDownloadsAndCharts() {
        let chart = BarChart(id: "trend", title: "Amount due", description: "d", series: [.init(name: "Due", cssClass: "bar-billed")],
                             groups: [.init(label: "2026-10", values: [800], valueLabels: ["USD 8.00"])], tickLabel: { String($0) })
        let html = MarkdownHTML.render("""
            ::: letterhead
            ![Org](logo.svg)
            :::

            ::: section .project #project-1
            ## Project p

            ::: web-only
            [All periods](../index.html)
            :::
            :::

            ::: downloads
            - [x.csv](x.csv) CSV: every line
            :::

            ::: chart trend
            Amount due per period.
            :::
            """, charts: ["trend": chart])
        #expect(html == """
            <div class="letterhead pdf-only">
            <p><img src="logo.svg" alt="Org" /></p>
            </div>
            <section class="project" id="project-1">
            <h2>Project p</h2>
            <div class="web-only">
            <p><a href="../index.html">All periods</a></p>
            </div>
            </section>
            <ul class="downloads">
            <li><a href="x.csv">x.csv</a> <span class="meta">CSV: every line</span></li>
            </ul>
            <figure class="chart">
            \(chart.svg())
            <figcaption>Amount due per period.</figcaption>
            </figure>

            """)
    }

    /// Data reaches a template escaped: it cannot open a block, add a class or an id.
    @Test(arguments: ["::: web-only", "x {.due}", "#evil .x", ": value"])
    func dataCannotMakeBlocks(value: String) throws {
        let escaped = MarkdownText.escape(value)
        let html = MarkdownHTML.render("::: section .project #\(escaped)\n\(escaped)\n:::\n\n::: figures\n\(escaped)\n: \(escaped)\n:::\n")
        #expect(html.contains("<section class=\"project\">"), "no id from data: \(html)")
        #expect(!html.contains("class=\"web-only\"") && !html.contains("figure-due") && !html.contains("class=\"x\""), "\(html)")
        #expect(HTMLInspection.elements("dt", in: html).map(HTMLInspection.text) == [value])
    }
}
