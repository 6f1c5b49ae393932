import Foundation
import Testing
@testable import ChargebackPDF

@Suite struct StatementPDFTests {
    @Test func statementTextHeadingsCellsAndFooterComeBack() throws {
        let pdf = try PDFTools.write(try PDFStatement.render(SampleStatements.statement, info: SampleStatements.info()))
        let text = try PDFTools.text(of: pdf)
        for heading in SampleStatements.headings {
            #expect(text.contains(heading), "heading \(heading)")
        }
        // Every cell of the line items exactly; the resource column is the
        // one that wraps (the table is too wide), so its values are checked
        // word by word, in order.
        for row in SampleStatements.lineItems {
            for (column, value) in row.enumerated() where column != 1 {
                #expect(text.contains(value), "cell \(value)")
            }
            let words = row[1].split(separator: " ")
            var rest = text[...]
            for word in words {
                let found = rest.range(of: word)
                #expect(found != nil, "word \(word) of \(row[1])")
                if let found { rest = rest[found.upperBound...] }
            }
        }
        for value in SampleStatements.lineItemHeader + ["USD 15,677.76", "USD 15,145.48", "Amount due", "F-12345 / 8800"] {
            #expect(text.contains(value), "value \(value)")
        }
        #expect(text.contains("University Research Computing"))
        #expect(text.contains("ST-2026-10-0042"))
        #expect(text.contains("page 1 of 1"))
        #expect(!text.contains("DRAFT"))
    }

    @Test func moneyColumnsDoNotWrap() throws {
        // Amounts stay on one line: every amount is found whole on one line.
        let pdf = try PDFTools.write(try PDFStatement.render(SampleStatements.statement, info: SampleStatements.info()))
        let lines = try PDFTools.text(of: pdf).split(separator: "\n")
        for row in SampleStatements.lineItems {
            let line = lines.first { $0.contains(row[0]) }
            for amount in row[3...] {
                #expect(line?.contains(amount) == true, "\(amount) on the line of \(row[0]): \(line ?? "none")")
            }
        }
    }

    @Test func qpdfAcceptsTheFileAndMetadataMatchesInfo() throws {
        let info = SampleStatements.info()
        let pdf = try PDFTools.write(try PDFStatement.render(SampleStatements.statement, info: info))
        let check = try PDFTools.qpdfCheck(pdf)
        #expect(check.status == 0, "qpdf --check: \(check.text)")
        #expect(check.text.contains("No syntax or stream encoding errors"))
        let fields = try PDFTools.info(of: pdf)
        #expect(fields["Title"] == info.title)
        #expect(fields["Author"] == info.organization)
        #expect(fields["Subject"] == info.subject)
        #expect(fields["Creator"] == "OpenChargeback")
        #expect(fields["Pages"] == "1")
        // The date from the data, not the clock.
        #expect(fields["CreationDate"]?.contains("2026") == true, "\(fields["CreationDate"] ?? "none")")
    }

    @Test func linksBecomeLinkAnnotations() throws {
        let bytes = try PDFStatement.render(SampleStatements.statement, info: SampleStatements.info())
        let pdf = try PDFTools.write(bytes)
        // qpdf expands the object streams so the annotations can be read.
        let expanded = pdf.deletingLastPathComponent().appendingPathComponent("qdf.pdf")
        let output = try PDFTools.run("/usr/bin/qpdf", ["--qdf", "--object-streams=disable", pdf.path, expanded.path])
        #expect(output.status == 0, "\(output.text)")
        let raw = String(decoding: try Data(contentsOf: expanded), as: UTF8.self)
        #expect(PDFTools.count("/Subtype /Link", in: raw) + PDFTools.count("/Subtype/Link", in: raw) >= 2)
        #expect(raw.contains("https://example.edu/billing?faq=1&lang=en"))
        #expect(raw.contains("mailto:billing@example.edu"))
    }

    @Test func pageSizeFollowsInfo() throws {
        for (size, expected) in [(PDFDocumentInfo.PageSize.a4, "595.276 x 841.89"), (.letter, "612 x 792")] {
            let pdf = try PDFTools.write(try PDFStatement.render(SampleStatements.statement,
                                                                 info: SampleStatements.info(pageSize: size)))
            let pageSize = try PDFTools.info(of: pdf)["Page size"] ?? ""
            #expect(pageSize.hasPrefix(expected), "\(size): \(pageSize)")
            #expect(pageSize.contains(size == .a4 ? "A4" : "letter"), "\(size): \(pageSize)")
        }
    }

    @Test func draftSaysDraftOnlyWhenDraft() throws {
        let draft = try PDFTools.write(try PDFStatement.render(SampleStatements.longTable(rows: 120),
                                                               info: SampleStatements.info(isDraft: true)))
        let pages = try PDFTools.pages(of: draft)
        #expect(pages.count >= 2)
        for (index, page) in pages.enumerated() {
            #expect(page.contains("DRAFT"), "page \(index + 1) says DRAFT")
        }
        let final = try PDFTools.write(try PDFStatement.render(SampleStatements.longTable(rows: 120),
                                                               info: SampleStatements.info(isDraft: false)))
        #expect(try !PDFTools.text(of: final).contains("DRAFT"))
    }

    @Test func invalidCreationDateIsRefused() {
        var info = SampleStatements.info()
        info.creationDate = "yesterday"
        #expect(throws: PDFRenderError.invalidCreationDate("yesterday")) {
            try PDFStatement.render(SampleStatements.statement, info: info)
        }
    }

    @Test func emptyDocumentIsOnePageWithFooter() throws {
        let pdf = try PDFTools.write(try PDFStatement.render([], info: SampleStatements.info()))
        #expect(try PDFTools.info(of: pdf)["Pages"] == "1")
        #expect(try PDFTools.text(of: pdf).contains("page 1 of 1"))
    }
}

/// Writes the sample statement (draft) and a long one where
/// `CHARGEBACK_PDF_SAMPLE_DIR` says, to look at (pdftoppm) by hand.
@Suite struct SampleOutput {
    @Test func writeSamplesWhenAsked() throws {
        guard let folder = ProcessInfo.processInfo.environment["CHARGEBACK_PDF_SAMPLE_DIR"] else { return }
        let url = URL(fileURLWithPath: folder)
        try Data(try PDFStatement.render(SampleStatements.statement + SampleStatements.longTable(rows: 40),
                                         info: SampleStatements.info(isDraft: true)))
            .write(to: url.appendingPathComponent("sample-statement.pdf"))
    }
}
