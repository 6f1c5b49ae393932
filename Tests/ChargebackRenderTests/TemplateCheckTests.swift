import ChargebackCore
@testable import ChargebackRender
import ChargebackTestSupport
import Testing

/// A template's own text is read before the build renders anything: block
/// mistakes stop it naming the line; raw HTML the PDF leaves out is a warning.
@Suite struct TemplateCheckTests {
    @Test func rawHTMLInTheStatementIsAWarningNamingFileAndLine() throws {
        let text = """
            {{% CONTENT_TYPE: MARKDOWN}}
            Intro

            <div class="box">{{pi}}</div>

            Text with <span class="x">inline</span> HTML, <!-- a note -->

            ::: web-only
            <p>only on the page</p>
            :::
            """
        let warnings = try TemplateCheck.check(text, file: "site/content/statement.md", kind: .statement)
        #expect(warnings == [
            "site/content/statement.md:4: raw HTML (<div class=\"box\">{{pi}}</div>) is on the statement web page but left out of its PDF; write it as a template block (docs/templates.md)",
            "site/content/statement.md:6: raw HTML (<span class=\"x\">) is on the statement web page but left out of its PDF; write it as a template block (docs/templates.md)",
        ])
        #expect(try TemplateCheck.check(text, file: "period.md", kind: .period).isEmpty, "pages that have no PDF")
    }

    @Test(arguments: [
        ("Intro\n\n::: figure\nx\n:::\n", 3, "unknown template block ::: figure"),
        ("::: figures\nx\n: 1\n", 1, "::: figures is not closed"),
        ("text\n\n:::\n", 3, "::: closes no block"),
        ("::: definitions\n: orphan\n:::\n", 2, "needs a term"),
        ("::: chart\ncaption\n:::\n", 1, "needs the chart's name"),
        ("::: chart billed-vs-list\ncaption\n:::\n", 1, "::: chart billed-vs-list: a statement page has only trend"),
    ])
    func blockMistakesStopTheBuildNamingTheLine(text: String, line: Int, message: String) {
        #expect {
            _ = try TemplateCheck.check(text, file: "statement.md", kind: .statement)
        } throws: { error in
            guard case SiteError.template(let file, let at, _, let said) = error else { return false }
            return file == "statement.md" && at == line && said.contains(message)
        }
    }

    @Test func aFencedCodeBlockIsNotATemplateBlock() throws {
        #expect(try TemplateCheck.check("```\n::: nothing\n```\n", file: "statement.md", kind: .statement).isEmpty)
    }

    @Test func theBuiltInTemplatesHaveNoRawHTMLThePDFWouldLose() throws {
        let builtin = SampleSite.root.path
        let settings = RenderSettings(config: try AppConfig.defaults(baseDirectory: "/tmp"))
        let templates = try SiteTemplates(sources: SiteSources(settings: settings, builtin: builtin), settings: settings)
        #expect(templates.warnings.isEmpty, "\(templates.warnings)")
        let statement = try String(contentsOfFile: builtin + "/content/statement.md", encoding: .utf8)
        #expect(!statement.contains("<"), "the statement template writes no HTML at all")
    }
}
