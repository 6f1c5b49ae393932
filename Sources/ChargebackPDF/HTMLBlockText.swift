import Foundation

/// The text of a raw HTML block the statement template wrote, as PDF blocks.
/// Only the template writes HTML (data reaches it escaped as character
/// references), so a few patterns cover it: `<dt>`/`<dd>` pairs, `<li>`
/// items, and plain text.
enum HTMLBlockText {
    static func blocks(_ html: String) -> [PDFBlock] {
        if let firstTag = firstMatch("<[^>]*>", in: html), firstTag.range(of: #"class="[^"]*\bweb-only\b"#, options: .regularExpression) != nil {
            return []
        }
        let content = replace("(?is)<(svg|script|style)\\b.*?</\\1\\s*>", in: html, with: "")
        let pairs = matches("(?is)<dt\\b[^>]*>(.*?)</dt>\\s*<dd\\b[^>]*>(.*?)</dd>", in: content)
        if !pairs.isEmpty {
            return pairs.map { groups in .paragraph([PDFSpan(text(groups[0]) + ": ", bold: true), PDFSpan(text(groups[1]))]) }
        }
        let items = matches("(?is)<li\\b[^>]*>(.*?)</li>", in: content).map { [PDFSpan(text($0[0]))] }
        if !items.isEmpty { return [.list(ordered: content.range(of: "<ol", options: .caseInsensitive) != nil, items: items)] }
        let plain = text(content)
        return plain.isEmpty ? [] : [.paragraph([PDFSpan(plain)])]
    }

    /// Tags removed, character references decoded, white space collapsed.
    static func text(_ html: String) -> String {
        // Inline tags join their text to what surrounds it ("<a>x</a>." stays "x."); block tags separate.
        let inline = replace("(?i)</?(a|span|b|strong|em|i|code|abbr|small|sup|sub)\\b[^>]*>", in: html, with: "")
        let untagged = replace("<[^>]*>", in: inline, with: " ")
        let decoded = decodeReferences(untagged)
        return decoded.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    static func decodeReferences(_ s: String) -> String {
        guard s.contains("&") else { return s }
        var out = ""
        var rest = Substring(s)
        while let amp = rest.firstIndex(of: "&") {
            out += rest[..<amp]
            let after = rest[rest.index(after: amp)...]
            if let semi = after.prefix(12).firstIndex(of: ";"), let scalar = reference(after[..<semi]) {
                out.unicodeScalars.append(scalar)
                rest = after[after.index(after: semi)...]
            } else {
                out.append("&")
                rest = after
            }
        }
        return out + rest
    }

    private static func reference(_ name: Substring) -> Unicode.Scalar? {
        switch name {
        case "amp": return "&"
        case "lt": return "<"
        case "gt": return ">"
        case "quot": return "\""
        case "apos": return "'"
        case "nbsp": return "\u{A0}"
        default: break
        }
        guard name.first == "#" else { return nil }
        let digits = name.dropFirst()
        let value = digits.first == "x" || digits.first == "X" ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits, radix: 10)
        return value.flatMap(Unicode.Scalar.init)
    }

    private static func regex(_ pattern: String) -> NSRegularExpression? {
        try? NSRegularExpression(pattern: pattern)
    }

    private static func firstMatch(_ pattern: String, in s: String) -> String? {
        guard let re = regex(pattern), let m = re.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)),
              let r = Range(m.range, in: s) else { return nil }
        return String(s[r])
    }

    private static func matches(_ pattern: String, in s: String) -> [[String]] {
        guard let re = regex(pattern) else { return [] }
        return re.matches(in: s, range: NSRange(s.startIndex..., in: s)).map { m in
            (1..<m.numberOfRanges).map { i in Range(m.range(at: i), in: s).map { String(s[$0]) } ?? "" }
        }
    }

    private static func replace(_ pattern: String, in s: String, with template: String) -> String {
        guard let re = regex(pattern) else { return s }
        return re.stringByReplacingMatches(in: s, range: NSRange(s.startIndex..., in: s), withTemplate: template)
    }
}
