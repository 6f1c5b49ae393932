@testable import ChargebackMarkdown
import Testing

/// A page made a row at a time from placeholders must be the page rendered
/// whole; whatever the three renderings cannot vouch for is refused (nil).
@Suite struct PlaceholderDocumentTests {
    /// Rows of lists as a template gets them.
    struct Lists: MarkdownRowValues {
        var rows: [[[String]]]
        func count(list: Int) -> Int { rows[list].count }
        func fields(list: Int, row: Int) -> [String] { rows[list][row] }
    }

    /// What a row's values are in each rendering.
    enum Rendering {
        case whole, placeholders(RowPlaceholder.Mark, count: Int), empty
    }

    /// A template in Swift: a page with a table per list, each row `| {{0}} | {{1}} | {{2}} |` (values escaped,
    /// as `{{value}}` is), `row` the line written per item.
    static func page(_ lists: Lists, _ rendering: Rendering, title: String = "Statement", total: String = "Total", extra: String = "",
                     row: ([String]) -> String = { "| " + $0.map(MarkdownEscaping.escape).joined(separator: " | ") + " |\n" }) -> String {
        var out = "# " + MarkdownEscaping.escape(title) + "\n\n" + extra + "::: section .project\n"
        for (list, rows) in lists.rows.enumerated() {
            out += "## Project \(list)\n\n| Date | Resource | Amount |\n|---|---|--:|\n"
            let written: [[String]]
            switch rendering {
            case .whole: written = rows
            case .placeholders(let mark, let count):
                written = rows.isEmpty ? [] : (0..<count).map { r in (0..<3).map { RowPlaceholder.text(list: list, row: r, field: $0, mark: mark) } }
            case .empty: written = rows.isEmpty ? [] : [["", "", ""]]
            }
            for values in written { out += row(values) }
            out += "| **" + MarkdownEscaping.escape(total) + "** | | 1.00 |\n\nAfter the table.\n\n"
        }
        return out + ":::\n"
    }

    static func made(_ lists: Lists, title: String = "Statement", total: String = "Total", extra: String = "",
                     row: @escaping ([String]) -> String = { "| " + $0.map(MarkdownEscaping.escape).joined(separator: " | ") + " |\n" })
        -> MarkdownDocument? {
        MarkdownDocument.parse(twoRows: page(lists, .placeholders(.first, count: 2), title: title, total: total, extra: extra, row: row),
                               oneRow: page(lists, .placeholders(.second, count: 1), title: title, total: total, extra: extra, row: row),
                               emptyRow: page(lists, .empty, title: title, total: total, extra: extra, row: row), values: lists)
    }

    static let hostile = ["a|b", "@x", "jane@example.edu", " lead", "trail ", "", "tab\there", "line\nbreak", "**b**", "&#124;",
                          "\u{E000}0\u{E001}0\u{E001}1.", "\u{E002}0\u{E003}0\u{E003}1&#46;", "\u{85}c1", "é中😀", "<script>", "`code`",
                          "www.example.org", String(EmailAutolinkGuard.marker)]

    @Test func theMadeRowsAreTheWholePagesRows() throws {
        var rows: [[String]] = []
        for (index, value) in Self.hostile.enumerated() {
            rows.append([value, Self.hostile[(index + 3) % Self.hostile.count], "USD \(index).00"])
        }
        let lists = Lists(rows: [rows, [], [["2026-10-01", "vm-1", "USD 2.00"]]])
        let made = try #require(Self.made(lists))
        let whole = MarkdownDocument.parse(Self.page(lists, .whole))
        #expect(made == whole)
        guard case .section(let section)? = made.blocks.last, case .table(let table) = section.blocks[1] else {
            Issue.record("no table in the made document")
            return
        }
        #expect(table.rows.isMade, "the first list's rows are made as they are read")
        #expect(table.rows.count == rows.count + 1, "every row and the total")
    }

