import CCmarkGFM
import ChargebackCore
import ChargebackMarkdown
@testable import ChargebackRender
import ChargebackTestSupport
import Foundation
import Testing

/// `DocumentHTML` writes what cmark-gfm's own HTML renderer writes for every
/// construct the templates use, except on purpose: `scope="col"` on header
/// cells, `'` written as `&#39;`. cmark-gfm is the reference here (read
/// straight from libcmark-gfm, not through our parser's tree).
@Suite struct DocumentHTMLTests {
    static func cmarkHTML(_ markdown: String) -> String {
        cmark_gfm_core_extensions_ensure_registered()
        let options = CMARK_OPT_UNSAFE | CMARK_OPT_TABLE_PREFER_STYLE_ATTRIBUTES
        guard let parser = cmark_parser_new(options) else { return "" }
        defer { cmark_parser_free(parser) }
        for name in ["table", "strikethrough", "autolink"] {
            if let ext = cmark_find_syntax_extension(name) { cmark_parser_attach_syntax_extension(parser, ext) }
        }
        // Parses in this process take turns (see CmarkGFM: libcmark-gfm's inline parser has global state).
        let parsed: OpaquePointer? = CmarkGFM.takingTurns {
            cmark_parser_feed(parser, markdown, markdown.utf8.count)
            return cmark_parser_finish(parser)
        }
        guard let root = parsed else { return "" }
        defer { cmark_node_free(root) }
        guard let html = cmark_render_html(root, options, cmark_parser_get_syntax_extensions(parser)) else { return "" }
        defer { free(html) }
        // Our parser removes the e-mail autolink guard's markers from data (EmailAutolinkGuard); so does this.
        return String(String(cString: html).unicodeScalars.filter { $0 != EmailAutolinkGuard.marker }.map(Character.init))
            .replacingOccurrences(of: "%EF%B7%90", with: "")
    }

    /// `markdown` with its template block lines (`::: NAME`, `:::`) blanked: what is left is
    /// plain Markdown to both parsers (the blocks themselves are ours alone, see TemplateBlockHTMLTests).
    static func withoutBlockLines(_ markdown: String) -> String {
        markdown.split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix(":::") ? "" : String($0) }.joined(separator: "\n")
    }

    /// Ours, with the two deliberate differences taken out.
    static func ours(_ markdown: String) -> String {
        MarkdownHTML.render(markdown).replacingOccurrences(of: "<th scope=\"col\"", with: "<th").replacingOccurrences(of: "&#39;", with: "'")
    }

    static let corpus = [
        "# Heading *em* **strong** `code`\n\n## Two\n\n###### Six\n",
        "Para one\nsoft break\\\nhard break  \nhard too\n\nPara two with O'Brien & <tag> \"quotes\".\n",
        "- tight\n- list\n  - nested\n  - more\n- last\n",
        "1. loose\n\n2. list\n\n   with two paragraphs\n",
        "7. starts at seven\n8. eight\n",
        "> quote\n> more\n>\n> - in a list\n",
        "```swift extra\nlet x = 1 < 2 && \"a\"\n```\n\n    indented code\n",
        "---\n\n***\n",
        "<div class=\"banner\">\n<p>raw</p>\n</div>\n\nInline <span class=\"x\">html</span> and <br> break.\n",
        "[link](https://x.example/a?b=1&c=2 \"Title & 'more'\") ![alt *em* `c`](../../assets/logo.svg \"t\") <https://auto.example> www.example.org help@example.org\n",
        "[spaces](<a b.html>) [unicode](https://x.example/é) [quote](x\"y) [brackets](a[b]c)\n",
        "~~struck~~ and ~single~\n",
        "| A | B | C | D |\n|---|:--|:-:|--:|\n| 1 | *2* | | 4 |\n| short |\n",
        "| Only header |\n|---|\n",
        "Entities: &amp; &lt; &copy; &#124; &#x40; \\* \\_\n",
        MarkdownEscaping.escape("a|b *c* <img src=x onerror=alert(1)> [x](javascript:y) O'Brien & Zoë"),
    ]

    @Test(arguments: corpus)
    func sameAsCmarkGFM(markdown: String) {
        #expect(Self.ours(markdown) == Self.cmarkHTML(markdown))
    }

    @Test func theBuiltInTemplatesAsWritten() throws {
        for name in ["dashboard", "period", "review", "statement", "pi", "finance", "email"] {
            let text = Self.withoutBlockLines(try String(contentsOfFile: SampleSite.root.path + "/content/\(name).md", encoding: .utf8))
            #expect(Self.ours(text) == Self.cmarkHTML(text), "content/\(name).md")
        }
    }

    @Test func aSampleStatementPage() throws {
        let site = try SampleSite(periods: ["2026-09"])
        let p = try #require(BillingPeriod("2026-09"))
        let builtin = try #require(BuiltinFolder.locate())
        let settings = RenderSettings(config: site.config)
        let templates = try SiteTemplates(sources: SiteSources(settings: settings, builtin: builtin), settings: settings)
        let pages = SitePages(settings: settings)
        for statement in try StatementReports(store: site.store).load(p) {
            let markdown = Self.withoutBlockLines(
                PageRenderer(templates: templates).markdown(pages.statement(statement, slug: PISlug.make(statement.piEmail), trend: [])))
            let (a, b) = (Self.ours(markdown), Self.cmarkHTML(markdown))
            let first = zip(a.split(separator: "\n", omittingEmptySubsequences: false), b.split(separator: "\n", omittingEmptySubsequences: false))
                .first { $0 != $1 }
            #expect(a == b, "\(statement.piEmail): first difference \(String(describing: first))")
        }
    }
}
