import ChargebackCore
import ChargebackRender
@testable import ChargebackSite
import ChargebackTestSupport
import Foundation
import Testing

/// `organization.logo`: copied among the assets, in every page's header, and
/// the letterhead of every PDF statement; a bad logo fails the build by name.
@Suite struct LogoSiteTests {
    static let sampleLogo = SampleSite.root.path + "/sample_data/logo.svg"

    static func pdfText(_ site: SampleSite, _ relative: String) throws -> String {
        try StatementPDFSiteTests.run("/usr/bin/pdftotext", ["-enc", "UTF-8", site.site + "/" + relative, "-"]).output
    }

    static func firstPDF(_ site: SampleSite) throws -> String {
        let p = try #require(BillingPeriod("2026-09"))
        let statement = try #require(try StatementReports(store: site.store).load(p).first)
        let project = try #require(statement.projects.first)
        return SitePaths.statementPDF(PISlug.make(statement.piEmail), p, project: ProjectSlug.make(project.projectId))
    }

    @Test func theLogoHeadsEveryPageAndEveryPDF() throws {
        let site = try SampleSite(periods: ["2026-09"])
        #expect(site.config.organization.logo == Self.sampleLogo, "config.example.yaml sets the sample logo")
        try site.build()
        #expect(FileManager.default.contents(atPath: site.site + "/assets/logo.svg") == FileManager.default.contents(atPath: Self.sampleLogo))
        let p = try #require(BillingPeriod("2026-09"))
        for path in [SitePaths.dashboard, SitePaths.finance, SitePaths.period(p), SitePaths.statement(PISlug.make("amara.okafor@northfield.example.edu"), p)] {
            let logos = HTMLInspection.openTags("img", in: try site.page(path)).filter { HTMLInspection.attribute("class", in: $0) == "site-logo" }
            #expect(logos.count == 1, "\(path)")
            #expect(logos.first.flatMap { HTMLInspection.attribute("src", in: $0) } == SitePaths.link(from: path, to: "assets/logo.svg"))
        }
        // The letterhead: a logo with text in it (the sample's lettering is outlines) shows first, then the statement.
        let textLogo = site.folder + "/text-logo.svg"
        try #"<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40"><text x="0" y="30" font-size="20">Letterhead Mark</text></svg>"#
            .write(toFile: textLogo, atomically: true, encoding: .utf8)
        site.config.organization.logo = textLogo
        try site.build()
        let text = try Self.pdfText(site, try Self.firstPDF(site))
        let logo = try #require(text.range(of: "Letterhead Mark"))
        let heading = try #require(text.range(of: "Statement 2026-09"))
        #expect(logo.lowerBound < heading.lowerBound)
    }

    @Test func withoutALogoThereIsNoImageAndThePDFStartsWithItsHeading() throws {
        let site = try SampleSite(periods: ["2026-09"])
        site.config.organization.logo = nil
        try site.build()
        #expect(!FileManager.default.fileExists(atPath: site.site + "/assets/logo.svg"))
        #expect(HTMLInspection.openTags("img", in: try site.page(SitePaths.dashboard)).isEmpty)
        let text = try Self.pdfText(site, try Self.firstPDF(site))
        #expect(text.trimmingCharacters(in: .whitespacesAndNewlines).hasPrefix("Statement 2026-09"))
    }

    @Test func aPNGLogoWorksAndAChangedLogoRendersThePDFsAgain() throws {
        let site = try SampleSite(periods: ["2026-09"])
        let png = site.folder + "/brand.PNG"
        try Self.makePNG(site, width: 90, height: 30, at: png)
        site.config.organization.logo = png
        try site.build()
        #expect(FileManager.default.fileExists(atPath: site.site + "/assets/logo.png"))
        let pdf = try Self.firstPDF(site)
        let images = try StatementPDFSiteTests.run("/usr/bin/pdfimages", ["-list", site.site + "/" + pdf]).output
        #expect(images.contains(" 90 ") && images.contains(" 30 "), "\(images)")
        let before = FileManager.default.contents(atPath: site.site + "/" + pdf)
        try FileManager.default.removeItem(atPath: png)
        try Self.makePNG(site, width: 60, height: 30, at: png)
        try site.build()
        #expect(FileManager.default.contents(atPath: site.site + "/" + pdf) != before, "a new logo is a new letterhead")
    }

    @Test func aLogoThatIsNotAnImageFailsTheBuildNamingIt() throws {
        let site = try SampleSite(periods: ["2026-09"])
        let fake = site.folder + "/logo.svg"
        try "not an svg at all".write(toFile: fake, atomically: true, encoding: .utf8)
        for (path, problem) in [(fake, "expected a PNG or SVG image"), (site.folder + "/missing.png", "cannot read")] {
            site.config.organization.logo = path
            #expect {
                try site.build()
            } throws: { error in
                let text = String(describing: error)
                return text.contains(path) && text.contains("organization.logo") && text.contains(problem)
            }
        }
        #expect(!FileManager.default.fileExists(atPath: site.site + "/index.html"), "nothing is published")
    }

    /// A `width` × `height` PNG: the first statement PDF's page, drawn by pdftoppm.
    static func makePNG(_ site: SampleSite, width: Int, height: Int, at path: String) throws {
        let pdf = site.folder + "/page.pdf"
        if !FileManager.default.fileExists(atPath: pdf) {
            try site.build()
            try FileManager.default.copyItem(atPath: site.site + "/" + (try firstPDF(site)), toPath: pdf)
        }
        let stem = String(path.dropLast(4))
        let made = try StatementPDFSiteTests.run("/usr/bin/pdftoppm", ["-png", "-singlefile", "-f", "1", "-l", "1",
                                                                       "-scale-to-x", "\(width)", "-scale-to-y", "\(height)", pdf, stem])
        #expect(made.status == 0, "\(made.output)")
        if stem + ".png" != path { try FileManager.default.moveItem(atPath: stem + ".png", toPath: path) }
    }
}
