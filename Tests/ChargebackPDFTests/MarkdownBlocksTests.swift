import ChargebackMarkdown
import ChargebackRender
import Testing
@testable import ChargebackPDF

/// The PDF blocks of Markdown: parsed into the document tree, walked by `DocumentBlocks`.
private func blocks(_ markdown: String) -> [PDFBlock] {
    DocumentBlocks.blocks(MarkdownDocument.parse(markdown))
}

/// The statement Markdown, walked into PDF blocks: the same text the HTML
/// page shows, with data values exactly as typed.
@Suite struct MarkdownBlocksTests {
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
    /// escaping): in a table cell, a heading or raw HTML they come out as typed.
    @Test(arguments: ["a|b *c* <img src=x> [x](javascript:y)", "=HYPERLINK(\"x\")", "jane@evil.example", "Ωmega-lab 中文 Zoë", "  two  spaces "])
    func escapedDataComesOutLiterally(value: String) throws {
        let escaped = MarkdownText.escape(value)
        let markdown = "## Project \(escaped)\n\n<dl class=\"details\">\n<dt>PI</dt><dd>\(escaped)</dd>\n</dl>\n\n| A | B |\n|---|--:|\n| \(escaped) | 1 |\n"
        let blocks = blocks(markdown)
        let collapsed = value.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        guard blocks.count == 3, case .heading(2, let heading) = blocks[0], case .paragraph(let pi) = blocks[1], case .table(let table) = blocks[2] else {
            Issue.record("unexpected blocks \(blocks)")
            return
        }
        #expect(Self.text(heading) == "Project " + value)
        #expect(Self.text(pi) == "PI: " + collapsed)
        #expect(table.rows.first.map { Self.text($0[0]) } == value)
        #expect(!Self.text(heading).unicodeScalars.contains { $0.value == 0xFDD0 }, "the autolink marker is removed")
    }

    @Test func htmlBlocksGiveTheirTextButNotChartsOrWebOnlyParts() {
        let markdown = """
            <dl class="figures">
            <div class="figure"><dt>List price</dt><dd>USD 10.00</dd></div>
            <div class="figure"><dt>Amount due</dt><dd>USD 8.00 <span class="muted">(20.0%)</span></dd></div>
            </dl>

            <ul class="downloads web-only">
            <li><a href="x.csv">x.csv</a></li>
            </ul>

            <figure><svg><title>Trend</title><text>USD 9</text></svg><figcaption>Amount due by period</figcaption></figure>

            <ul class="notes"><li>first</li><li>second &amp; last</li></ul>

            <p class="note">Write to <a href="mailto:x@y.example">x@y.example</a>. Thanks<br>all</p>
            """
        let blocks = blocks(markdown)
        #expect(blocks == [
            .paragraph([PDFSpan("List price: ", bold: true), PDFSpan("USD 10.00")]),
            .paragraph([PDFSpan("Amount due: ", bold: true), PDFSpan("USD 8.00 (20.0%)")]),
            .paragraph([PDFSpan("Amount due by period")]),
            .list(ordered: false, items: [[PDFSpan("first")], [PDFSpan("second & last")]]),
            .paragraph([PDFSpan("Write to x@y.example. Thanks all")]),
        ])
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
        #expect(MarkdownBlocksTests.text(spans) == "Issued by the lab on request.")
    }
}
