import Foundation
import Testing
@testable import ChargebackPDF

/// Images (the organisation's logo): PNG painted by cairo, SVG drawn as
/// vectors by librsvg, sized to a letterhead, read back with poppler.
@Suite struct ImageTests {
    static let logo = "../../../assets/logo.svg"

    static func document(_ source: String, alt: String = "Northfield logo") -> [PDFBlock] {
        [.image(PDFImage(source: source, alt: alt)), .heading(level: 1, [PDFSpan("Statement 2026-10")]),
         .paragraph([PDFSpan("Amount due: USD 12.00")])]
    }

    /// `pdfimages -list`'s rows: the raster images a PDF holds, as (width, height).
    static func rasterImages(_ pdf: URL) throws -> [(Int, Int)] {
        let output = try PDFTools.run("/usr/bin/pdfimages", ["-list", pdf.path])
        #expect(output.status == 0, "pdfimages: \(output.text)")
        return output.text.split(separator: "\n").dropFirst(2).compactMap { line in
            let fields = line.split(separator: " ")
            guard fields.count > 4, let width = Int(fields[3]), let height = Int(fields[4]) else { return nil }
            return (width, height)
        }
    }

    @Test func pngAndSVGAreRecognisedWithTheirSize() throws {
        let png = try PDFImageData(bytes: TestImages.png(width: 120, height: 40), name: "logo.png")
        #expect(png.format == .png)
        #expect(png.width == 90 && png.height == 30)  // CSS pixels → points
        let svg = try PDFImageData(bytes: TestImages.svg(), name: "logo.svg")
        #expect(svg.format == .svg)
        #expect(svg.width == 180 && svg.height == 36)
        // Without width and height, the viewBox gives the size.
        let boxOnly = try PDFImageData(bytes: Array(#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 50"><rect width="100" height="50"/></svg>"#.utf8), name: "box.svg")
        #expect(boxOnly.width == 75 && boxOnly.height == 37.5)
    }

    @Test func unreadableImagesAreRefusedNamingTheFile() {
        let cases: [([UInt8], String)] = [
            (Array("GIF89a not supported".utf8), "expected a PNG or SVG image"),
            (Array(TestImages.png(width: 20, height: 20).prefix(40)), "PNG"),
            (Array("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><rect></svg".utf8), "not a readable SVG"),
            (Array("<svg xmlns=\"http://www.w3.org/2000/svg\"><rect width=\"4\" height=\"4\"/></svg>".utf8), "neither a width and height nor a viewBox"),
        ]
        for (bytes, problem) in cases {
            #expect {
                _ = try PDFImageData(bytes: bytes, name: "/etc/ocb/logo.file")
            } throws: { error in
                guard case PDFRenderError.image(let name, let message) = error else { return false }
                return name == "/etc/ocb/logo.file" && message.contains(problem)
            }
        }
    }

    @Test func fittingShrinksToTheBoxButNeverBlowsUpAPNG() throws {
        let small = try PDFImageData(bytes: TestImages.png(width: 40, height: 20), name: "small.png")
        #expect(small.fitted(maxWidth: 500, maxHeight: 40) == (30, 15))  // 30×15 pt stays
        let tall = try PDFImageData(bytes: TestImages.png(width: 200, height: 200), name: "tall.png")
        #expect(tall.fitted(maxWidth: 500, maxHeight: 40) == (40, 40))
        let wide = try PDFImageData(bytes: TestImages.png(width: 2000, height: 100), name: "wide.png")
        #expect(wide.fitted(maxWidth: 300, maxHeight: 40) == (300, 15))
        // An SVG scales cleanly: drawn at the letterhead height.
        let svg = try PDFImageData(bytes: TestImages.svg(), name: "logo.svg")
        #expect(svg.fitted(maxWidth: 500, maxHeight: 40) == (200, 40))
    }

    @Test func anSVGLogoIsDrawnAsVectorsAboveTheHeading() throws {
        let data = try PDFImageData(bytes: TestImages.svg(), name: "logo.svg")
        let bytes = try PDFStatement.render(Self.document(Self.logo), info: SampleStatements.info(), images: [Self.logo: data])
        let pdf = try PDFTools.write(bytes)
        #expect(try PDFTools.qpdfCheck(pdf).status == 0)
        let text = try PDFTools.text(of: pdf)
        let logoText = try #require(text.range(of: "Letterhead Logo Text"), "the SVG's text is drawn: \(text)")
        let heading = try #require(text.range(of: "Statement 2026-10"))
        #expect(logoText.lowerBound < heading.lowerBound)
        #expect(!text.contains("Northfield logo"))  // the alt text is for when there is no image
        #expect(try Self.rasterImages(pdf).isEmpty)  // vectors, not pixels
        // The same document twice: the same bytes.
        #expect(try PDFStatement.render(Self.document(Self.logo), info: SampleStatements.info(), images: [Self.logo: data]) == bytes)
    }

    @Test func aPNGLogoIsEmbeddedAtItsPixelSize() throws {
        let data = try PDFImageData(bytes: TestImages.png(width: 120, height: 40), name: "logo.png")
        let pdf = try PDFTools.write(try PDFStatement.render(Self.document("logo.png"), info: SampleStatements.info(), images: ["logo.png": data]))
        #expect(try PDFTools.qpdfCheck(pdf).status == 0)
        let images = try Self.rasterImages(pdf)
        #expect(images.count == 1)
        #expect(images.first.map { $0 == (120, 40) } == true)
    }

    @Test func anImageNobodySuppliedIsItsAltText() throws {
        let pdf = try PDFTools.write(try PDFStatement.render(Self.document("missing.png"), info: SampleStatements.info()))
        let text = try PDFTools.text(of: pdf)
        #expect(text.contains("Northfield logo"))
        #expect(try Self.rasterImages(pdf).isEmpty)
    }

    @Test func anSVGCannotPullInOtherFiles() throws {
        // A raster file beside it and one by absolute path: neither may be read.
        let folder = try PDFTools.temporaryFolder()
        let png = folder.appendingPathComponent("secret.png")
        try Data(TestImages.png(width: 16, height: 16)).write(to: png)
        let hostile = TestImages.svg(extra: """
        <image x="0" y="0" width="16" height="16" xlink:href="file://\(png.path)"/>
        <image x="20" y="0" width="16" height="16" xlink:href="secret.png"/>
        """)
        let data = try PDFImageData(bytes: hostile, name: "logo.svg")
        let pdf = try PDFTools.write(try PDFStatement.render(Self.document(Self.logo), info: SampleStatements.info(), images: [Self.logo: data]))
        #expect(try PDFTools.text(of: pdf).contains("Letterhead Logo Text"))
        #expect(try Self.rasterImages(pdf).isEmpty)

        // The control: the same image inside the SVG (a data: URI) is drawn, so the check above can see one.
        let inline = TestImages.svg(extra: """
        <image x="0" y="0" width="16" height="16" xlink:href="data:image/png;base64,\(Data(TestImages.png(width: 16, height: 16)).base64EncodedString())"/>
        """)
        let withInline = try PDFImageData(bytes: inline, name: "logo.svg")
        let control = try PDFTools.write(try PDFStatement.render(Self.document(Self.logo), info: SampleStatements.info(), images: [Self.logo: withInline]))
        #expect(try Self.rasterImages(control).count == 1)
    }
}
