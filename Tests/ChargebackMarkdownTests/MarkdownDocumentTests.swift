@testable import ChargebackMarkdown
import Testing

/// Markdown text → the document tree every renderer reads.
@Suite struct MarkdownDocumentTests {
    @Test func blocksAndInlines() {
        let document = MarkdownDocument.parse("""
            # Statement *2026-10*

            Some **bold**, `code`, ~~gone~~ and [a link](https://x.example/a "t").\\
            next line
            soft

            - one
            - two

            3. three

            > quoted

            ```swift
            let x = 1
            ```

            ---

            <div class="x">raw</div>

            ![logo](a.png)
            """)
        #expect(document.blocks == [
            .heading(level: 1, [.text("Statement "), .emphasis([.text("2026-10")])]),
            .paragraph([.text("Some "), .strong([.text("bold")]), .text(", "), .code("code"), .text(", "),
                        .strikethrough([.text("gone")]), .text(" and "), .link(destination: "https://x.example/a", title: "t", [.text("a link")]),
                        .text("."), .lineBreak, .text("next line"), .softBreak, .text("soft")]),
            .list(MarkdownList(ordered: false, items: [[.paragraph([.text("one")])], [.paragraph([.text("two")])]])),
            .list(MarkdownList(ordered: true, start: 3, items: [[.paragraph([.text("three")])]])),
            .blockQuote([.paragraph([.text("quoted")])]),
            .codeBlock(info: "swift", code: "let x = 1\n"),
            .thematicBreak,
            .html("<div class=\"x\">raw</div>\n"),
            .paragraph([.image(source: "a.png", title: "", alt: [.text("logo")])]),
        ])
    }

    @Test func tablesKeepAlignmentsHeaderAndCells() {
        let document = MarkdownDocument.parse("| A | B | C | D |\n|---|:--|:-:|--:|\n| 1 | **2** |  | 4 |\n")
        #expect(document.blocks == [.table(MarkdownTable(
            alignments: [.none, .left, .center, .right],
            header: [[.text("A")], [.text("B")], [.text("C")], [.text("D")]],
            rows: [[[.text("1")], [.strong([.text("2")])], [], [.text("4")]]]))])
    }

    @Test(arguments: [
        "javascript:alert(1)", "JavaScript:alert(1)", "java&#9;script:alert(1)", "javascript&#58;alert(1)",
        "&#32;javascript:alert(1)", "javascript:\u{301}alert(1)", "vbscript:msgbox(1)", "FILE:///etc/passwd",
        "data:text/html,<b>x</b>", "data:image/svg+xml,<svg/onload=alert(1)>",
    ])
    func dangerousDestinationsAreEmptiedForEveryRenderer(destination: String) {
        let document = MarkdownDocument.parse("[link](\(destination)) ![img](\(destination))\n")
        #expect(document.blocks == [.paragraph([.link(destination: "", title: "", [.text("link")]), .text(" "),
                                                .image(source: "", title: "", alt: [.text("img")])])])
    }

    @Test(arguments: ["https://example.org/a", "../2026-10/index.html", "#top", "mailto:help@example.org", "data:image/png;base64,AAAA"])
    func ordinaryDestinationsAreKept(destination: String) {
        #expect(MarkdownDocument.parse("[x](\(destination))\n").blocks == [.paragraph([.link(destination: destination, title: "", [.text("x")])])])
    }

    @Test func escapedDataIsTextEverywhereAndItsAtIsNeverALink() {
        let value = "jane@evil.example | *x* <b>y</b> [z](javascript:w) ::: figures {.due}"
        let escaped = MarkdownEscaping.escape(value)
        let document = MarkdownDocument.parse("\(escaped)\n\n| A |\n|---|\n| \(escaped) |\n\n::: definitions\nTerm\n: \(escaped)\n:::\n")
        guard document.blocks.count == 3, case .paragraph(let paragraph) = document.blocks[0], case .table(let table) = document.blocks[1],
              case .definitions(let items) = document.blocks[2] else {
            Issue.record("unexpected \(document.blocks)")
            return
        }
        #expect(MarkdownInline.plainText(paragraph) == value)
        #expect(paragraph.allSatisfy { if case .text = $0 { true } else { false } })
        #expect(table.rows.first.map { MarkdownInline.plainText($0[0]) } == value)
        #expect(items.map { MarkdownInline.plainText($0.definitions[0].content) } == [value])
        #expect(items[0].definitions[0].classes.isEmpty, "data cannot add classes")
        #expect(!MarkdownInline.plainText(paragraph).unicodeScalars.contains(EmailAutolinkGuard.marker))
    }

    @Test func templateBlocksReadTheSameWithCRLFLineEnds() {
        let text = "# T\n\n::: figures\nList price\n: USD 1.00\n\nAmount due {.due}\n: USD 0.90\n:::\n\n::: section .project #p-1\ntext\n:::\n"
        let lf = MarkdownDocument.parse(text)
        #expect(lf.blocks.count == 3)
        #expect(MarkdownDocument.parse(text.replacingOccurrences(of: "\n", with: "\r\n")) == lf)
    }

    /// libcmark-gfm keeps inline parsing state in process-wide tables; the
    /// parse lock keeps strikethrough and autolinks from going missing.
    @Test func concurrentParsesAgree() async {
        let text = "~~old~~ www.example.org help@example.org\n\n| a | ~~b~~ |\n|---|---|\n| https://example.org/x | ~~9~~ |\n"
        let expected = MarkdownDocument.parse(text)
        let mismatches = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<8 {
                group.addTask { (0..<100).filter { _ in MarkdownDocument.parse(text) != expected }.count }
            }
            return await group.reduce(0, +)
        }
        #expect(mismatches == 0)
    }
}