    @Test func dataThatLooksLikeAPlaceholderIsNeverFilledIn() throws {
        let lists = Lists(rows: [[["1", "2", "3"]]])
        // In a title: the same text in all three renderings, so it is data, and the page is as written.
        for mimic in ["\u{E002}0\u{E003}0\u{E003}1.", "\u{E000}0\u{E001}0\u{E001}1."] {
            #expect(try #require(Self.made(lists, title: mimic)) == MarkdownDocument.parse(Self.page(lists, .whole, title: mimic)))
        }
        // In a row of a list's table: which row holds the placeholders is no longer certain, so refused.
        #expect(Self.made(lists, total: "\u{E002}0\u{E003}0\u{E003}1.") == nil)
        // In the items themselves: filled in as data.
        let items = Lists(rows: [[["\u{E002}0\u{E003}0\u{E003}1.", "\u{E000}0\u{E001}0\u{E001}2.", "3"]]])
        #expect(try #require(Self.made(items)) == MarkdownDocument.parse(Self.page(items, .whole)))
    }

    @Test func aRowThatDependsOnAValueIsRefused() {
        let lists = Lists(rows: [[["1", "", "3"], ["4", "5", "6"]]])
        // `{{#resource}}…{{/resource}}` inside the row: the empty rendering differs from the placeholder one.
        let conditional: ([String]) -> String = { v in
            "| " + MarkdownEscaping.escape(v[0]) + " | " + (v[1].isEmpty ? "" : "on " + MarkdownEscaping.escape(v[1])) + " | "
                + MarkdownEscaping.escape(v[2]) + " |\n"
        }
        #expect(Self.made(lists, row: conditional) == nil)
        // Two lines per item: the second is not the same in one rendering and two.
        #expect(Self.made(lists, row: { "| " + $0.map(MarkdownEscaping.escape).joined(separator: " | ") + " |\n| note | | |\n" }) == nil)
        // Not a table row: a list item per charge.
        #expect(Self.made(lists, row: { "- " + $0.map(MarkdownEscaping.escape).joined(separator: " ") + "\n" }) == nil)
    }

    /// `{{{value}}}` (the review page's commands, in code spans): the value goes in as it is.
    @Test func rawValuesGoInAsTheyAre() throws {
        let raw: ([String]) -> String = { v in
            "| " + MarkdownEscaping.escape(v[0]) + " | `" + v[1] + "` | " + v[2] + " |\n"
        }
        let hostile = Lists(rows: [[["1", "review approve --id 1 --note \"checked\"", "*x* | extra"], ["2", "a`b", "<b>x</b>"],
                                    ["3", "", "[x](javascript:y)"], ["4", "ok", "&#124; &amp;"]]])
        let made = try #require(Self.made(hostile, row: raw))
        #expect(made == MarkdownDocument.parse(Self.page(hostile, .whole, row: raw)))
        // A line break in a raw value would end its row in the page rendered whole: refused, before any row is made.
        #expect(Self.made(Lists(rows: [[["1", "a", "b"], ["2", "c", "two\nlines"]]]), row: raw) == nil)
        // A page with a link reference definition: a raw `[x][r]` would refer to it; refused.
        let referring = Lists(rows: [[["1", "a", "[x][r]"]]])
        #expect(Self.made(referring, extra: "[r]: https://example.org\n\n", row: raw) == nil)
        #expect(try #require(Self.made(referring, row: raw)) == MarkdownDocument.parse(Self.page(referring, .whole, row: raw)))
    }

    @Test func aPageWithoutListsIsParsedAsItIs() throws {
        let lists = Lists(rows: [[], []])
        #expect(try #require(Self.made(lists)) == MarkdownDocument.parse(Self.page(lists, .whole)))
    }

    @Test func madeRowsAreEqualToHeldOnes() {
        let held = MarkdownTableRows([[[.text("a")]], [[.text("b")]], [[.text("c")]]])
        let made = MarkdownTableRows(before: [[[.text("a")]]], count: 1, after: [[[.text("c")]]]) { _ in [[.text("b")]] }
        #expect(held == made)
        #expect(Array(made) == Array(held))
        #expect(made != MarkdownTableRows([[[.text("a")]], [[.text("c")]]]))
    }
}
