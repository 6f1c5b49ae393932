import ChargebackCore
import ChargebackMarkdown
import ChargebackPDF
@testable import ChargebackRender
import ChargebackTestSupport
import Foundation
import Testing

/// The PDF statement of one project is made from the same statement template
/// as the page: its blocks carry the project's figures and nothing web-only.
@Suite struct StatementPDFContentTests {
    static func text(_ blocks: [PDFBlock]) -> String {
        func spans(_ s: [PDFSpan]) -> String { s.map(\.text).joined() }
        return blocks.map { block in
            switch block {
            case .heading(_, let s), .paragraph(let s): spans(s)
            case .list(_, let items): items.map(spans).joined(separator: "\n")
            case .table(let t): ([t.header] + t.rows).map { $0.map(spans).joined(separator: " | ") }.joined(separator: "\n")
            case .rule: "---"
            case .image(let image): "[image \(image.source)]"
            case .figures(let figures): figures.map { spans($0.label) + ": " + ([$0.value] + $0.notes).map(spans).joined(separator: ", ") }
                .joined(separator: "\n")
            case .definitions(let items): items.map { spans($0.term) + ": " + $0.values.map(spans).joined(separator: ", ") }.joined(separator: "\n")
            case .chart(let chart, let caption): "[chart \(chart.id)] " + spans(caption)
            }
        }.joined(separator: "\n")
    }

    @Test func oneProjectsBlocksHoldItsFiguresAndNothingWebOnly() throws {
        let site = try SampleSite(periods: ["2026-09"])
        let p = try #require(BillingPeriod("2026-09"))
        let statement = try #require(try StatementReports(store: site.store).load(p).first { $0.piEmail == "amara.okafor@northfield.example.edu" })
        #expect(statement.projects.count == 2)
        let project = try #require(statement.projects.first { $0.projectId == "genomics-pipeline" })
        let one = statement.only(project)
        let builtin = try #require(BuiltinFolder.locate())
        let settings = RenderSettings(config: site.config)
        let templates = try SiteTemplates(sources: SiteSources(settings: settings, builtin: builtin), settings: settings)
        let pages = SitePages(settings: settings)
        let markdown = PageRenderer(templates: templates).markdown(pages.statement(one, slug: PISlug.make(one.piEmail), trend: []))
        let text = Self.text(DocumentBlocks.blocks(MarkdownDocument.parse(markdown)))

        let expected = try SampleTotals.expected()
        let rows = try #require((expected["2026-09"] as? [String: Any])?["by_pi_project"] as? [[String: Any]])
        let row = try #require(rows.first { $0["project_id"] as? String == "genomics-pipeline" })
        #expect(text.contains("Amount due: " + (try SampleTotals.shown(row["billed"]))))
        #expect(text.contains("Project genomics-pipeline"))
        #expect(text.contains("Fund/org: 410233-1001"))
        #expect(text.contains("PI: amara.okafor@northfield.example.edu"))
        #expect(text.contains(project.statementId))
        for service in project.byService { #expect(text.contains(service.service)) }
        #expect(!text.contains("okafor-lab-teaching"), "only this project")
        #expect(!text.contains("Projects: "), "a project's own statement counts no projects")
        let page = PageRenderer(templates: templates).markdown(pages.statement(statement, slug: PISlug.make(statement.piEmail), trend: []))
        #expect(Self.text(DocumentBlocks.blocks(MarkdownDocument.parse(page))).contains("Projects: 2"), "the PI's page does")
        #expect(!text.contains("All periods") && !text.contains("charges_2026-09.csv"), "web-only parts stay out")
    }
}
