import ChargebackMarkdown
@testable import ChargebackRender
import ChargebackTestSupport
import Foundation
import Mustache
import Testing

/// Data values put into Markdown templates with `{{value}}` render as
/// exactly the text they are, wherever the template puts them.
struct MarkdownTextTests {
    static let invoiceTable = "| Resource | Service | Amount |\n|---|---|--:|\n| {{name}} | {{svc}} | {{amt}} |\n"

    @Test func hostileValueInATableCellStaysInItsCell() throws {
        let html = try renderMarkdownPage(Self.invoiceTable, ["name": hostile, "svc": "EC2 | S3", "amt": "1,234.50"])
        let rows = HTMLInspection.tableRows(html)
        #expect(rows == [["Resource", "Service", "Amount"], [hostile, "EC2 | S3", "1,234.50"]])
        #expect(!html.contains("<img"))
        #expect(!html.contains("href=\"javascript"))
        #expect(!html.contains("<a "))
        #expect(!html.contains("<em>"))
        #expect(html.contains("<th scope=\"col\" style=\"text-align: right\">Amount</th>"))
        #expect(html.contains("<td style=\"text-align: right\">1,234.50</td>"))
        #expect(HTMLInspection.openTags("th", in: html).allSatisfy { $0.hasPrefix("<th scope=\"col\"") })
    }

    @Test func hostileValueInAParagraphHeadingAndListItem() throws {
        let value = hostile + " \"quoted\" 'single'"
        let paragraph = try renderMarkdownPage("Resource {{v}} is billed.\n", ["v": value])
        #expect(HTMLInspection.elements("p", in: paragraph).map(HTMLInspection.text) == ["Resource \(value) is billed."])

        let heading = try renderMarkdownPage("# {{v}}\n", ["v": value])
        #expect(HTMLInspection.elements("h1", in: heading).map(HTMLInspection.text) == [value])

        let list = try renderMarkdownPage("- {{v}}\n- next\n", ["v": value])
        #expect(HTMLInspection.elements("li", in: list).map(HTMLInspection.text) == [value, "next"])

        for html in [paragraph, heading, list] {
            #expect(!html.contains("<img"))
            #expect(!html.contains("<em>"))
            #expect(!html.contains("<a "))
        }
    }

    @Test func hostileValueInsideRawHTMLTheTemplateWrote() throws {
        // Plain quotes, and a quote that is one Character with a combining mark.
        let value = hostile + " \" onmouseover=\"alert(2)\" ' x='y \"\u{301} onfocus=alert(3) \u{301}"
        let definition = try renderMarkdownPage("<dl>\n<dt>Resource</dt>\n<dd>{{v}}</dd>\n</dl>\n", ["v": value])
        #expect(HTMLInspection.elements("dd", in: definition).map(HTMLInspection.text) == [value])
        #expect(!definition.contains("<img"))

        // An attribute in an HTML block, and in inline HTML inside a paragraph.
        for template in ["<div>\n<a title=\"{{v}}\" href=\"#\">x</a>\n</div>\n", "See <a title=\"{{v}}\" href=\"#\">x</a>.\n"] {
            let html = try renderMarkdownPage(template, ["v": value])
            let anchors = HTMLInspection.openTags("a", in: html)
            #expect(anchors.count == 1)
            // Exactly the two attributes the template wrote.
            #expect(HTMLInspection.wholeMatch(anchors.first ?? "", "<a title=\"[^\"<>]*\" href=\"#\">"), "\(html)")
            #expect(HTMLInspection.attribute("title", in: html) == value)
        }
    }

    @Test func hostileValueInALinkDestination() throws {
        let html = try renderMarkdownPage("[statement](../{{slug}}/index.html)\n", ["slug": hostile])
        let anchors = HTMLInspection.openTags("a", in: html)
        #expect(anchors.count == 1)
        let href = try #require(HTMLInspection.attribute("href", in: html))
        #expect(href.removingPercentEncoding == "../\(hostile)/index.html")
        #expect(!href.contains(" ") && !href.contains("<"))
        #expect(HTMLInspection.elements("a", in: html) == ["statement"])
        #expect(!html.contains("<img"))
    }

    @Test func aWholeURLFromDataCannotScript() throws {
        let html = try renderMarkdownPage("[console]({{url}})\n", ["url": "javascript:alert(1)"])
        #expect(html == "<p><a href=\"\">console</a></p>\n")
    }

