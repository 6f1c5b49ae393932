import ChargebackMarkdown
@testable import ChargebackRender
import ChargebackTestSupport
import Mustache
import Testing

/// Escape, then render in a table cell: the cell shows exactly the value
/// (control characters as spaces) and the table keeps its columns — for
/// thousands of strings drawn from characters that mean something to
/// Markdown, HTML or the GFM extensions.
struct MarkdownTextPropertyTests {
    static let alphabet: [String] = Array("|*_[]()<>&#\\`~!-+=@:;./%?\n\r\t\"' ").map(String.init)
        + ["a", "b", "w", "x", "Z", "0", "1", "9", "http", "www.", "@", "&amp;", "&#", "~~", "**", "javascript:"]
        + ["é", "Ω", "Ж", "漢", "👩‍🔬", "\u{301}", "\u{A0}", "\u{2028}", "\u{0}", "\u{7F}", "\u{85}", "\u{1B}"]

    @Test func escapedValuesRenderExactlyInATableCell() throws {
        MarkdownText.register()
        let template = try MustacheTemplate(string: "{{% CONTENT_TYPE: MARKDOWN}}\n| A | B | C |\n|---|:-:|--:|\n| x | {{v}} | y |\n")
        var random = SplitMix64(seed: 0x0C_4A_26EB_AC4B)
        for _ in 0..<3000 {
            let length = Int(random.next() % 24)
            let value = (0..<length).map { _ in Self.alphabet[Int(random.next() % UInt64(Self.alphabet.count))] }.joined()
            let html = MarkdownHTML.render(template.render(["v": value]))
            let rows = HTMLInspection.tableRows(html)
            let expected = Self.controlsAsSpaces(value)
            #expect(rows.count == 2, "\(value.debugDescription) → \(html)")
            let cell = rows.last.flatMap { $0.count == 3 ? $0[1] : nil } ?? "<missing>"
            #expect(rows.last?.count == 3 && Array(cell.unicodeScalars) == Array(expected.unicodeScalars),
                    "\(value.debugDescription) → \(cell.debugDescription) in \(html)")
            #expect(!html.contains("<a") && !html.contains("<em") && !html.contains("<del") && !html.contains("<code"))
            #expect(!html.unicodeScalars.contains(EmailAutolinkGuard.marker))
        }
    }

    static func controlsAsSpaces(_ s: String) -> String {
        String(String.UnicodeScalarView(s.unicodeScalars.map { scalar in
            scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) ? " " : scalar
        }))
    }
}

/// A small deterministic PRNG (SplitMix64), so a failure reproduces.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
