import ChargebackCore
import ChargebackMarkdown
@testable import ChargebackRender
import ChargebackTestSupport
import Foundation
import Mustache
import Testing

/// A statement page is made a row at a time (`RowViews`): its bytes must be
/// the page rendered whole, with every grouping, hostile values, and a
/// template that lists its lines another way (then it is rendered whole).
@Suite struct StatementRowsTests {
    static let hostile = "a|b *c* <script>alert(1)</script> [x](javascript:y) @me"
    /// What a placeholder of the one-row rendering looks like once escaped.
    static let mimic = "\u{E002}0\u{E003}0\u{E003}1."

    static func site() throws -> SampleSite {
        let site = try SampleSite(periods: ["2026-09"])
        let tags = #"{"pi_email":"rows.pi@northfield.example.edu","project_id":"p|1","fund_org":"410233-1001"}"#
        var rows: [[String]] = []
        for i in 0..<40 {
            let credit = i == 7
            let day = 1 + i % 9
            let start = String(format: "2026-09-%02dT00:00:00Z", day)
            let end = String(format: "2026-09-%02dT01:00:00Z", day)
            let service = i % 3 == 0 ? Self.hostile : "EC2"
            let description = i % 2 == 0 ? Self.hostile + Self.mimic : "hourly"
            let name = i % 4 == 1 ? Self.hostile + Self.mimic : ""
            let costs: [String] = credit ? ["-1.5", "-1.5", "-1.5"] : ["0.41\(i)", "0.40\(i)", "0.39\(i)"]
            var row = ["2026-09-01T00:00:00Z", "2026-10-01T00:00:00Z", start, end, "USD", service, credit ? "Credit" : "Usage"]
            row += [description, "i-\(i % 4)", name, ""] + costs + ["0.39", tags]
            rows.append(row)
        }
        // A PI whose service name looks like a placeholder: it is in the page's by-service table, so the page is rendered whole.
        let mimicTags = tags.replacingOccurrences(of: "rows.pi@", with: "mimic.pi@")
        rows.append(["2026-09-01T00:00:00Z", "2026-10-01T00:00:00Z", "2026-09-02T00:00:00Z", "2026-09-02T01:00:00Z", "USD",
                     "svc " + Self.mimic, "Usage", "x", "i-9", "", "", "1.00", "1.00", "1.00", "1.00", mimicTags])
        try site.ingest([try site.focusFile("aws_2026-09-extra.csv", rows: rows)], period: "2026-09", source: "aws")
        return site
    }

