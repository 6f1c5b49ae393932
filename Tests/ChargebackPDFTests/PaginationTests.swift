import Foundation
import ChargebackMarkdown
import Testing
@testable import ChargebackPDF

@Suite struct PaginationTests {
    static let rowCount = 400

    @Test func longTableBreaksAcrossPagesWithRepeatedHeader() throws {
        let pdf = try PDFTools.write(try PDFStatement.render(SampleStatements.longTable(rows: Self.rowCount),
                                                             info: SampleStatements.info()))
        let pageCount = try #require(Int(PDFTools.info(of: pdf)["Pages"] ?? ""))
        #expect(pageCount >= 3)
        let pages = try PDFTools.pages(of: pdf)
        #expect(pages.count == pageCount)
        for (index, page) in pages.enumerated() {
            #expect(page.contains("page \(index + 1) of \(pageCount)"), "footer on page \(index + 1)")
            #expect(PDFTools.count("Resource name", in: page) == 1, "header once on page \(index + 1)")
            // Never a header alone at a page's foot: a row follows it.
            let afterHeader = try #require(page.range(of: "Resource name")).upperBound
            #expect(page[afterHeader...].contains("ROW-"), "a row after the header on page \(index + 1)")
        }
        let text = pages.joined(separator: "\n")
        for index in 1...Self.rowCount {
            let id = SampleStatements.rowId(index)
            #expect(PDFTools.count(id + " ", in: text) == 1, "\(id) exactly once")
        }
    }

