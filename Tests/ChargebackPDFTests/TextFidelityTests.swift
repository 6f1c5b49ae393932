import Foundation
import Testing
@testable import ChargebackPDF

@Suite struct TextFidelityTests {
    static let names = ["Ελληνικά", "Кириллица", "中文名字", "日本語", "Zoë Lefèvre", "Ωmega-lab"]
    static let hostile = "<b>x</b> & \"q\" =HYPERLINK(\"a\")"

    @Test func scriptsAndAccentsComeBackIdentical() throws {
        let blocks: [PDFBlock] = Self.names.map { .paragraph([PDFSpan($0)]) }
            + [.table(PDFTable(alignments: [.left, .right], header: [[PDFSpan("Name")], [PDFSpan("Amount")]],
                               rows: Self.names.map { [[PDFSpan("cell " + $0)], [PDFSpan("USD 1.00")]] }))]
        let pdf = try PDFTools.write(try PDFStatement.render(blocks, info: SampleStatements.info()))
        let text = try PDFTools.text(of: pdf)
        for name in Self.names {
            #expect(text.contains(name), "\(name)")
            #expect(text.contains("cell " + name), "cell \(name)")
        }
        // No missing glyphs: every font embedded is one we expect.
        let fonts = try PDFTools.run("/usr/bin/pdffonts", [pdf.path])
        #expect(fonts.text.contains("DejaVuSans"))
        #expect(fonts.text.contains("WenQuanYi") || fonts.text.contains("wqy"), "\(fonts.text)")
    }

    @Test func latinTextNeedsOneSimpleFontPerFaceAndNoLigatures() throws {
        // "fi", "fl", "ffi" would be ligature glyphs, which cairo can only put in an extra CID font.
        let words = "Northfield office: fluffy affine workflows"
        let blocks: [PDFBlock] = [.heading(level: 1, [PDFSpan(words)]), .paragraph([PDFSpan(words), PDFSpan(" " + words, bold: true)]),
                                  .table(PDFTable(alignments: [.left], header: [[PDFSpan("Fund/org")]], rows: [[[PDFSpan(words)]]]))]
        let pdf = try PDFTools.write(try PDFStatement.render(blocks, info: SampleStatements.info()))
        let fonts = try PDFTools.run("/usr/bin/pdffonts", [pdf.path]).text
        #expect(!fonts.contains("Identity-H"), "\(fonts)")
        #expect(PDFTools.count("WinAnsi", in: fonts) == 2, "regular and bold: \(fonts)")
        #expect(PDFTools.count(words, in: try PDFTools.text(of: pdf)) >= 3)
    }

    @Test func hostileTextComesOutLiterally() throws {
        let blocks: [PDFBlock] = [
            .heading(level: 2, [PDFSpan(Self.hostile)]),
            .paragraph([PDFSpan(Self.hostile), PDFSpan(" bold " + Self.hostile, bold: true)]),
            .list(ordered: false, items: [[PDFSpan(Self.hostile, code: true)]]),
            .table(PDFTable(alignments: [.left], header: [[PDFSpan("Project")]], rows: [[[PDFSpan(Self.hostile)]]])),
            .paragraph([PDFSpan("link " + Self.hostile, link: "https://example.edu/a'b\\c d")]),
        ]
        let pdf = try PDFTools.write(try PDFStatement.render(blocks, info: SampleStatements.info()))
        let text = try PDFTools.text(of: pdf)
        #expect(PDFTools.count(Self.hostile, in: text) == 6, "\(text)")
        #expect(try PDFTools.qpdfCheck(pdf).status == 0)
    }

    @Test func controlCharactersDoNotDropText() throws {
        let pdf = try PDFTools.write(try PDFStatement.render([.paragraph([PDFSpan("before\u{01}after\u{7F}end")])],
                                                             info: SampleStatements.info()))
        #expect(try PDFTools.text(of: pdf).contains("before after end"))
    }
}
