@testable import ChargebackRender
import ChargebackTestSupport
import Foundation
import Testing

/// What cmark-gfm makes of Markdown the theme author wrote.
struct MarkdownHTMLTests {
    @Test func tableAlignmentIsAStyleNotTheObsoleteAlignAttribute() {
        let html = MarkdownHTML.render("| A | B | C |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n")
        #expect(!html.contains("align=\""))
        #expect(html.contains("<td style=\"text-align: left\">1</td>"))
        #expect(html.contains("<td style=\"text-align: center\">2</td>"))
        #expect(html.contains("<td style=\"text-align: right\">3</td>"))
    }

    @Test func everyHeaderCellHasColumnScope() {
        let html = MarkdownHTML.render("| A | B | C |\n|---|:-:|--:|\n| 1 | 2 | 3 |\n")
        #expect(HTMLInspection.openTags("th", in: html) == [
            "<th scope=\"col\">",
            "<th scope=\"col\" style=\"text-align: center\">",
            "<th scope=\"col\" style=\"text-align: right\">",
        ])
        #expect(HTMLInspection.tableRows(html) == [["A", "B", "C"], ["1", "2", "3"]])
        #expect(!html.contains("<!--"), "no marker comment left")
        // Body cells stay td: cmark writes th only for the header row.
        #expect(HTMLInspection.openTags("td", in: html).count == 3)
    }

    @Test func headerScopeReachesEveryTableAndEmptyHeaderCells() {
        let table = "|  | B |\n|---|---|\n| 1 | 2 |\n"
        let html = MarkdownHTML.render(table + "\ntext\n\n" + table + "\n> " + table.replacingOccurrences(of: "\n", with: "\n> "))
        let headers = HTMLInspection.openTags("th", in: html)
        #expect(headers.count == 6)
        #expect(headers.allSatisfy { $0 == "<th scope=\"col\">" })
        #expect(HTMLInspection.elements("th", in: html).filter(\.isEmpty).count == 3)
    }

    /// A combining mark at the start of a cell forms one Character with the
    /// `>` before it; finding the marker must not depend on Characters.
    @Test func headerCellsStartingWithACombiningMark() {
        let html = MarkdownHTML.render("| \u{301}a | \u{301} |\n|---|--:|\n| 1 | 2 |\n")
        #expect(HTMLInspection.openTags("th", in: html) == ["<th scope=\"col\">", "<th scope=\"col\" style=\"text-align: right\">"])
        #expect(HTMLInspection.tableRows(html).first == ["\u{301}a", "\u{301}"])
        #expect(!html.contains("openchargeback"))
    }

    @Test func aHeaderCellTheThemeWroteAsRawHTMLIsLeftAlone() {
        let html = MarkdownHTML.render("<table><tr><th>Row</th><td>1</td></tr></table>\n\n| A |\n|---|\n| 1 |\n")
        #expect(html.contains("<table><tr><th>Row</th><td>1</td></tr></table>"))
        #expect(html.contains("<th scope=\"col\">A</th>"))
    }

    @Test func rawHTMLFromTheTemplatePassesThrough() {
        let markdown = """
            <div class="banner">x</div>

            Trend: <svg viewBox="0 0 10 10" role="img"><path d="M0 10L10 0"/></svg>

            """
        let html = MarkdownHTML.render(markdown)
        #expect(html.contains("<div class=\"banner\">x</div>"))
        #expect(html.contains("<svg viewBox=\"0 0 10 10\" role=\"img\"><path d=\"M0 10L10 0\"/></svg>"))
    }

    /// GFM's tag filter: a template cannot run script, style the page or swallow it.
    /// (Charts are `::: chart` blocks the tool draws, so their SVG `<title>` is not raw HTML.)
    @Test func theTagFilterNeutralisesScriptStyleAndTitleInRawHTML() {
        let html = MarkdownHTML.render("<script>alert(1)</script>\n\nText <style>x</style> <title>t</title> <b>kept</b>\n")
        #expect(!html.contains("<script") && !html.contains("<style") && !html.contains("<title"))
        #expect(html.contains("&lt;script>alert(1)&lt;/script>"))
        #expect(html.contains("<b>kept</b>"))
    }

    @Test func strikethroughWorks() {
        #expect(MarkdownHTML.render("~~gone~~\n") == "<p><del>gone</del></p>\n")
    }

    @Test func autolinksWrittenByTheTemplateAreLinked() {
        let html = MarkdownHTML.render("See <https://example.org>, https://example.org/x, www.example.org or help@example.org.\n")
        #expect(html.contains("<a href=\"https://example.org\">https://example.org</a>"))
        #expect(html.contains("<a href=\"https://example.org/x\">https://example.org/x</a>"))
        #expect(html.contains("<a href=\"http://www.example.org\">www.example.org</a>"))
        #expect(html.contains("<a href=\"mailto:help@example.org\">help@example.org</a>"))
    }

    /// Every case is in ChargebackMarkdownTests (the parser empties them); here, that the page shows it.
    @Test(arguments: ["javascript&#58;alert(1)", "data:text/html,<b>x</b>"])
    func scriptingLinkDestinationsAreEmptied(destination: String) {
        let html = MarkdownHTML.render("[link](\(destination)) ![img](\(destination))\n")
        #expect(html.contains("<a href=\"\">link</a>"), "\(html)")
        #expect(html.contains("<img src=\"\" alt=\"img\" />"), "\(html)")
    }

    @Test(arguments: ["https://example.org/a", "../2026-10/index.html", "#top", "mailto:help@example.org", "data:image/png;base64,AAAA"])
    func ordinaryLinkDestinationsAreKept(destination: String) {
        let html = MarkdownHTML.render("[link](\(destination))\n")
        #expect(html == "<p><a href=\"\(destination)\">link</a></p>\n")
    }

    @Test func emptyAndPlainInput() {
        #expect(MarkdownHTML.render("") == "")
        #expect(MarkdownHTML.render("plain") == "<p>plain</p>\n")
    }

    /// The site renders pages in parallel. libcmark-gfm 0.29.0.gfm.6 keeps
    /// inline parsing state in process-wide tables; without the parse lock in
    /// `CmarkGFM` this test sees strikethrough and autolinks go missing.
    @Test func concurrentRendersAgree() {
        let document = """
            # Statement ~~draft~~

            | Resource | Service | Amount |
            |---|:-:|--:|
            | ~~old~~ www.example.org | *EC2* | 1,234.50 |
            | help@example.org | https://example.org/x | ~~9~~ |

            Questions: help@example.org, https://example.org/help or www.example.org. ~~Not this~~ **this**.

            """ + String(repeating: "- ~~item~~ and https://example.org/a\n", count: 40)
        let expected = MarkdownHTML.render(document)
        #expect(expected.contains("<del>"))
        #expect(expected.contains("<a href=\"http://www.example.org\">"))

        let mismatches = LockedCounter()
        let group = DispatchGroup()
        for _ in 0..<8 {
            group.enter()
            Thread {
                for _ in 0..<200 where MarkdownHTML.render(document) != expected {
                    mismatches.increment()
                }
                group.leave()
            }.start()
        }
        group.wait()
        #expect(mismatches.value == 0)
    }
}

final class LockedCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}