    /// A long table keeps no layouts (laid out again page by page as drawn):
    /// the PDF must be the one whose layouts were all kept, byte for byte,
    /// wrapped cells, links and repeated headers included.
    @Test func aTableLaidOutPageByPageGivesTheSameBytes() throws {
        var blocks = SampleStatements.longTable(rows: Self.rowCount)
        // A narrow text column that wraps, in the long table.
        let words = (1...40).map { "word\($0)" }.joined(separator: " ")
        blocks.append(.table(PDFTable(alignments: [.left, .left, .right], header: SampleStatements.cells(["Date", "Description", "Amount"]),
                                      rows: (1...30).map { SampleStatements.cells(["2026-10-\(10 + $0 % 20)", $0 % 3 == 0 ? words : "short", "USD \($0).00"]) })))
        let kept = try PDFStatement.render(blocks, info: SampleStatements.info(), images: [:], keptLayoutRows: .max)
        let later = try PDFStatement.render(blocks, info: SampleStatements.info(), images: [:], keptLayoutRows: 0)
        #expect(try PDFTools.pages(of: PDFTools.write(later)).count >= 3)
        #expect(kept == later)
        #expect(try PDFStatement.render(blocks, info: SampleStatements.info()) == kept)
        // A long table that keeps the shapes of no cell, or of a few: each row shaped again from its spans.
        for keptCells in [0, 5] {
            #expect(try PDFStatement.render(blocks, info: SampleStatements.info(), images: [:], keptLayoutRows: 0,
                                            keptCells: keptCells) == kept, "\(keptCells) cells kept")
        }
        // Rows made as they are read (a statement's line items): measured and drawn from them, the same bytes.
        let made = blocks.map { block -> PDFBlock in
            guard case .table(var table) = block else { return block }
            let rows = Array(table.rows)
            table.rows = TableRows(count: rows.count) { rows[$0] }
            return .table(table)
        }
        #expect(try PDFStatement.render(made, info: SampleStatements.info()) == kept)
        #expect(try PDFStatement.render(made, info: SampleStatements.info(), images: [:], keptLayoutRows: 0) == kept)
        #expect(try PDFStatement.render(made, info: SampleStatements.info(), images: [:], keptLayoutRows: 0, keptCells: 3) == kept)
    }

    @Test func aCellLongerThanAPageIsCutWithAnEllipsisNotOffThePage() throws {
        // 3,000 words in a text column would make a row taller than a page.
        let words = (1...3000).map { "word\($0)" }.joined(separator: " ")
        let table = PDFTable(alignments: [.left, .left, .right], header: SampleStatements.cells(["Date", "Description", "Amount"]),
                             rows: [SampleStatements.cells(["2026-10-01", "before", "USD 1.00"]),
                                    SampleStatements.cells(["2026-10-02", words, "USD 2.00"]),
                                    SampleStatements.cells(["2026-10-03", "after", "USD 3.00"])])
        // The cell wraps to twelve lines, the last ending in "…": the row fits on a page.
        let measured = try TableLayout.measure(table, context: try TextContext(), width: 480)
        let layouts = try measured.row(at: 1).cells.compactMap { cell -> TextLayout? in
            if case .layout(let layout)? = cell.text.kept { return layout }
            return nil
        }
        let cell = try #require(layouts.max { $0.lines.count < $1.lines.count })
        #expect(cell.lines.count == Typography.tableCellMaxLines)
        #expect(try measured.row(at: 1).height < 841.89 - 2 * 56.7)
        let pdf = try PDFTools.write(try PDFStatement.render([.table(table)], info: SampleStatements.info()))
        let pages = try PDFTools.pages(of: pdf)
        #expect(pages.count == 1)
        let text = pages.joined()
        // (pdftotext also reads the hidden words: cairo maps the "…" glyph to the text it stands for.)
        for value in ["before", "USD 1.00", "word1 ", "USD 2.00", "after", "USD 3.00", "page 1 of 1"] {
            #expect(text.contains(value), "\(value)")
        }
    }

    @Test func tableStartMovesToNextPageRatherThanLeaveItsHeaderAlone() throws {
        // Filler paragraphs push the table to the foot of page 1; however
        // little room is left, page 1 never ends with the header alone.
        for fillerLines in stride(from: 44, through: 58, by: 2) {
            let filler = PDFBlock.paragraph([PDFSpan(Array(repeating: "filler", count: fillerLines * 12).joined(separator: " "))])
            let blocks = [filler] + SampleStatements.longTable(rows: 30).dropFirst(2)
            let pdf = try PDFTools.write(try PDFStatement.render(Array(blocks), info: SampleStatements.info()))
            let pages = try PDFTools.pages(of: pdf)
            for (index, page) in pages.enumerated() where page.contains("Resource name") {
                let afterHeader = try #require(page.range(of: "Resource name")).upperBound
                #expect(page[afterHeader...].contains("ROW-"), "filler \(fillerLines): page \(index + 1) header alone")
            }
            let text = pages.joined(separator: "\n")
            #expect(PDFTools.count("ROW-0001 ", in: text) == 1)
            #expect(PDFTools.count("ROW-0030 ", in: text) == 1)
        }
    }

    @Test func headingIsNeverLastOnAPage() throws {
        // Many short sections: wherever a page breaks, a heading goes with
        // the paragraph after it.
        var blocks: [PDFBlock] = []
        for section in 1...40 {
            blocks.append(.heading(level: 2, [PDFSpan("Section heading \(section)")]))
            blocks.append(.paragraph([PDFSpan("Body of section \(section). " + String(repeating: "Some words here. ", count: section % 7 * 6))]))
        }
        let pdf = try PDFTools.write(try PDFStatement.render(blocks, info: SampleStatements.info()))
        let pages = try PDFTools.pages(of: pdf)
        #expect(pages.count >= 2)
        for (index, page) in pages.enumerated() {
            let lines = page.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            // The last content line is above the footer line.
            let contentLines = lines.filter { !$0.contains("page \(index + 1) of") }
            let last = try #require(contentLines.last)
            #expect(!last.hasPrefix("Section heading"), "page \(index + 1) ends with \(last)")
        }
        for section in 1...40 {
            #expect(pages.joined().contains("Body of section \(section)."))
        }
    }

    @Test func paragraphTallerThanAPageIsSplitByLines() throws {
        let words = (1...2500).map { "w\($0)" }
        let pdf = try PDFTools.write(try PDFStatement.render([.paragraph([PDFSpan(words.joined(separator: " "))])],
                                                             info: SampleStatements.info()))
        let pages = try PDFTools.pages(of: pdf)
        #expect(pages.count >= 2)
        let text = pages.joined(separator: " ")
        let found = text.split(whereSeparator: { $0 == " " || $0 == "\n" }).filter { $0.hasPrefix("w") }
        #expect(found.count == words.count)
        #expect(Set(found.map(String.init)) == Set(words))
    }
}

@Suite struct ParagraphKeepTests {
    @Test func paragraphThatFitsOnAPageIsNotSplit() throws {
        // A 12-line paragraph after fillers of growing length: wherever it
        // lands, its first and last words are on the same page.
        let paragraph = PDFBlock.paragraph([PDFSpan("FIRSTWORD " + String(repeating: "lorem ipsum dolor sit amet ", count: 50)
                                                    + "LASTWORD")])
        for fillers in stride(from: 72, through: 100, by: 2) {
            let filler = PDFBlock.paragraph([PDFSpan(Array(repeating: "filler", count: fillers * 12).joined(separator: " "))])
            let pdf = try PDFTools.write(try PDFStatement.render([filler, paragraph], info: SampleStatements.info()))
            let pages = try PDFTools.pages(of: pdf)
            let first = pages.firstIndex { $0.contains("FIRSTWORD") }
            let last = pages.firstIndex { $0.contains("LASTWORD") }
            #expect(first != nil && first == last, "fillers \(fillers): first on \(String(describing: first)), last on \(String(describing: last))")
        }
    }
}
