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
        let only = try #require(line.lines.first)
        #expect(line.lines.count == 1 && !line.wraps)
        #expect(Array(only.glyphs) == expected.glyphs, "glyphs of \(text)")
        #expect(Array(only.positions) == expected.positions, "positions of \(text)")
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

/// Plain cells wrapped to a column are broken by `GlyphWrap`, a pure
/// function of the text and the width (Pango's own wrapping was seen to
/// vary between runs when two threads typeset).
@Suite struct GlyphWrapTests {
    static func texts(_ text: String, _ ranges: [Range<Int>]) -> [String] {
        let bytes = Array(text.utf8)
        return ranges.map { String(decoding: bytes[$0], as: UTF8.self) }
    }

    /// Every glyph 10 units wide, no kerning: widths are easy to reason about.
    static func wrap(_ text: String, width: Int32) -> [String] {
        let count = text.utf8.count
        let ranges = GlyphWrap.lines(Array(text.utf8), positions: (0..<count).map { Int32($0 * 10) },
                                     advances: Array(repeating: 10, count: count), width: width)
        return texts(text, ranges)
    }

    @Test func breaksAfterTheLastSpaceThatFitsAndDropsTheSpacesAtTheBreak() {
        #expect(Self.wrap("alpha beta gamma", width: 100) == ["alpha beta", "gamma"])
        #expect(Self.wrap("alpha beta gamma", width: 160) == ["alpha beta gamma"])
        #expect(Self.wrap("alpha   beta", width: 60) == ["alpha", "beta"])
        #expect(Self.wrap("a b c d e", width: 30) == ["a b", "c d", "e"])
    }

    /// As Unicode's line breaking rules (and Pango) allow: after a slash or
    /// hyphen, but not before a digit (`-64` may be a minus sign).
    @Test func pathsBreakAfterASlashOrHyphenNotBeforeADigit() {
        #expect(Self.wrap("nfs:/proj/epidemi-64f4", width: 200) == ["nfs:/proj/", "epidemi-64f4"])
        #expect(Self.wrap("tape:/archive/epidemi-64f4", width: 140) == ["tape:/archive/", "epidemi-64f4"])
        #expect(Self.wrap("gpu-burst-queue", width: 110) == ["gpu-burst-", "queue"])
        #expect(Self.wrap("x/1/2/3/4/5/6", width: 100) == ["x/1/2/3/4/", "5/6"])
    }

    @Test func aWordWiderThanTheColumnIsBrokenBetweenCharacters() {
        #expect(Self.wrap("arn:aws:s3:::neuro-23c1", width: 100) == ["arn:aws:s3", ":::neuro-2", "3c1"])
        #expect(Self.wrap("id i-0abcdef", width: 50) == ["id", "i-0ab", "cdef"])
        // Narrower than one character: one character a line, never none.
        #expect(Self.wrap("abc", width: 5) == ["a", "b", "c"])
    }

    @Test func noLineIsWiderThanTheColumnAndNoCharacterIsLost() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            let length = Int.random(in: 1...80, using: &generator)
            let text = String((0..<length).map { _ in Character(Bool.random(using: &generator) && Bool.random(using: &generator) ? " " : "x") })
            let width = Int32.random(in: 10...400, using: &generator)
            let lines = Self.wrap(text, width: width)
            #expect(!lines.isEmpty)
            for line in lines where line.count > 1 {
                #expect(line.count * 10 <= width, "\(line) in \(width)")
            }
            // Only spaces at the breaks go.
            #expect(lines.joined().filter { $0 != " " } == text.filter { $0 != " " }, "\(text)")
        }
    }

    /// Where Pango breaks at spaces, the wrapped cell has Pango's lines, height and baseline.
    @Test func wrappedAtSpacesItMatchesPangosLinesAndHeight() throws {
        let context = try TextContext()
        let table = try #require(context.tableGlyphs.regular)
        for (text, width) in [("Amazon Simple Storage Service", 60.0), ("Usage of the research cluster, October", 80.0),
                              ("a b c d e f g", 12.0), ("two words", 300.0)] {
            let markup = PangoMarkup([PDFSpan(text)], codeSize: 8)
            let line = try #require(GlyphLine(markup, table: table, context: context, width: width))
            let pango = try TextLayout(markup, context: context, font: context.fonts.table, width: width,
                                       lineSpacing: Typography.tableLineSpacing, maxLines: Typography.tableCellMaxLines)
            let pangoLines = pango.lines.map { line -> String in
                let bytes = Array(text.utf8)
                let start = Int(line.line.pointee.start_index)
                return String(decoding: bytes[start..<(start + Int(line.line.pointee.length))], as: UTF8.self)
                    .trimmingCharacters(in: .whitespaces)
            }
            #expect(line.lines.map { String(decoding: $0.text, as: UTF8.self) } == pangoLines, "\(text)")
            #expect(line.height == pango.height, "height of \(text)")
            #expect(line.firstBaseline == pango.firstBaseline, "baseline of \(text)")
        }
    }

    /// In a table too wide for the page, an id in a narrowed column wraps
    /// through `GlyphWrap`: its lines are exactly the id, nothing added.
    @Test func aNarrowedTableColumnWrapsPlainIdsWithoutAddingAHyphen() throws {
        let id = "arn:aws:s3:::hydrolo-8c1-with-a-rather-long-bucket-name"
        let table = PDFTable(alignments: [.left, .left, .right], header: SampleStatements.cells(["Date", "Resource", "Amount"]),
                             rows: [SampleStatements.cells(["2026-10-10", id, "USD 2.82"])])
        let measured = try TableLayout.measure(table, context: try TextContext(), width: 220)
        let shapes = try measured.row(at: 0).cells.compactMap(\.text.kept)
        let wrapped = shapes.compactMap { shape -> GlyphLine? in
            if case .glyphs(let line) = shape, line.wraps, line.lines.first?.text.starts(with: Array("arn".utf8)) == true { return line }
            return nil
        }
        let line = try #require(wrapped.first)
        #expect(line.lines.count > 1)
        #expect(line.lines.map { String(decoding: $0.text, as: UTF8.self) }.joined() == id)
    }

    @Test func moreLinesThanACellMayHaveGoToPango() throws {
        let context = try TextContext()
        let table = try #require(context.tableGlyphs.regular)
        let words = PangoMarkup([PDFSpan((1...200).map { "word\($0)" }.joined(separator: " "))], codeSize: 8)
        #expect(GlyphLine(words, table: table, context: context, width: 60, maxLines: Typography.tableCellMaxLines) == nil)
        #expect(GlyphLine(words, table: table, context: context, width: 60)?.lines.count ?? 0 > Typography.tableCellMaxLines)
    }
}
