/// GFM's tag filter (the `tagfilter` extension's rule): in raw HTML a
/// template wrote, the opening `<` of `title`, `textarea`, `style`, `xmp`,
/// `iframe`, `noembed`, `noframes`, `script` and `plaintext` tags becomes
/// `&lt;`, so a template cannot run script or swallow the rest of the page.
/// Data never reaches raw HTML as markup (`MarkdownEscaping`); this guards
/// against what a template author pasted. Charts are no longer raw HTML
/// (`::: chart`), so the SVG `<title>` the tool writes is not affected.
public enum TagFilter {
    private static let names: [[UInt8]] = ["title", "textarea", "style", "xmp", "iframe", "noembed", "noframes", "script", "plaintext"]
        .map { Array($0.utf8) }

    /// Appends `html` to `out`, filtered.
    public static func append(_ html: String, to out: inout [UInt8]) {
        let bytes = Array(html.utf8)
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            if byte == UInt8(ascii: "<"), isFiltered(bytes, at: i) {
                out.append(contentsOf: Array("&lt;".utf8))
            } else {
                out.append(byte)
            }
            i += 1
        }
    }

    /// `<name` or `</name` followed by white space, `>` or `/>` (names compared case-insensitively).
    static func isFiltered(_ bytes: [UInt8], at start: Int) -> Bool {
        var i = start + 1
        if i < bytes.count, bytes[i] == UInt8(ascii: "/") { i += 1 }
        for name in names {
            var j = i
            var matched = true
            for letter in name {
                guard j < bytes.count, bytes[j] | 0x20 == letter else {
                    matched = false
                    break
                }
                j += 1
            }
            guard matched, j < bytes.count else { continue }
            switch bytes[j] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), 0x0B, 0x0C, UInt8(ascii: "\r"), UInt8(ascii: ">"):
                return true
            case UInt8(ascii: "/"):
                if j + 1 < bytes.count, bytes[j + 1] == UInt8(ascii: ">") { return true }
            default:
                break
            }
        }
        return false
    }
}