    @Test func lineBreaksTabsAndControlsBecomeSpacesAndKeepTheTable() throws {
        let value = "one\ntwo\r\nthree\rfour\tfive\u{0}six\u{7F}seven\u{85}eight\u{0B}nine"
        let html = try renderMarkdownPage(Self.invoiceTable, ["name": value, "svc": "\n\n# not a heading\n", "amt": "1\n|---|\n| x"])
        let rows = HTMLInspection.tableRows(html)
        #expect(rows.count == 2)
        #expect(rows.last == [
            "one two  three four five six seven eight nine",
            "  # not a heading ",
            "1 |---| | x",
        ])
        #expect(!html.contains("<h1"))
    }

    static let markdownLookalikes = [
        "back\\slash \\* \\|", "`tick` ``two``", "~~strike~~", "_under_ __bold__", "*star* **bold**",
        "# heading", "## heading ##", "1. list", "1) list", "- item", "+ item", "* item", "> quote",
        "---", "===", "    four spaces", "ends with two  ", "  leading", "&amp;", "&#124;", "&lt;b&gt;",
        "&copy; &#x41;", "<b>bold</b>", "<!-- comment -->", "[ref]: https://example.org", "[^1]",
        "![img](x.png)", "<https://example.org>", "| pipe |", "a \\| b", "50% off!", "x = y + 1 @z",
        "é", "Ωμέγα", "Привет", "漢字", "👩‍🔬", "e\u{301}", "\u{A0}nbsp\u{A0}", "line\u{2028}sep",
        "", " ", "trailing\\",
    ]

    @Test(arguments: markdownLookalikes)
    func markdownLookalikeStaysLiteral(value: String) throws {
        let paragraph = try renderMarkdownPage("{{v}}\n\nnext\n", ["v": value])
        let blocks = HTMLInspection.elements("p", in: paragraph)
        if value.trimmingCharacters(in: .whitespaces).isEmpty {
            // Only spaces: an (invisible) paragraph of spaces, never anything else.
            #expect(blocks.map(HTMLInspection.text) == [value, "next"] || blocks.map(HTMLInspection.text) == ["next"])
        } else {
            #expect(blocks.map(HTMLInspection.text) == [value, "next"], "\(paragraph)")
        }
        #expect(!paragraph.contains("<h") && !paragraph.contains("<ol") && !paragraph.contains("<ul"))
        #expect(!paragraph.contains("<blockquote") && !paragraph.contains("<pre") && !paragraph.contains("<hr"))

        let table = try renderMarkdownPage(Self.invoiceTable, ["name": value, "svc": value, "amt": value])
        #expect(HTMLInspection.tableRows(table).last == [value, value, value], "\(table)")

        let heading = try renderMarkdownPage("## {{v}}\n", ["v": value])
        #expect(HTMLInspection.elements("h2", in: heading).map(HTMLInspection.text) == [value])

        for html in [paragraph, table, heading] {
            #expect(!html.contains("<em>") && !html.contains("<strong>") && !html.contains("<del>"))
            #expect(!html.contains("<code>") && !html.contains("<a ") && !html.contains("<img") && !html.contains("<b>"))
        }
    }

    @Test(arguments: [
        "http://evil.example/x", "https://evil.example", "www.evil.example", "jane@evil.example",
        "mailto:jane@evil.example", "see www.evil.example/x now", "ftp://evil.example", "xmpp:jane@evil.example",
    ])
    func dataThatLooksLikeALinkIsNotLinked(value: String) throws {
        let page = "{{v}}\n\n- {{v}}\n\n| A | B |\n|---|---|\n| {{v}} | x |\n\nText before {{v}} text after.\n"
        let html = try renderMarkdownPage(page, ["v": value])
        #expect(!html.contains("<a"), "\(html)")
        #expect(HTMLInspection.tableRows(html).last == [value, "x"])
        #expect(HTMLInspection.elements("li", in: html).map(HTMLInspection.text) == [value])
    }

    /// The marker that keeps `@` from autolinking leaves no trace in any context.
    @Test func anAtSignShowsExactlyEverywhere() throws {
        let value = "jane@evil.example"
        let page = """
            {{v}} `{{v}}` [{{v}}](../{{v}}/ "{{v}}") ![{{v}}](x.png)

            <dl><dd title="{{v}}">{{v}}</dd></dl>

            ```{{v}}
            {{v}}
            ```

            """
        let html = try renderMarkdownPage(page, ["v": value])
        #expect(!html.unicodeScalars.contains(EmailAutolinkGuard.marker))
        #expect(!html.contains("%EF%B7%90"))
        #expect(html.contains("<a href=\"../jane@evil.example/\" title=\"jane@evil.example\">jane@evil.example</a>"))
        #expect(html.contains("<img src=\"x.png\" alt=\"jane@evil.example\" />"))
        #expect(html.contains("<dd title=\"jane&#64;evil&#46;example\">jane&#64;evil&#46;example</dd>"))
        #expect(html.contains("mailto") == false)
    }

    @Test func theTemplatesOwnLinksStillWorkBesideData() throws {
        let html = try renderMarkdownPage("Ask https://example.org/help about {{v}}.\n", ["v": "www.evil.example"])
        #expect(html == "<p>Ask <a href=\"https://example.org/help\">https://example.org/help</a> about www.evil.example.</p>\n")
    }

    @Test func escapeLeavesLettersDigitsAndNonASCIIAlone() {
        #expect(MarkdownText.escape("Abc 123 é漢👩‍🔬") == "Abc&#32;123&#32;é漢👩‍🔬")
        #expect(MarkdownText.escape("|*_") == "&#124;&#42;&#95;")
        #expect(MarkdownText.escape("a\r\nb\t\u{0}") == "a&#32;&#32;b&#32;&#32;")
        #expect(MarkdownText.escape("a@b") == "a" + EmailAutolinkGuard.escapedAt + "b")
    }

    @Test func registerIsIdempotentAndNamesTheContentType() throws {
        MarkdownText.register()
        MarkdownText.register()
        let template = try MustacheTemplate(string: "{{% CONTENT_TYPE: MARKDOWN}}\n{{v}}")
        #expect(template.render(["v": "*x*"]) == "&#42;x&#42;")
    }
}
