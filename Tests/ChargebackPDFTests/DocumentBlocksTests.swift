import ChargebackCharts
import ChargebackMarkdown
import ChargebackRender
import Testing
@testable import ChargebackPDF

/// The PDF blocks of Markdown: parsed into the document tree, walked by `DocumentBlocks`.
private func blocks(_ markdown: String) -> [PDFBlock] {
    DocumentBlocks.blocks(MarkdownDocument.parse(markdown))
}

/// The statement document, walked into PDF blocks: the same text the HTML
/// page shows, with data values exactly as typed.
@Suite struct DocumentBlocksTests {
    static func text(_ spans: [PDFSpan]) -> String { spans.map(\.text).joined() }

    @Test func headingsParagraphsAndStyles() {
        let blocks = blocks("# Statement\n\n## Project p-1\n\nSome **bold**, *italic*, `code` and [a link](https://x.example/a).\n\n---\n")
        #expect(blocks.count == 4)
        guard case .heading(1, let h1) = blocks[0], case .heading(2, let h2) = blocks[1], case .paragraph(let p) = blocks[2] else {
            Issue.record("unexpected blocks \(blocks)")
            return
        }
        #expect(Self.text(h1) == "Statement" && Self.text(h2) == "Project p-1")
        #expect(Self.text(p) == "Some bold, italic, code and a link.")
        #expect(p.contains(PDFSpan("bold", bold: true)))
        #expect(p.contains(PDFSpan("italic", italic: true)))
        #expect(p.contains(PDFSpan("code", code: true)))
        #expect(p.contains(PDFSpan("a link", link: "https://x.example/a")))
        #expect(blocks[3] == .rule)
    }

    @Test func tablesKeepTheirAlignmentHeaderAndRows() throws {
        let blocks = blocks("| Service | Amount |\n|---|--:|\n| Compute | USD 1,234.56 |\n| **Total** | **USD 1,234.56** |\n")
        guard case .table(let table) = try #require(blocks.first) else {
            Issue.record("not a table: \(blocks)")
            return
        }
        #expect(table.alignments == [.left, .right])
        #expect(table.header.map(Self.text) == ["Service", "Amount"])
        #expect(table.rows.map { $0.map(Self.text) } == [["Compute", "USD 1,234.56"], ["Total", "USD 1,234.56"]])
        #expect(table.rows[1][1] == [PDFSpan("USD 1,234.56", bold: true)])
    }

    /// Values reach the template through `MarkdownText.escape` (the site's
    /// escaping): in a heading, a definition and a table cell they come out as typed.
    @Test(arguments: ["a|b *c* <img src=x> [x](javascript:y)", "=HYPERLINK(\"x\")", "jane@evil.example", "Ωmega-lab 中文 Zoë", "  two  spaces ", ": x {.due}"])
    func escapedDataComesOutLiterally(value: String) throws {
        let escaped = MarkdownText.escape(value)
        let markdown = "## Project \(escaped)\n\n::: definitions\nPI\n: \(escaped)\n:::\n\n| A | B |\n|---|--:|\n| \(escaped) | 1 |\n"
        let blocks = blocks(markdown)
        guard blocks.count == 3, case .heading(2, let heading) = blocks[0], case .definitions(let items) = blocks[1],
              case .table(let table) = blocks[2] else {
            Issue.record("unexpected blocks \(blocks)")
            return
        }
        #expect(Self.text(heading) == "Project " + value)
        #expect(items.map { Self.text($0.term) } == ["PI"])
        #expect(items.first?.values.map(Self.text) == [value])
        #expect(table.rows.first.map { Self.text($0[0]) } == value)
        #expect(!Self.text(heading).unicodeScalars.contains { $0.value == 0xFDD0 }, "the autolink marker is removed")
    }

    @Test func templateBlocksBecomeTheirPDFForms() {
        let markdown = """
            ::: letterhead
            ![Northfield](logo.svg)
            :::

            # Statement

            ::: figures
            List price
            : USD 10.00

            Negotiated discount
            : USD 2.00
            : 20.0% of list price

            Amount due {.due}
            : **USD 8.00**
            :::

            ::: definitions
            Status
            : Draft (open) {.status .status-open}
            :::

            ::: downloads
            - [x.csv](x.csv) every line
            :::

            ::: web-only
            Only on the page.
            :::

            ::: pdf-only
            Only in the PDF.
            :::

            ::: section .project #project-1
            ## Project p
            :::

            ::: chart trend
            Amount due per period.
            :::

            ::: chart missing
            No data, no chart.
            :::
            """
        let chart = BarChart(id: "trend", title: "t", description: "d", series: [.init(name: "Due", cssClass: "bar-billed")],
                             groups: [.init(label: "2026-10", values: [800], valueLabels: ["USD 8.00"], isCurrent: true)], tickLabel: { String($0) })
        let content = DocumentBlocks.content(MarkdownDocument.parse(markdown), charts: ["trend": chart])
        #expect(content.letterhead == [.image(PDFImage(source: "logo.svg", alt: "Northfield"))])
        #expect(content.body == [
            .heading(level: 1, [PDFSpan("Statement")]),
            .figures([PDFFigure(label: [PDFSpan("List price")], value: [PDFSpan("USD 10.00")]),
                      PDFFigure(label: [PDFSpan("Negotiated discount")], value: [PDFSpan("USD 2.00")], notes: [[PDFSpan("20.0% of list price")]]),
                      PDFFigure(label: [PDFSpan("Amount due")], value: [PDFSpan("USD 8.00", bold: true)], isDue: true)]),
            .definitions([PDFDefinition(term: [PDFSpan("Status")], values: [[PDFSpan("Draft (open)")]])]),
            .paragraph([PDFSpan("Only in the PDF.")]),
            .heading(level: 2, [PDFSpan("Project p")]),
            .chart(chart, caption: [PDFSpan("Amount due per period.")]),
        ])
    }

    @Test func rawHTMLIsLeftOutOfThePDF() {
        let markdown = """
            <dl class="figures"><div class="figure"><dt>List price</dt><dd>USD 10.00</dd></div></dl>

            Text with <span class="muted">inline</span> tags.
            """
        #expect(blocks(markdown) == [.paragraph([PDFSpan("Text with inline tags.")])])
    }
}

@Suite struct MarkdownImageTests {
    @Test func anImageAloneInItsParagraphIsAnImageBlock() {
        let blocks = blocks("![Northfield *logo*](../../assets/logo.svg)\n\n# Statement\n")
        #expect(blocks.first == .image(PDFImage(source: "../../assets/logo.svg", alt: "Northfield logo")))
        #expect(blocks.count == 2)
    }

    @Test func imagesSideBySideAreEachAnImage() {
        let blocks = blocks("![a](a.png) ![b](b.svg)\n")
        #expect(blocks == [.image(PDFImage(source: "a.png", alt: "a")), .image(PDFImage(source: "b.svg", alt: "b"))])
    }

    @Test func anImageInsideTextStaysItsAltText() {
        let blocks = blocks("Issued by ![the lab](lab.png) on request.\n")
        guard case .paragraph(let spans) = blocks.first else {
            Issue.record("not a paragraph: \(blocks)")
            return
        }
        #expect(DocumentBlocksTests.text(spans) == "Issued by the lab on request.")
    }
}
