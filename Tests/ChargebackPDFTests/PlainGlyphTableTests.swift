import CPangoCairo
import Foundation
import Testing
@testable import ChargebackPDF

/// Plain table cells are shaped from a glyph table instead of a Pango
/// layout each; what they measure and draw must be exactly Pango's.
@Suite struct PlainGlyphTableTests {
    static let printable = (0x20...0x7E).map { String(UnicodeScalar(UInt8($0))) }

    /// Pango's glyphs, positions and extents for `text` in a table cell.
    static func pango(_ text: String, bold: Bool, context: TextContext) throws -> (glyphs: [UInt32], positions: [Int32], width: Double, height: Double, baseline: Double) {
        let layout = try TextLayout(PangoMarkup([PDFSpan(text)], codeSize: 8), context: context,
                                    font: bold ? context.fonts.tableBold : context.fonts.table, width: nil,
                                    lineSpacing: Typography.tableLineSpacing)
        let first = try #require(layout.lines.first)
        let shaped = try #require(PlainGlyphTable.glyphs(of: first.line))
        var positions: [Int32] = []
        var x: Int32 = 0
        for glyph in shaped {
            positions.append(x + glyph.xOffset)
            x += glyph.width
        }
        return (shaped.map(\.glyph), positions, layout.width, layout.height, layout.firstBaseline)
    }

    static func expectSame(_ text: String, bold: Bool, context: TextContext) throws {
        let table = try #require(bold ? context.tableGlyphs.bold : context.tableGlyphs.regular)
        let line = try #require(GlyphLine(PangoMarkup([PDFSpan(text)], codeSize: 8), table: table, context: context), "\(text)")
        let expected = try pango(text, bold: bold, context: context)
        #expect(line.glyphs == expected.glyphs, "glyphs of \(text)")
        #expect(line.positions == expected.positions, "positions of \(text)")
        #expect(line.width == expected.width, "width of \(text)")
        #expect(line.height == expected.height, "height of \(text)")
        #expect(line.firstBaseline == expected.baseline, "baseline of \(text)")
    }

    @Test(arguments: [false, true]) func everyPairOfPrintableCharactersIsPangos(bold: Bool) throws {
        let context = try TextContext()
        // Every pair with its kerning ("AV", "Te", "r.", "11"…), in 95 strings
        // of 190 characters, then each character alone.
        for first in Self.printable {
            try Self.expectSame(Self.printable.map { first + $0 }.joined(), bold: bold, context: context)
        }
        for character in Self.printable {
            try Self.expectSame(character, bold: bold, context: context)
        }
    }

    @Test func randomTextAndStatementValuesArePangos() throws {
        let context = try TextContext()
        var generator = SystemRandomNumberGenerator()
        var samples = ["USD 1,234,567.89", "2026-10-01", "arn:aws:s3:::neuro-23c1", " leading and trailing  ", "   ",
                       "WAVE AVATAR Type LTA", "i-0abc123def4567890", "-0.000000001", "100.00%"]
        for _ in 0..<500 {
            let length = Int.random(in: 1...40, using: &generator)
            samples.append(String((0..<length).map { _ in Character(Self.printable.randomElement(using: &generator)!) }))
        }
        for text in samples {
            try Self.expectSame(text, bold: false, context: context)
        }
    }

    @Test func textThatIsNotPlainGoesToPango() throws {
        let context = try TextContext()
        let table = try #require(context.tableGlyphs.regular)
        let notPlain: [[PDFSpan]] = [[PDFSpan("")], [PDFSpan("Zürich")], [PDFSpan("a\tb")], [PDFSpan("two\nlines")],
                                      [PDFSpan("東京")], [PDFSpan("bold", bold: true)], [PDFSpan("code", code: true)],
                                      [PDFSpan("link", link: "https://example.edu")], [PDFSpan("fi ffl")], [PDFSpan("USD 1"), PDFSpan(" €")]]
        for spans in notPlain {
            let markup = PangoMarkup(spans, codeSize: 8)
            let line = GlyphLine(markup, table: table, context: context)
            // Ligatures are off, so "fi" is plain; the rest is not.
            #expect((line != nil) == (markup.plainText == "fi ffl"), "\(markup.plainText)")
        }
    }

    /// The strongest check: a statement's tables drawn from glyph tables and
    /// drawn by Pango are the same PDF, byte for byte (the same glyphs at the
    /// same places, the same colour, the same text for extraction).
    @Test(arguments: [0, Int.max]) func tablesDrawnFromGlyphTablesAreTheBytesPangoDraws(keptLayoutRows: Int) throws {
        var blocks = SampleStatements.longTable(rows: 120)
        blocks.append(.table(PDFTable(alignments: [.left, .left, .right], header: SampleStatements.cells(["Date", "Description", "Amount"]),
                                      rows: (1...30).map { [[PDFSpan("2026-10-\(10 + $0 % 20)")], [PDFSpan("Zürich \($0)"), PDFSpan(" bold", bold: true)],
                                                            [PDFSpan("USD \($0).00")]] })))
        let fast = try PDFStatement.render(blocks, info: SampleStatements.info(), images: [:], keptLayoutRows: keptLayoutRows)
        let pango = try PDFStatement.render(blocks, info: SampleStatements.info(), images: [:], keptLayoutRows: keptLayoutRows, glyphTables: false)
        if fast != pango, ProcessInfo.processInfo.environment["PLAIN_GLYPHS_DUMP"] != nil {
            _ = try PDFTools.write(fast, name: "fast.pdf")
            _ = try PDFTools.write(pango, name: "pango.pdf")
        }
        let same = fast == pango
        #expect(same, "\(fast.count) bytes drawn from glyph tables, \(pango.count) by Pango")
        let text = try PDFTools.text(of: PDFTools.write(fast))
        #expect(text.contains(SampleStatements.rowId(120)))
    }
}