    static func render(_ site: SampleSite, grouping: LineItemGrouping, contentDir: String? = nil,
                       check: (PageRenderer, PlannedPage, StatementReport) throws -> Void) throws {
        site.config.statements.lineItems = grouping
        var settings = RenderSettings(config: site.config)
        if let contentDir { settings.site.contentDir = contentDir }
        let templates = try SiteTemplates(sources: SiteSources(settings: settings, builtin: try #require(BuiltinFolder.locate())),
                                          settings: settings)
        let pages = SitePages(settings: settings)
        let renderer = PageRenderer(templates: templates, rowsMadeFrom: 0)
        let statements = try StatementReports(store: site.store).load(try #require(BillingPeriod("2026-09")))
        #expect(statements.count > 3)
        for statement in statements {
            try check(renderer, pages.statement(statement, slug: PISlug.make(statement.piEmail), trend: []), statement)
        }
    }

    /// Whether some table of `blocks` has rows made as they are read.
    static func hasMadeRows(_ blocks: [MarkdownBlock]) -> Bool {
        blocks.contains { block in
            switch block {
            case .table(let table): table.rows.isMade
            case .section(let section): hasMadeRows(section.blocks)
            default: false
            }
        }
    }

    @Test(arguments: [LineItemGrouping.detail, .resource, .resourceDay])
    func theMadePageIsTheWholePage(_ grouping: LineItemGrouping) throws {
        let site = try Self.site()
        try Self.render(site, grouping: grouping) { renderer, page, statement in
            var whole = page
            whole.rows = nil
            let mimic = statement.piEmail.hasPrefix("mimic.pi@")
            #expect(Self.hasMadeRows(renderer.document(page).blocks) == !mimic, "\(statement.piEmail): rows made as read")
            #expect(!Self.hasMadeRows(renderer.document(whole).blocks))
            let made = renderer.render(page)
            #expect(made == renderer.render(whole), "\(statement.piEmail) (\(grouping))")
            #expect(String(decoding: made, as: UTF8.self).contains("<tbody>"))
        }
    }

    @Test func aShortListIsRenderedWholeALongOneARowAtATime() throws {
        let site = try Self.site()
        try Self.render(site, grouping: .detail) { renderer, page, statement in
            guard !statement.piEmail.hasPrefix("mimic.pi@") else { return }
            // The line items the page lists: grouped lines, credits apart.
            let rows = try #require(page.rows).count
            #expect(rows > 0 && rows <= statement.totals.rows)
            let templates = renderer.templates
            let byDefault = Self.hasMadeRows(PageRenderer(templates: templates).document(page).blocks)
            let fromRows = Self.hasMadeRows(PageRenderer(templates: templates, rowsMadeFrom: rows).document(page).blocks)
            let fromMore = Self.hasMadeRows(PageRenderer(templates: templates, rowsMadeFrom: rows + 1).document(page).blocks)
            #expect(!byDefault && fromRows && !fromMore, "\(rows) rows")
        }
    }

    @Test func theBodyWrittenInChunksIsTheBodyWrittenWhole() throws {
        let site = try Self.site()
        try Self.render(site, grouping: .detail) { renderer, page, statement in
            let document = renderer.document(page)
            var chunks: [[UInt8]] = []
            DocumentHTML.write(document, chunkSize: 1) { chunks.append(Array($0)) }
            #expect(chunks.count > statement.totals.rows, "a chunk after each row")
            #expect(chunks.joined().elementsEqual(DocumentHTML.render(document).utf8))
        }
    }

    @Test func aTemplateThatListsLinesAnotherWayIsRenderedWhole() throws {
        let site = try Self.site()
        let folder = site.folder + "/own-content"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let builtin = try String(contentsOfFile: SampleSite.root.path + "/content/statement.md", encoding: .utf8)
        // Each line item as a list item with a section on a value, and a count of them.
        let own = builtin.replacingOccurrences(of: "| {{date}} | {{resource}} | {{service}} | {{list}} | {{discount}} | {{subsidy}} | {{amount}} |",
                                               with: "| {{date}} | {{resource}}{{#kind}} ({{kind}}){{/kind}} | {{service}} | {{list}} | {{discount}} | {{subsidy}} | {{amount}} |")
            + "\n{{#projects}}{{#lines}}\n- {{resourceId}}{{/lines}}{{/projects}}\n"
        #expect(own != builtin + "\n{{#projects}}{{#lines}}\n- {{resourceId}}{{/lines}}{{/projects}}\n")
        try own.write(toFile: folder + "/statement.md", atomically: true, encoding: .utf8)
        try Self.render(site, grouping: .detail, contentDir: folder) { renderer, page, statement in
            var whole = page
            whole.rows = nil
            #expect(!Self.hasMadeRows(renderer.document(page).blocks), "\(statement.piEmail): refused, rendered whole")
            #expect(renderer.render(page) == renderer.render(whole))
        }
    }

    /// The placeholders name fields by their place in `fieldNames`: it must be every field, in the order of `fields`.
    @Test func aRowsFieldsAreItsNamesInOrder() {
        func check<Row: TemplateRow & MustacheParent>(_: Row.Type) {
            let row = Row(fields: (0..<Row.fieldNames.count).map { "v\($0)" })
            #expect(Row.fieldNames == Mirror(reflecting: row).children.map { $0.label ?? "" })
            for (index, name) in Row.fieldNames.enumerated() {
                #expect(row.child(named: name) as? String == "v\(index)")
                #expect(row.fields[index] == "v\(index)")
            }
        }
        check(StatementView.Row.self)
        check(ReviewView.Charge.self)
    }

    /// The review page lists every charge awaiting review, with its commands in code spans (raw values):
    /// made a row at a time, the same bytes.
    @Test func theReviewPageMadeARowAtATimeIsTheWholePage() throws {
        let site = try Self.site()
        let settings = RenderSettings(config: site.config)
        let templates = try SiteTemplates(sources: SiteSources(settings: settings, builtin: try #require(BuiltinFolder.locate())),
                                          settings: settings)
        let renderer = PageRenderer(templates: templates, rowsMadeFrom: 0)
        let report = try PeriodReports(store: site.store).report(try #require(BillingPeriod("2026-09")))
        #expect(report.pending.count >= 3, "the sample flags charges")
        let page = SitePages(settings: settings).review(report)
        var whole = page
        whole.rows = nil
        #expect(Self.hasMadeRows(renderer.document(page).blocks))
        #expect(renderer.render(page) == renderer.render(whole))
    }
}
