import ChargebackCore
import ChargebackRender
@testable import ChargebackSite
import ChargebackTestSupport
import Foundation
import Testing

/// The sample site's pages say what the ledger says, and only to whom it concerns.
@Suite struct SiteContentTests {
    @Test func eachStatementShowsExactlyItsPIsProjectsAndTotals() throws {
        let site = try SampleSite()
        try site.build()
        let all = try SampleTotals.expected()
        for period in ["2026-09", "2026-10"] {
            let p = try #require(BillingPeriod(period))
            let rows = try #require((all[period] as? [String: Any])?["by_pi_project"] as? [[String: Any]])
            let pis = Set(rows.compactMap { $0["pi_email"] as? String })
            #expect(pis.count >= 6)
            for pi in pis {
                let html = try site.page(SitePaths.statement(PISlug.make(pi), p))
                let text = HTMLInspection.text(html)
                #expect(text.contains(pi))
                for other in pis where other != pi {
                    #expect(!text.contains(other), "\(pi)'s \(period) statement mentions \(other)")
                }
                let mine = rows.filter { $0["pi_email"] as? String == pi }
                let headings = HTMLInspection.elements("h2", in: html).map(HTMLInspection.text).filter { $0.hasPrefix("Project ") }
                #expect(Set(headings) == Set(mine.compactMap { "Project " + ($0["project_id"] as? String ?? "") }))
                for row in mine {
                    let project = try #require(row["project_id"] as? String)
                    let section = try #require(Self.section(of: project, in: html))
                    let sectionText = HTMLInspection.text(section)
                    // One project: the statement's figures are the project's, shown once, above the section.
                    let figures = mine.count == 1 ? text : sectionText
                    if mine.count == 1 { #expect(!sectionText.contains("Amount due"), "\(pi) \(project): figures repeated") }
                    #expect(figures.contains("Amount due" + (try SampleTotals.shown(row["billed"]))), "\(pi) \(project) billed")
                    #expect(figures.contains("List price" + (try SampleTotals.shown(row["list"]))), "\(pi) \(project) list")
                    #expect(sectionText.contains(try #require(row["fund_org"] as? String)))
                }
            }
        }
    }

    /// The `<section class="project">` whose heading names `project`.
    static func section(of project: String, in html: String) -> String? {
        html.components(separatedBy: "<section class=\"project\"").dropFirst()
            .map { $0.components(separatedBy: "</section>")[0] }
            .first { HTMLInspection.text(HTMLInspection.elements("h2", in: $0).first ?? "") == "Project " + project }
    }

    @Test func flaggedChargesAreNotOnStatementsButOnTheReviewPage() throws {
        let site = try SampleSite()
        try site.build()
        let all = try SampleTotals.expected()
        for period in ["2026-09", "2026-10"] {
            let p = try #require(BillingPeriod(period))
            let flagged = try #require((all[period] as? [String: Any])?["flagged"] as? [[String: Any]])
            let review = HTMLInspection.text(try site.page(SitePaths.review(p)))
            for charge in flagged {
                let resource = try #require(charge["resource"] as? String)
                #expect(review.contains(resource))
                guard let pi = charge["pi_email"] as? String, !pi.isEmpty else { continue }
                let statement = HTMLInspection.text(try site.page(SitePaths.statement(PISlug.make(pi), p)))
                #expect(!statement.contains(resource), "flagged \(resource) is on \(pi)'s statement")
            }
            #expect(review.contains("openchargeback review approve --id"))
        }
    }

    @Test func theBannerFollowsThePeriodStatus() throws {
        let site = try SampleSite()
        let p = try #require(BillingPeriod("2026-09"))
        let pi = "amara.okafor@northfield.example.edu"
        try site.build()
        var html = try site.page(SitePaths.statement(PISlug.make(pi), p))
        #expect(html.contains("banner-draft") && html.contains("DRAFT"))
        try site.closeAfterReview("2026-09")
        try site.build()
        html = try site.page(SitePaths.statement(PISlug.make(pi), p))
        #expect(!html.contains("DRAFT") && html.contains("banner-closed") && html.contains("pending finalization"))
        try PeriodWorkflow(store: site.store).finalize(p, actor: "tester")
        try site.build()
        html = try site.page(SitePaths.statement(PISlug.make(pi), p))
        #expect(!html.contains("DRAFT") && !html.contains("banner-"))
        // The other period is still open.
        let other = try site.page(SitePaths.statement(PISlug.make(pi), try #require(BillingPeriod("2026-10"))))
        #expect(other.contains("banner-draft"))
    }

    @Test func theDashboardLinksEveryPeriodAndPI() throws {
        let site = try SampleSite()
        try site.build()
        let html = try site.page(SitePaths.dashboard)
        let hrefs = HTMLInspection.openTags("a", in: html).compactMap { HTMLInspection.attribute("href", in: $0) }
        #expect(hrefs.contains("periods/2026-09/index.html") && hrefs.contains("periods/2026-10/index.html"))
        #expect(hrefs.contains(SitePaths.piHistory(PISlug.make("amara.okafor@northfield.example.edu"))))
        #expect(hrefs.contains("finance/index.html"))
        #expect(html.contains("<svg"))
    }

    @Test func aHostileResourceNameStaysLiteralInsideItsTableCell() throws {
        let site = try SampleSite(periods: [])
        let hostile = "a|b *c* <img src=x onerror=alert(1)> [x](javascript:y)"
        let tags = #"{"pi_email":"ada@northfield.example.edu","project_id":"p-1","fund_org":"410233-1001"}"#
        let file = try site.focusFile("hpc_2026-11.csv", rows: [
            ["2026-11-01", "2026-12-01", "2026-11-02", "2026-11-03", "USD", "Compute", "Usage", "usage", "r-1", hostile, "",
             "10.00", "10.00", "5.00", "5.00", tags],
        ])
        try site.ingest([file], period: "2026-11")
        try site.build()
        let html = try site.page(SitePaths.statement(PISlug.make("ada@northfield.example.edu"), try #require(BillingPeriod("2026-11"))))
        // The only images are the logo (header and PDF letterhead): the value's tag stayed text.
        let images = HTMLInspection.openTags("img", in: html)
        #expect(images.count == 2)
        #expect(images.allSatisfy { HTMLInspection.attribute("src", in: $0) == "../../../assets/logo.svg" && HTMLInspection.attribute("onerror", in: $0) == nil })
        #expect(!html.lowercased().contains("href=\"javascript"))
        let rows = HTMLInspection.tableRows(html).filter { $0.contains(hostile) }
        #expect(rows.count == 1)
        #expect(rows.first?.count == 8, "dates, resource, service, charges, four amounts (statements.line_items: resource)")
        #expect(rows.first?[1] == hostile)
    }
}
