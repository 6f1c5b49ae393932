import Testing
@testable import ChargebackPDF

@Suite struct LayoutUnitTests {
    @Test func markupEscapesEverySpecialCharacter() {
        let markup = PangoMarkup([PDFSpan("<b>&'\"</b>", bold: true)], codeSize: 9)
        #expect(markup.markup == "<b>&lt;b&gt;&amp;&#39;&quot;&lt;/b&gt;</b>")
        #expect(markup.plainText == "<b>&'\"</b>")
    }

    @Test func plainSpansNeedNoMarkupAndKeepTheirOwnCacheKey() {
        let plain = PangoMarkup([PDFSpan("<b>x</b> & "), PDFSpan("y\u{1}")], codeSize: 9)
        #expect(plain.markup == nil)
        #expect(plain.plainText == "<b>x</b> & y ")
        let bold = PangoMarkup([PDFSpan("x", bold: true)], codeSize: 9)
        #expect(bold.markup == "<b>x</b>")
        #expect(PangoMarkup([PDFSpan("<b>x</b>")], codeSize: 9).key != bold.key)
    }

    @Test func linkRangesAreUTF8ByteOffsets() {
        let markup = PangoMarkup([PDFSpan("Zoë "), PDFSpan("日本", link: "https://x.example")], codeSize: 9)
        #expect(markup.links == [LinkRange(start: 5, end: 11, uri: "https://x.example")])
    }

    @Test func linkURIsAreEscapedForCairoAndLimitedToWebAndMail() {
        #expect(PDFLinkURI.annotationValue("https://a.example/x'y\\z") == "https://a.example/x\\'y\\\\z")
        #expect(PDFLinkURI.annotationValue(" https://a.example/é b ") == "https://a.example/%C3%A9%20b")
        #expect(PDFLinkURI.annotationValue("mailto:x@y.example") == "mailto:x@y.example")
        #expect(PDFLinkURI.annotationValue("javascript:alert(1)") == nil)
        #expect(PDFLinkURI.annotationValue("../relative.html") == nil)
    }

    @Test func columnsThatFitShareTheSpareWidthAmongTextColumns() {
        let widths = TableLayout.columnWidths(natural: [100, 50, 60], alignments: [.left, .left, .right], available: 420)
        #expect(widths[2] == 60)
        #expect(abs(widths.reduce(0, +) - 420) < 0.001)
        #expect(abs(widths[0] - 2 * widths[1]) < 0.001)
    }

    @Test func numberColumnsKeepTheirWidthWhenTheTableIsTooWide() {
        let widths = TableLayout.columnWidths(natural: [300, 80, 250, 90], alignments: [.left, .left, .left, .right],
                                              available: 480)
        #expect(widths[3] == 90)
        #expect(widths[1] == 80, "a narrow text column keeps its width")
        #expect(abs(widths[0] - widths[2]) < 0.001, "the wide ones share the rest")
        #expect(abs(widths.reduce(0, +) - 480) < 0.001)
    }

    @Test func paginatorKeepsChainsAndRepeatsNothingOutsideTables() {
        func atom(_ height: Double, keep: Bool = false) -> LayoutAtom {
            LayoutAtom(content: .rule(thickness: 1, color: Typography.text), height: height, keepWithNext: keep)
        }
        let pages = Paginator(contentHeight: 100).pages([atom(60), atom(20, keep: true), atom(30), atom(10)])
        #expect(pages.map(\.count) == [1, 3])
        #expect(pages[1].map(\.y) == [0, 20, 50])
    }
}
