/// Data made safe to put into Markdown: a tag value, resource name or
/// project id shows exactly as typed wherever a template puts it (the
/// Mustache content type `MarkdownText` in ChargebackRender calls this for
/// every `{{value}}` of a page template).
public enum MarkdownEscaping {
    /// `s` as Markdown text that renders literally, in any of the places a
    /// template may put a value: a paragraph, heading, list item or table
    /// cell; a template block's term or value (`::: definitions`); a raw HTML
    /// block the template wrote (`<dd>{{v}}</dd>`), an attribute value in one
    /// (`<a title="{{v}}">`); a link destination after a fixed prefix
    /// (`[x](../{{slug}}/index.html)`).
    ///
    /// Every ASCII character other than a letter or digit becomes a decimal
    /// character reference (`|` → `&#124;`). CommonMark reads a character
    /// reference as that literal character and never as markup, so it cannot
    /// start emphasis, a link, raw HTML, a list, a heading or a template
    /// block (`:::`, `{.class}`), and a reference to `|` cannot split a
    /// table cell. Raw HTML and attribute values pass through cmark
    /// untouched, and there the browser decodes the same references. Spaces
    /// are references too: a plain space would be trimmed at the edges of a
    /// cell or heading, start an indented code block (four at the start of a
    /// line), make a hard line break (two at the end of one) and end a link
    /// destination. Line breaks, tabs and other control characters would end
    /// a table row or open a new block; each becomes one space. Letters,
    /// digits and all non-ASCII text (accents, Greek, CJK, emoji) stay as they
    /// are. An `@` also gets an invisible marker on each side that stops
    /// e-mail autolinking and that the parser removes (see
    /// `EmailAutolinkGuard`); the marker is a noncharacter, and one that was
    /// already in the value goes with it.
    ///
    /// Not covered: a code span or fenced code block (cmark shows references
    /// there as written; use `<code>{{v}}</code>`), and a value that is a
    /// whole URL: `[x]({{url}})` links wherever the data says (the parser does
    /// empty `javascript:` and similar destinations, `LinkSafety`).
    public static func escape(_ s: String) -> String {
        // On UTF-8 bytes: this runs for every value of every page, and
        // appending scalars one by one cost a sixth of a statement's
        // rendering (perf, build bench). Bytes of multi-byte characters are
        // copied as they are; only the C1 controls (0xC2 0x80…0x9F) among
        // them are replaced.
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count * 3)
        var bytes = s.utf8.makeIterator()
        var pending: UInt8?
        while let byte = pending ?? bytes.next() {
            pending = nil
            if byte < 0x80 {
                out.append(contentsOf: replacements[Int(byte)])
            } else if byte == 0xC2, let next = bytes.next() {
                if (0x80...0x9F).contains(next) {
                    out.append(contentsOf: space)
                } else {
                    out.append(byte)
                    pending = next
                }
            } else {
                out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static let space = Array("&#32;".utf8)

    /// What each ASCII byte becomes.
    private static let replacements: [[UInt8]] = (0..<0x80).map { (value: UInt32) in
        switch value {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A:
            return [UInt8(value)]
        case 0x40:
            return Array(EmailAutolinkGuard.escapedAt.utf8)
        case 0..<0x20, 0x7F:
            return Array("&#32;".utf8)
        default:
            return Array("&#\(value);".utf8)
        }
    }
}
