@testable import ChargebackMarkdown
import Testing

/// Tables of plain cells are read without cmark (`PlainTable`); what they
/// read must be exactly what cmark reads, and anything else must go to cmark.
@Suite struct PlainTableTests {
    /// cmark's reading of `text`, the whole of it in one parse.
    private func cmark(_ text: String) -> [MarkdownBlock] {
        var conversion = CmarkConversion(lineOffset: 0)
        return CmarkGFM.withDocument(text) { conversion.blocks(under: $0) } ?? []
    }

    /// SplitMix64: the same hostile values on every run.
    private struct Draws {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(bound))
        }
    }

    /// Every ASCII character, spaces at the edges, non-ASCII text, the autolink marker itself.
    private static let alphabet: [String] = (0x20...0x7E).map { String(UnicodeScalar(UInt8($0))) }
        + ["é", "中", "😀", "\u{301}", "\u{A0}", String(EmailAutolinkGuard.marker), "\t", "\n", "www.", "http://x.org", "a@b.org", "mailto:a@b.org", "~~s~~", "**b**"]

    @Test func escapedValuesReadAsCmarkReadsThem() {
        var draws = Draws(state: 42)
        for _ in 0..<300 {
            let columns = 1 + draws.next(5)
            let alignments = (0..<columns).map { _ in ["---", ":--", "--:", ":-:"][draws.next(4)] }
            func value() -> String {
                (0..<draws.next(8)).map { _ in Self.alphabet[draws.next(Self.alphabet.count)] }.joined()
            }
            var text = "| " + (0..<columns).map { _ in MarkdownEscaping.escape(value()) }.joined(separator: " | ") + " |\n"
            text += "|" + alignments.joined(separator: "|") + "|\n"
            for _ in 0..<draws.next(6) {
                text += "| " + (0..<columns).map { _ in MarkdownEscaping.escape(value()) }.joined(separator: " | ") + " |\n"
            }
            let lines = SourceLine.lines(of: text)
            #expect(PlainTable.read(lines[...], at: 0) != nil, "an escaped value is a plain cell: \(text)")
            #expect(MarkdownDocument.parse("Before.\n\n" + text + "\nAfter.\n").blocks == cmark("Before.\n\n" + text + "\nAfter.\n"), "\(text)")
        }
    }

    /// Cells of one code span (the review page's commands) and text with commas, among escaped values.
    @Test func codeSpanCellsReadAsCmarkReadsThem() {
        var draws = Draws(state: 7)
        let codeAlphabet = Self.alphabet.filter { $0 != "|" && $0 != "\n" } + [" ", " ", "&#64;", "--period", "2026-10"]
        for _ in 0..<400 {
            func code() -> String {
                "`" + (0..<draws.next(10)).map { _ in codeAlphabet[draws.next(codeAlphabet.count)] }.joined() + "`"
            }
            let cells = (0..<4).map { _ -> String in
                switch draws.next(3) {
                case 0: code()
                case 1: MarkdownEscaping.escape("x") + [", ", "/", " / ", "//", ",/"][draws.next(5)] + String(draws.next(1000))
                default: MarkdownEscaping.escape((0..<draws.next(6)).map { _ in Self.alphabet[draws.next(Self.alphabet.count)] }.joined())
                }
            }
            let text = "| a | b | c | d |\n|---|---|--:|---|\n| " + cells.joined(separator: " | ") + " |\n"
            #expect(MarkdownDocument.parse("Before.\n\n" + text + "\nAfter.\n").blocks == cmark("Before.\n\n" + text + "\nAfter.\n"), "\(text)")
        }
        // The review page's row: plain, so read without cmark.
        let row = "| 12 | no PI | bench, 7 | `openchargeback review approve 12 --period 2026-10` |\n"
        let lines = SourceLine.lines(of: "| a | b | Source, line | Fund/org |\n|---|---|---|---|\n" + row)
        #expect(PlainTable.read(lines[...], at: 0) != nil)
    }

    @Test func aStatementRowIsOneTextPerCell() throws {
        let row = ["2026-10-01", "vm-17 (Northwest)", "USD 1,234.56", "jane@example.edu"].map(MarkdownEscaping.escape)
        let text = "| Date | Resource | Amount | PI |\n|---|---|--:|---|\n| " + row.joined(separator: " | ") + " |\n"
        guard case .table(let table)? = MarkdownDocument.parse(text).blocks.first else {
            Issue.record("not a table")
            return
        }
        #expect(table.alignments == [.none, .none, .right, .none])
        #expect(table.header == [[.text("Date")], [.text("Resource")], [.text("Amount")], [.text("PI")]])
        #expect(table.rows == [[[.text("2026-10-01")], [.text("vm-17 (Northwest)")], [.text("USD 1,234.56")], [.text("jane@example.edu")]]])
    }

    @Test func tablesOnlyCmarkCanReadAreLeftToIt() {
        let tables = [
            "| **Total** | a |\n|---|---|\n| 1 | 2 |\n",                 // emphasis
            "| a |\n|---|\n| x \\| y |\n",                                 // an escaped pipe
            "| a |\n|---|\n| www.example.org |\n",                       // a URL autolink
            "| a |\n|---|\n| jane&#64;example&#46;org |\n",              // an @ no escaper marked: an e-mail autolink
            "| a | b |\n|---|---|\n| 1 |\n",                             // fewer cells than the header
            "| a |\n|---|\n| 1 | 2 |\n",                                 // more
            "| a |\n|---|\n| 1 |\nlazy row\n",                           // a row without pipes
            "| a |\n|---|\n| &#0; &#99999999; |\n",                      // references cmark replaces
            "| a | b |\n|---|\n| 1 | 2 |\n",                             // not a table: the delimiter row is short
        ]
        for table in tables {
            let lines = SourceLine.lines(of: table)
            #expect(PlainTable.read(lines[...], at: 0) == nil, "\(table)")
            #expect(MarkdownDocument.parse(table).blocks == cmark(table), "\(table)")
        }
    }

    @Test func whatCanReachIntoATableKeepsItForCmark() {
        let pages = [
            "```\n\n| a |\n|---|\n| 1 |\n```\n",                       // a fenced code block
            "<!--\n\n| a |\n|---|\n| 1 |\n-->\n",                        // an HTML comment over blank lines
            "[x]: /target\n\n| [x] |\n|---|\n| 1 |\n",                   // a link reference defined beside it
            "Text right above\n| a |\n|---|\n| 1 |\n",                   // a paragraph's last line is the header
        ]
        for page in pages {
            let lines = SourceLine.lines(of: page)
            #expect(!PlainTable.mayHoldTables(lines[...]) || !(lines.indices.contains { PlainTable.mayStart(lines[...], at: $0) }), "\(page)")
            #expect(MarkdownDocument.parse(page).blocks == cmark(page), "\(page)")
        }
    }

    @Test func adjacentTextIsOneNode() {
        // cmark ends a text node at each reference; the conversion joins them.
        #expect(cmark("USD&#32;1&#44;234\n") == [.paragraph([.text("USD 1,234")])])
        #expect(cmark("a *b* c\n") == [.paragraph([.text("a "), .emphasis([.text("b")]), .text(" c")])])
    }
}
