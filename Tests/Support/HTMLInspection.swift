import Foundation

/// Just enough HTML reading for tests: the text a browser would show for a
/// fragment cmark wrote, table rows and attribute values.
///
/// Everything here matches Unicode scalars, as a browser does, not Swift
/// Characters: a `>` or `"` followed by a combining mark is one Character
/// and would not match `>` or `"`.
package enum HTMLInspection {
    /// Decodes the character references cmark and the escapes produce:
    /// named `&lt; &gt; &amp; &quot; &apos;`, decimal `&#NN;`, hex `&#xNN;`.
    package static func decodeEntities(_ s: String) -> String {
        s.replacing(scalarRegex("&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|lt|gt|amp|quot|apos);")) { match in
            let name = match.output[1].substring ?? ""
            return scalar(forReference: name).map { String($0) } ?? String(match.output[0].substring ?? "")
        }
    }

    private static func scalar(forReference name: Substring) -> Unicode.Scalar? {
        switch name {
        case "lt": return "<"
        case "gt": return ">"
        case "amp": return "&"
        case "quot": return "\""
        case "apos": return "'"
        default: break
        }
        let digits = name.unicodeScalars.dropFirst()
        let value = digits.first == "x" || digits.first == "X"
            ? UInt32(String(String.UnicodeScalarView(digits.dropFirst())), radix: 16)
            : UInt32(String(String.UnicodeScalarView(digits)), radix: 10)
        return value.flatMap(Unicode.Scalar.init)
    }

    /// The text of an HTML fragment: tags removed, references decoded.
    package static func text(_ html: some StringProtocol) -> String {
        decodeEntities(String(html).replacing(scalarRegex("<[^>]*>"), with: ""))
    }

    /// Inner HTML of every `<tag …>…</tag>` (not nested), in order.
    package static func elements(_ tag: String, in html: String) -> [String] {
        html.matches(of: scalarRegex("<\(tag)(?:\\s[^>]*)?>(.*?)</\(tag)>")).map {
            String($0.output[1].substring ?? "")
        }
    }

    /// Opening tags `<tag …>` in order, as written.
    package static func openTags(_ tag: String, in html: String) -> [String] {
        html.matches(of: scalarRegex("<\(tag)(?:\\s[^>]*)?>")).map { String($0.output[0].substring ?? "") }
    }

    /// Each table row as its cells' text.
    package static func tableRows(_ html: String) -> [[String]] {
        elements("tr", in: html).map { row in
            row.matches(of: scalarRegex("<t[hd](?:\\s[^>]*)?>(.*?)</t[hd]>")).map { text($0.output[1].substring ?? "") }
        }
    }

    /// The value of `attribute` in the first tag that has it, decoded; nil
    /// when there is none.
    package static func attribute(_ attribute: String, in html: String) -> String? {
        guard let match = html.firstMatch(of: scalarRegex("\\s\(attribute)=\"([^\"]*)\""))
        else { return nil }
        return match.output[1].substring.map { decodeEntities(String($0)) }
    }

    /// Whether `html` is exactly `pattern`, matched by scalar.
    package static func wholeMatch(_ html: String, _ pattern: String) -> Bool {
        html.wholeMatch(of: scalarRegex(pattern)) != nil
    }

    /// A regex over Unicode scalars, `.` matching newlines too.
    package static func scalarRegex(_ pattern: String) -> Regex<AnyRegexOutput> {
        // The patterns are literals in this file; a typo fails every test.
        try! Regex(pattern).matchingSemantics(.unicodeScalar).dotMatchesNewlines()
    }
}
