import ChargebackCore
import ChargebackRender
@testable import ChargebackSite
import ChargebackTestSupport
import Foundation
import Testing

/// `statements.line_items` on a built site: a project of hourly charges over
/// eight days. The page and the PDF follow the setting (changing it makes the
/// pages again), each line shows its count, date range and exact sums, the
/// totals stay the same to the cent, and the CSV download keeps every charge.
@Suite struct StatementGroupingSiteTests {
    static let pi = "hourly.pi@northfield.example.edu"
    static let project = "cryo-em"
    static let hostile = "a|b *c* <script>alert(1)</script> [x](javascript:y)"
    static let resources = ["i-0aa", "i-0bb", "i-0cc", "vol-dd"]

    /// 4 resources × 8 days × 24 hours = 768 charges, amounts below a cent
    /// apart; the second resource has a hostile name.
    static func site() throws -> SampleSite {
        let site = try SampleSite(periods: [])
        let tags = #"{"pi_email":"\#(pi)","project_id":"\#(project)","fund_org":"410233-1001"}"#
        var rows: [[String]] = []
        for day in 3...10 {
            for hour in 0..<24 {
                for (r, resource) in resources.enumerated() {
                    let start = String(format: "2026-11-%02dT%02d:00:00Z", day, hour)
                    let end = String(format: "2026-11-%02dT%02d:00:00Z", day + hour / 23, (hour + 1) % 24)
                    let list = String(format: "0.%04d%05d", 416 + r * 100, hour * 37 + r)
                    rows.append(["2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z", start, end, "USD", r == 3 ? "EBS" : "EC2", "Usage",
                                 "hourly", resource, r == 1 ? hostile : "node-\(r)", "", list, list, "0.0041234" + String(r), list, tags])
                }
            }
        }
        try site.ingest([try site.focusFile("aws_2026-11.csv", rows: rows)], period: "2026-11")
        return site
    }

    static var slug: String { PISlug.make(pi) }
    static let period = BillingPeriod("2026-11")!

    static func build(_ site: SampleSite, _ grouping: LineItemGrouping) throws -> (page: String, csv: Data, pdf: String) {
        site.config.statements.lineItems = grouping
        try site.build()
        let pdf = site.site + "/" + SitePaths.statementPDF(slug, period, project: ProjectSlug.make(project))
        return (try site.page(SitePaths.statement(slug, period)),
                try #require(FileManager.default.contents(atPath: site.site + "/" + SitePaths.statementCSV(slug, period))), pdf)
    }

    static func pdfPages(_ path: String) throws -> Int {
        let info = try StatementPDFSiteTests.run("/usr/bin/pdfinfo", [path]).output
        let line = try #require(info.split(separator: "\n").first { $0.hasPrefix("Pages:") })
        return try #require(Int(line.dropFirst("Pages:".count).trimmingCharacters(in: .whitespaces)))
    }

    /// The line-item rows of the page: rows whose first cell is a date (or range).
    static func lineRows(_ page: String) -> [[String]] {
        HTMLInspection.tableRows(page).filter { $0.first?.hasPrefix("2026-11-") == true }
    }

    @Test func eachSettingShowsItsLinesAndTheTotalsAndCSVStayTheSame() throws {
        let site = try Self.site()
        let statement = try #require(try StatementReports(store: site.store).load(Self.period).first { $0.piEmail == Self.pi })
        let lines = try #require(statement.projects.first).lines
        #expect(lines.count == 768)
        let amount = AmountText(currency: "USD")
        let due = amount(statement.totals.billed)

        let detail = try Self.build(site, .detail)
        let detailPages = try Self.pdfPages(detail.pdf)
        #expect(Self.lineRows(detail.page).count == 768, "one row per charge")

        let resource = try Self.build(site, .resource)
        #expect(resource.page != detail.page, "changing the setting makes the page again")
        let rows = Self.lineRows(resource.page)
        #expect(rows.count == 4, "one row per resource: \(rows.prefix(6))")
        #expect(resource.page.contains("768 charges on 4 lines, one line per resource"))
        for (row, id) in zip(rows, Self.resources) {
            let mine = lines.filter { $0.resourceId == id }
            #expect(row[0] == "2026-11-03 – 2026-11-10", "first and last charge day")
            #expect(row[3] == "192", "charges of \(id)")
            // The exact sums, rounded once.
            #expect(row[4] == amount(MoneySum(mine.map(\.list))))
            #expect(row[7] == amount(MoneySum(mine.map(\.billed))))
        }
        #expect(rows[1][1] == Self.hostile, "a hostile resource name is text")
        #expect(!resource.page.contains("<script>alert"))
        let resourcePages = try Self.pdfPages(resource.pdf)
        #expect(resourcePages < detailPages, "\(resourcePages) pages grouped, \(detailPages) in detail")
        #expect(resourcePages <= 2)
        let pdfText = StatementPDFTextTests.collapsed(try StatementPDFSiteTests.run("/usr/bin/pdftotext", [resource.pdf, "-"]).output)
        // The name wraps in its cell; each part of it is there, literally.
        #expect(pdfText.contains("a|b *c* <script>alert(1)") && pdfText.contains("[x]") && pdfText.contains("(javascript:y)"))
        #expect(pdfText.contains("192") && pdfText.contains(due))

        let byDay = try Self.build(site, .resourceDay)
        let dayRows = Self.lineRows(byDay.page)
        #expect(dayRows.count == 4 * 8)
        #expect(dayRows.allSatisfy { $0[3] == "24" && !$0[0].contains("–") })
        for row in dayRows {
            let mine = lines.filter { $0.date == row[0] && (row[1] == $0.resourceName) }
            #expect(mine.count == 24 && row[7] == amount(MoneySum(mine.map(\.billed))))
        }

        for build in [detail, resource, byDay] {
            #expect(build.page.contains(due), "the amount due is the same in every mode")
            #expect(StatementPDFTextTests.collapsed(try StatementPDFSiteTests.run("/usr/bin/pdftotext", [build.pdf, "-"]).output).contains(due))
            #expect(build.csv == detail.csv, "the CSV download lists every charge whatever the setting")
        }
        let (_, csvRows) = try CSVRows.records(Array(detail.csv))
        #expect(csvRows.count == 768)

        // statements.line_items_by_source: this project's source listed per charge, the rest per resource.
        site.config.statements.lineItemsBySource = ["aws": .detail]
        let perSource = try Self.build(site, .resource)
        #expect(Self.lineRows(perSource.page).count == 768)
        #expect(perSource.page.contains("one line per resource; aws: one line per charge"))
        #expect(perSource.page.contains(due) && perSource.csv == detail.csv)
    }
}
