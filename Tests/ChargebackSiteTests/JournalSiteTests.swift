import ChargebackCore
import ChargebackRender
@testable import ChargebackSite
import ChargebackTestSupport
import Crypto
import Foundation
import Testing

/// The journal files the build writes for finance: they balance, they match
/// the statements and an independent computation, and the pages list them.
@Suite struct JournalSiteTests {
    /// "1234.56" → 123456; "" → 0. Never through floating point.
    static func cents(_ text: String) throws -> Int64 {
        if text.isEmpty { return 0 }
        let negative = text.hasPrefix("-")
        let parts = text.drop { $0 == "-" }.split(separator: ".", omittingEmptySubsequences: false)
        let whole = try #require(Int64(parts[0]))
        let fraction = try #require(parts.count == 2 && parts[1].count == 2 ? Int64(parts[1]) : nil, "\(text) is not a cents amount")
        return (negative ? -1 : 1) * (whole * 100 + fraction)
    }

    static func file(_ site: SampleSite, _ period: String, _ format: JournalFormat, status: PeriodStatus) throws -> [UInt8] {
        let p = try #require(BillingPeriod(period))
        let path = site.site + "/" + SitePaths.financeFile(p, JournalFile.name(period: p, format: format, status: status))
        return Array(try #require(FileManager.default.contents(atPath: path), "no \(path)"))
    }

    @Test func theGLBalancesAndDebitsEachFundOrgItsStatementsAsComputedIndependently() throws {
        let site = try SampleSite()
        try site.build()
        let expected = try SampleTotals.expected()
        for period in ["2026-09", "2026-10"] {
            let (header, rows) = try CSVRows.records(try Self.file(site, period, .gl, status: .open))
            #expect(header == ["Fund", "Orgn", "Account", "Program", "Activity", "Location", "Debit", "Credit", "Description", "Reference ID"])
            var debit: Int64 = 0, credit: Int64 = 0
            var netByFundOrg: [String: Int64] = [:]
            for row in rows {
                let d = try Self.cents(row["Debit"] ?? ""), c = try Self.cents(row["Credit"] ?? "")
                #expect((d == 0) != (c == 0), "a line has exactly one side: \(row)")
                debit += d
                credit += c
                netByFundOrg["\(row["Fund"] ?? "")-\(row["Orgn"] ?? "")", default: 0] += d - c
                #expect((row["Description"] ?? "").count <= 35)
                #expect(row["Reference ID"]?.hasPrefix("OCB-\(period)-") == true)
            }
            #expect(debit == credit && debit > 0, "\(period): Σdebit \(debit) ≠ Σcredit \(credit)")

            // expected_totals.py (Python Decimal, another program): each PI × project's amount due in cents.
            let projects = try #require((expected[period] as? [String: Any])?["by_pi_project"] as? [[String: Any]])
            var statementsByFundOrg: [String: Int64] = [:]
            for project in projects {
                let billed = try #require((project["billed"] as? [String: Any])?["cents"] as? String)
                statementsByFundOrg[try #require(project["fund_org"] as? String), default: 0] += try Self.cents(billed)
            }
            // The PI funds are debited exactly their statements; the funds of the sources with charges on
            // statements in the period (100000-9xxx; expected_totals.py's by_source) are credited the same in total.
            let sources = try #require((expected[period] as? [String: Any])?["by_source"] as? [[String: Any]]).compactMap { $0["source"] as? String }
            let sourceFunds = Set(site.config.imports.knownSources.filter { sources.contains($0.name) }.compactMap(\.fundOrg))
            #expect(sourceFunds.count == 4)
            for (fundOrg, cents) in statementsByFundOrg {
                #expect(netByFundOrg[fundOrg] == cents, "\(period) \(fundOrg): GL \(netByFundOrg[fundOrg] ?? 0), statements \(cents)")
            }
            let creditedToSources = netByFundOrg.filter { sourceFunds.contains($0.key) }.values.reduce(0, +)
            #expect(-creditedToSources == statementsByFundOrg.values.reduce(0, +))
            #expect(Set(netByFundOrg.keys) == Set(statementsByFundOrg.keys).union(sourceFunds))
        }
    }

    @Test func theGLMatchesTheStatementsTheSiteShows() throws {
        let site = try SampleSite()
        try site.build()
        let p = try #require(BillingPeriod("2026-10"))
        let statements = try StatementReports(store: site.store).load(p)
        let (_, summary) = try CSVRows.records(try Self.file(site, "2026-10", .summary, status: .open))
        #expect(summary.count == statements.reduce(0) { $0 + $1.projects.count })
        for statement in statements {
            for project in statement.projects {
                let row = try #require(summary.first { $0["pi_email"] == statement.piEmail && $0["project_id"] == project.projectId })
                #expect(try Self.cents(row["amount_due"] ?? "") == project.totals.billed.roundedToCents())
                #expect(row["statement_id"] == project.statementId)
                #expect(row["charges"] == String(project.lines.count))
            }
        }
        let (_, detail) = try CSVRows.records(try Self.file(site, "2026-10", .detail, status: .open))
        #expect(detail.count == statements.reduce(0) { $0 + $1.projects.reduce(0) { $0 + $1.lines.count } })
        #expect(detail.allSatisfy { $0["review_status"] != "pending" }, "flagged charges stay out of the site's journals")
    }

    @Test func financeAndPeriodPagesLinkEveryFileWithItsSizeAndDigest() throws {
        let site = try SampleSite()
        // Approving the charge without a fund/org would leave nothing to debit: finance would get no GL (tested below).
        try site.closeAfterReview("2026-09", rejecting: ["missing_fund_org"])
        try site.build()
        let finance = try site.page(SitePaths.finance)
        for (period, status) in [("2026-09", PeriodStatus.closed), ("2026-10", .open)] {
            let p = try #require(BillingPeriod(period))
            let periodPage = try site.page(SitePaths.period(p))
            for format in JournalFormat.allCases {
                let name = JournalFile.name(period: p, format: format, status: status)
                #expect(name.contains("_DRAFT") == (status == .open))
                let bytes = try Self.file(site, period, format, status: status)
                let digest = FileDigest.hex(SHA256.hash(data: bytes))
                for (page, path) in [(finance, SitePaths.finance), (periodPage, SitePaths.period(p))] {
                    let row = try #require(HTMLInspection.tableRows(page).first { $0.first == name }, "\(path) does not list \(name)")
                    #expect(row.contains(digest))
                    #expect(row.contains(MoneyFormat.count(bytes.count) + " bytes"))
                    let hrefs = HTMLInspection.openTags("a", in: page).compactMap { HTMLInspection.attribute("href", in: $0) }
                    #expect(hrefs.contains(SitePaths.link(from: path, to: SitePaths.financeFile(p, name))))
                }
            }
        }
    }

    @Test func aPIsDownloadHoldsOnlyTheirChargesInTheDetailFormat() throws {
        let site = try SampleSite()
        try site.build()
        let p = try #require(BillingPeriod("2026-09"))
        let (_, periodDetail) = try CSVRows.records(try Self.file(site, "2026-09", .detail, status: .open))
        for statement in try StatementReports(store: site.store).load(p) {
            let path = site.site + "/" + SitePaths.statementCSV(PISlug.make(statement.piEmail), p)
            let (header, rows) = try CSVRows.records(Array(try #require(FileManager.default.contents(atPath: path))))
            #expect(header == JournalTables.detailHeader)
            #expect(rows.count == statement.projects.reduce(0) { $0 + $1.lines.count })
            #expect(rows.allSatisfy { $0["pi_email"] == statement.piEmail })
            // The same rows as in the period's detail file.
            #expect(rows == periodDetail.filter { $0["pi_email"] == statement.piEmail })
        }
    }

    @Test func aSourceWithoutFundOrgGetsNoGLButTheSiteSaysWhy() throws {
        let site = try SampleSite(periods: ["2026-09"], fundOrgOf: ["hpc": nil])
        let summary = try site.build()
        let p = try #require(BillingPeriod("2026-09"))
        let problems = try #require(summary.journalProblems[p])
        #expect(problems.contains { $0.contains("source \"hpc\" has no fund/org") })
        let gl = site.site + "/" + SitePaths.financeFile(p, JournalFile.name(period: p, format: .gl, status: .open))
        #expect(!FileManager.default.fileExists(atPath: gl), "an unbalanced GL must never be written")
        #expect(FileManager.default.fileExists(atPath: site.site + "/" + SitePaths.financeFile(p, JournalFile.name(period: p, format: .detail, status: .open))))
        let text = HTMLInspection.text(try site.page(SitePaths.finance))
        #expect(text.contains("No GL journal for 2026-09") && text.contains("source \"hpc\" has no fund/org"))
    }

    @Test func hostileValuesAreQuotedAndNeutralisedInTheCSVFiles() throws {
        let site = try SampleSite(periods: [])
        let project = "=HYPERLINK(\"http://x\",\"y\"),@SUM"
        let name = "+1,\"two\"\nthree"
        let tags = #"{"pi_email":"ada@northfield.example.edu","project_id":"=HYPERLINK(\"http://x\",\"y\"),@SUM","fund_org":"410233-1001"}"#
        let file = try site.focusFile("hpc_2026-11.csv", rows: [
            ["2026-11-01", "2026-12-01", "2026-11-02", "2026-11-03", "USD", "@Compute", "Usage", "-2+3", "r-1", name, "",
             "10.00", "10.00", "-5.00", "-5.00", tags],
        ])
        try site.ingest([file], period: "2026-11")
        try site.build()
        let p = try #require(BillingPeriod("2026-11"))
        for bytes in [try Self.file(site, "2026-11", .detail, status: .open),
                      Array(try #require(FileManager.default.contents(atPath: site.site + "/" + SitePaths.statementCSV(PISlug.make("ada@northfield.example.edu"), p))))] {
            let (_, rows) = try CSVRows.records(bytes)
            let row = try #require(rows.first)
            #expect(row["project_id"] == "'" + project)
            #expect(row["resource_name"] == "'" + name)
            #expect(row["service"] == "'@Compute")
            #expect(row["description"] == "'-2+3")
            #expect(row["billed"] == "-5.00", "a negative number stays a number")
        }
        // The GL: a refund debits nothing and credits the PI's fund; the description stays one line.
        let (_, gl) = try CSVRows.records(try Self.file(site, "2026-11", .gl, status: .open))
        #expect(gl.count == 2)
        #expect(gl.first?["Credit"] == "5.00" && gl.first?["Debit"] == "")
        #expect(gl.last?["Debit"] == "5.00" && gl.last?["Fund"] == "100000")
    }

    @Test func aPeriodKeptUnchangedStillListsItsJournalFiles() throws {
        let site = try SampleSite()
        try site.build()
        let before = try site.page(SitePaths.finance)
        let summary = try site.build()
        #expect(summary.periodsKept.count == 2)
        #expect(try site.page(SitePaths.finance) == before)
    }

    @Test func aThemeOrConfiguredTemplateShapesTheGL() throws {
        let site = try SampleSite(periods: ["2026-09"], extraConfig: "")
        // A theme's own template replaces the built-in one.
        let theme = site.folder + "/themes/default/templates"
        try FileManager.default.createDirectory(atPath: theme, withIntermediateDirectories: true)
        try "{{#lines}}\n{{side}};{{fund_org}};{{amount}};{{pi_emails}}\n{{/lines}}\n".write(toFile: theme + "/journal.template", atomically: true, encoding: .utf8)
        var config = site.config
        config.site.themesDir = site.folder + "/themes"
        let withTheme = try JournalTemplate(settings: RenderSettings(config: config), builtin: try #require(BuiltinFolder.locate()))
        #expect(withTheme.path == theme + "/journal.template")
        let files = JournalFiles(settings: RenderSettings(config: config), template: withTheme)
        let p = try #require(BillingPeriod("2026-09"))
        let entries = files.entries(try StatementReports(store: site.store).load(p), period: p, status: .open)
        let text = String(decoding: try files.gl(entries).bytes, as: UTF8.self)
        let lines = text.split(separator: "\r\n", omittingEmptySubsequences: false)
        #expect(lines.first == "debit;410233-1001;578.99;amara.okafor@northfield.example.edu")
        #expect(lines.count == entries.lines.count + 1 && lines.last == "")
        #expect(!text.contains("\n\n") && !text.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "CRLF line ends only")

        // journal.template (a path) wins over the theme; a syntax error names file, line and column.
        let own = site.folder + "/mine.template"
        try "Header\n{{#lines}}\n{{amount\n{{/lines}}\n".write(toFile: own, atomically: true, encoding: .utf8)
        config.journal.template = own
        #expect {
            _ = try JournalTemplate(settings: RenderSettings(config: config), builtin: try #require(BuiltinFolder.locate()))
        } throws: { error in
            "\(error)".hasPrefix(own + ":4:1: Mustache: unfinishedName")
        }
    }

    /// Which statements' CSV rows are made together: runs of at most a chunk's rows, a long statement alone.
    @Test func csvRowsAreMadeInRunsOfAtMostAChunk() {
        #expect(PageWriter.csvRuns([3, 4, 2, 9, 1, 1, 20, 5], rowsPerChunk: 8) == [0..<2, 2..<3, 3..<4, 4..<6, 6..<7, 7..<8])
        #expect(PageWriter.csvRuns([8, 8], rowsPerChunk: 8) == [0..<1, 1..<2])
        #expect(PageWriter.csvRuns([], rowsPerChunk: 8).isEmpty)
    }

    /// The build reads statements a batch of PIs at a time and writes the
    /// detail file as it goes; the journal files must be what the whole
    /// period at once gives (as `export-journal` makes them), whatever the batch.
    @Test func journalsWrittenBatchByBatchEqualThoseOfTheWholePeriod() throws {
        let site = try SampleSite()
        let settings = RenderSettings(config: site.config)
        let files = JournalFiles(settings: settings, template: try JournalTemplate(settings: settings, builtin: try #require(BuiltinFolder.locate())))
        var sites: [[String: Data]] = []
        // Batch 1 also makes every statement's CSV rows a few at a time (chunks of 2, as the busiest statements' are).
        for batch in [1, 3, 1000] {
            let out = site.folder + "/batch-\(batch)"
            try SiteBuild(store: site.store, config: site.config,
                          options: SiteBuildOptions(out: out, jobs: 2, statementsPerBatch: batch, csvRowsPerChunk: batch == 1 ? 2 : 8192),
                          environment: [:]).run()
            sites.append(try SampleSite.files(out))
            for period in ["2026-09", "2026-10"] {
                let p = try #require(BillingPeriod(period))
                let statements = try StatementReports(store: site.store).load(p)
                #expect(statements.count > 3, "more PIs than a batch: \(statements.count)")
                let entries = files.entries(statements, period: p, status: .open)
                let whole = [try files.gl(entries), files.detail(statements.map(files.detail), entries: entries), files.summary(entries)]
                for file in whole {
                    let written = try #require(FileManager.default.contents(atPath: out + "/" + SitePaths.financeFile(p, file.name)))
                    #expect(Array(written) == file.bytes, "batch \(batch): \(file.name) differs from the whole period's")
                }
            }
        }
        // The whole site, too (pages, downloads, PDFs, the listing of the journals with their sizes and digests).
        #expect(Set(sites[0].keys) == Set(sites[2].keys))
        for (path, bytes) in sites[2] where !path.hasSuffix(".json") {
            #expect(sites[0][path] == bytes && sites[1][path] == bytes, "\(path) depends on the batch size")
        }
    }
}
