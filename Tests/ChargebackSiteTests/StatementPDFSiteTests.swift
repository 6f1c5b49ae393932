import ChargebackCore
import ChargebackRender
@testable import ChargebackSite
import ChargebackTestSupport
import Foundation
import Testing

/// The PDFs `build` writes: one per PI, project and period, linked from the
/// PI's page, saying what the page says, structurally sound.
@Suite struct StatementPDFSiteTests {
    /// Runs a command-line tool (in `directory` when given): its exit status and output (stdout and stderr).
    static func run(_ tool: String, _ arguments: [String], in directory: String? = nil) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func eachProjectHasAPDFThatSaysWhatItsPageSays() throws {
        let site = try SampleSite(periods: ["2026-09"])
        try site.build()
        let p = try #require(BillingPeriod("2026-09"))
        let expected = try #require((try SampleTotals.expected()["2026-09"] as? [String: Any])?["by_pi_project"] as? [[String: Any]])
        var checked = 0
        for statement in try StatementReports(store: site.store).load(p) {
            let slug = PISlug.make(statement.piEmail)
            let page = try site.page(SitePaths.statement(slug, p))
            let hrefs = HTMLInspection.openTags("a", in: page).compactMap { HTMLInspection.attribute("href", in: $0) }
            for project in statement.projects {
                let path = SitePaths.statementPDF(slug, p, project: ProjectSlug.make(project.projectId))
                #expect(hrefs.contains(SitePaths.link(from: SitePaths.statement(slug, p), to: path)), "the page links \(path)")
                let file = site.site + "/" + path
                let check = try Self.run("/usr/bin/qpdf", ["--check", file])
                #expect(check.status == 0, "qpdf --check \(path): \(check.output)")
                let text = try Self.run("/usr/bin/pdftotext", ["-layout", file, "-"]).output
                #expect(text.contains(statement.piEmail) && text.contains(project.projectId) && text.contains(project.statementId))
                for fundOrg in project.fundOrgs { #expect(text.contains(fundOrg)) }
                for service in project.byService { #expect(text.contains(service.service), "\(service.service) in \(path)") }
                // Every amount of the project's section on the page, exactly as the page shows it.
                let amount = AmountText(currency: "USD")
                for line in project.lines { #expect(text.contains(amount(line.billed)), "\(amount(line.billed)) in \(path)") }
                let row = try #require(expected.first { $0["pi_email"] as? String == statement.piEmail && $0["project_id"] as? String == project.projectId })
                #expect(text.contains(try SampleTotals.shown(row["billed"])), "amount due of \(path)")
                #expect(text.contains("DRAFT"), "an open period's statement is a draft")
                #expect(text.contains("page 1 of"))
                checked += 1
            }
        }
        #expect(checked == expected.count)
    }

    /// Page 1 reads like a statement: the amount due is the largest type on it, the discount and subsidy
    /// are explained in one sentence, and the trend chart (the web page's: the PI's amount due per period)
    /// is drawn with its periods and amounts.
    @Test func thePDFLooksLikeAStatement() throws {
        let site = try SampleSite()
        try site.build()
        let pi = "david.mensah@northfield.example.edu"
        let p = try #require(BillingPeriod("2026-10"))
        let statement = try #require(try StatementReports(store: site.store).load(p).first { $0.piEmail == pi })
        let project = try #require(statement.projects.first)
        let file = site.site + "/" + SitePaths.statementPDF(PISlug.make(pi), p, project: ProjectSlug.make(project.projectId))
        let amount = AmountText(currency: "USD")
        let due = amount(project.totals.billed)

        // Words of page 1 with their boxes (poppler's pdftotext -bbox).
        let xhtml = try Self.run("/usr/bin/pdftotext", ["-bbox", "-f", "1", "-l", "1", file, "-"]).output
        let words = xhtml.matches(of: #/<word xMin="([0-9.]+)" yMin="([0-9.]+)" xMax="[0-9.]+" yMax="([0-9.]+)">([^<]*)</word>/#)
            .map { (text: String($0.output.4), height: (Double($0.output.3) ?? 0) - (Double($0.output.2) ?? 0)) }
        let dueWord = try #require(words.first { $0.text == String(due.dropFirst(4)) }, "\(due) on page 1")
        #expect(words.allSatisfy { $0.height <= dueWord.height + 0.01 }, "the amount due is the largest type on page 1")

        let text = Self.collapsed(try Self.run("/usr/bin/pdftotext", [file, "-"]).output)
        #expect(text.contains(Self.collapsed(amount.explanation(project.totals))), "the sentence explaining discount and subsidy")
        // The trend: both periods, and the PI's amount due (all projects) over each bar.
        let trend = TrendTable(overview: try LedgerOverview.load(store: site.store), window: 6)
            .points(piEmail: pi, slug: PISlug.make(pi), endingAt: p)
        #expect(trend.count == 2)
        for point in trend {
            #expect(text.contains(point.period.description) && text.contains(amount(point.billed)), "bar of \(point.period)")
        }
        #expect(text.contains("Amount due for \(pi), all projects, over recent periods."))
    }

    static func collapsed(_ s: String) -> String { s.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ") }

    @Test func aFinalizedPeriodsPDFsAreNotDraftsAndAreKeptWhenUnchanged() throws {
        let site = try SampleSite(periods: ["2026-09"])
        try site.closeAfterReview("2026-09", rejecting: ["missing_fund_org"])
        try PeriodWorkflow(store: site.store).finalize(try #require(BillingPeriod("2026-09")), actor: "tester")
        let first = try site.build()
        let pdfs = try SampleSite.files(site.site).filter { $0.key.hasSuffix(".pdf") }
        #expect(pdfs.count >= 10)
        for (path, _) in pdfs {
            let text = try Self.run("/usr/bin/pdftotext", [site.site + "/" + path, "-"]).output
            #expect(!text.contains("DRAFT"), "\(path) of a final period says DRAFT")
        }
        let again = try site.build()
        #expect(again.filesWritten < first.filesWritten)
        #expect(try SampleSite.files(site.site).filter { $0.key.hasSuffix(".pdf") } == pdfs)
    }

    /// Identity of a file on disk: a kept file is the same inode (hard link), a rewritten one is new.
    static func inode(_ path: String) throws -> UInt64 {
        try #require(try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? UInt64)
    }

    /// A late charge changes its project's PDF (the line) and the PI's other PDFs (their trend chart
    /// shows the PI's amount due, all projects, as the web page does); every other PI's PDFs are kept.
    @Test func aLateChargeRendersOnlyThatPIsPDFsAgain() throws {
        let site = try SampleSite(periods: ["2026-10"])
        try site.build()
        let pi = "amara.okafor@northfield.example.edu"
        let p = try #require(BillingPeriod("2026-10"))
        let statements = try StatementReports(store: site.store).load(p)
        let statement = try #require(statements.first { $0.piEmail == pi })
        #expect(statement.projects.count == 2)
        func paths(_ report: StatementReport) -> [String] {
            report.projects.map { site.site + "/" + SitePaths.statementPDF(PISlug.make(report.piEmail), p, project: ProjectSlug.make($0.projectId)) }
        }
        let others = statements.filter { $0.piEmail != pi }.flatMap(paths)
        let before = try paths(statement).map(Self.inode), othersBefore = try others.map(Self.inode)
        let changed = try #require(statement.projects.first).projectId
        let tags = #"{"pi_email":"\#(pi)","project_id":"\#(changed)","fund_org":"410233-1001"}"#
        let late = try site.focusFile("hpc_late_2026-10.csv", rows: [
            ["2026-10-01", "2026-11-01", "2026-10-30", "2026-10-31", "USD", "HPC CPU Compute", "Usage", "late job", "late-1", "late job",
             "", "3.00", "3.00", "3.00", "3.00", tags],
        ])
        try site.ingest([late], period: "2026-10", source: "hpc")
        try site.build()
        let after = try paths(statement).map(Self.inode)
        #expect(after[0] != before[0], "\(changed)'s PDF shows the late charge")
        #expect(after[1] != before[1], "the other project's PDF shows the PI's new total in its trend")
        #expect(try others.map(Self.inode) == othersBefore, "other PIs' PDFs are kept")
        let text = try Self.run("/usr/bin/pdftotext", [paths(statement)[0], "-"]).output
        #expect(text.contains("late job"))
        #expect(!(try Self.run("/usr/bin/pdftotext", [paths(statement)[1], "-"]).output).contains("late job"))
    }
}
