import ChargebackMarkdown
import Foundation

/// The text of a raw HTML block the statement template wrote, as PDF blocks
/// (`DocumentBlocks`).
/// Only the template writes HTML (data reaches it escaped as character
/// references), so a few patterns cover it: `<dt>`/`<dd>` pairs, `<li>`
/// items, and plain text.
enum HTMLBlockText {
    // Compiled once: compiling them per block was a tenth of `generate`'s time (perf).
    private static let anyTag = regex("<[^>]*>")
    private static let webOnly = regex(#"class="[^"]*\bweb-only\b"#)
    private static let embedded = regex("(?is)<(svg|script|style)\\b.*?</\\1\\s*>")
    private static let definition = regex("(?is)<dt\\b[^>]*>(.*?)</dt>\\s*<dd\\b[^>]*>(.*?)</dd>")
    private static let listItem = regex("(?is)<li\\b[^>]*>(.*?)</li>")
    private static let inlineTag = regex("(?i)</?(a|span|b|strong|em|i|code|abbr|small|sup|sub)\\b[^>]*>")

    static func blocks(_ html: String) -> [PDFBlock] {
        if let firstTag = firstMatch(anyTag, in: html), firstMatch(webOnly, in: firstTag) != nil {
            return []
        }
        let content = replace(embedded, in: html, with: "")
        let pairs = matches(definition, in: content)
        if !pairs.isEmpty {
            return pairs.map { groups in .paragraph([PDFSpan(text(groups[0]) + ": ", bold: true), PDFSpan(text(groups[1]))]) }
        }
        let items = matches(listItem, in: content).map { [PDFSpan(text($0[0]))] }
        if !items.isEmpty { return [.list(ordered: content.range(of: "<ol", options: .caseInsensitive) != nil, items: items)] }
        let plain = text(content)
        return plain.isEmpty ? [] : [.paragraph([PDFSpan(plain)])]
    }

    /// Tags removed, character references decoded, white space collapsed.
    static func text(_ html: String) -> String {
        // Inline tags join their text to what surrounds it ("<a>x</a>." stays "x."); block tags separate.
        let inline = replace(inlineTag, in: html, with: "")
        let untagged = replace(anyTag, in: inline, with: " ")
        let decoded = CharacterReferences.decode(untagged)
        return decoded.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    private static func regex(_ pattern: String) -> NSRegularExpression? {
        try? NSRegularExpression(pattern: pattern)
    }

    private static func firstMatch(_ re: NSRegularExpression?, in s: String) -> String? {
        guard let re, let m = re.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)),
              let r = Range(m.range, in: s) else { return nil }
        return String(s[r])
    }

    private static func matches(_ re: NSRegularExpression?, in s: String) -> [[String]] {
        guard let re else { return [] }
        return re.matches(in: s, range: NSRange(s.startIndex..., in: s)).map { m in
            (1..<m.numberOfRanges).map { i in Range(m.range(at: i), in: s).map { String(s[$0]) } ?? "" }
        }
    }

    private static func replace(_ re: NSRegularExpression?, in s: String, with template: String) -> String {
        guard let re else { return s }
        return re.stringByReplacingMatches(in: s, range: NSRange(s.startIndex..., in: s), withTemplate: template)
    }
}
