import ChargebackMarkdown

/// A link's place in a layout's text: UTF-8 byte offsets, as Pango counts.
struct LinkRange: Equatable {
    var start: Int
    var end: Int
    var uri: String
}

/// Spans turned into Pango markup. Every value in a statement comes from
/// data (project names, descriptions), so text is escaped here and nowhere
/// else; markup is only ever what this type writes around it.
struct PangoMarkup: Equatable {
    /// The markup for `pango_parse_markup`; nil when no span is styled
    /// (most table cells): Pango then gets the text as is, with nothing to
    /// escape or parse.
    var markup: String?
    /// The text without markup, what Pango lays out (the fallback if the
    /// markup were ever refused).
    var plainText: String
    var links: [LinkRange]

    /// Equal keys, equal layouts (in one font).
    var key: String { markup.map { "m" + $0 } ?? "p" + plainText }

    /// `codeSize` is the code font's size in points: code spans follow the
    /// size of the block they are in (a heading, a table cell).
    init(_ spans: [PDFSpan], codeSize: Double, linkColor: PDFColor = Typography.link) {
        if spans.allSatisfy({ !$0.bold && !$0.italic && !$0.code && $0.link == nil }) {
            markup = nil
            plainText = spans.map { Self.sanitized($0.text) }.joined()
            links = []
            return
        }
        var markup = ""
        var plainText = ""
        var links: [LinkRange] = []
        let codeOpen = "<span font_family=\"\(Typography.monoFamily)\" size=\"\(Int((codeSize * 1024).rounded()))\">"
        for span in spans {
            let text = Self.sanitized(span.text)
            let start = plainText.utf8.count
            plainText += text
            var piece = Self.escaped(text)
            if span.code { piece = codeOpen + piece + "</span>" }
            if span.italic { piece = "<i>" + piece + "</i>" }
            if span.bold { piece = "<b>" + piece + "</b>" }
            if let uri = span.link {
                piece = "<span foreground=\"\(linkColor.hex)\" underline=\"single\">" + piece + "</span>"
                if !text.isEmpty { links.append(LinkRange(start: start, end: plainText.utf8.count, uri: uri)) }
            }
            markup += piece
        }
        self.markup = markup
        self.plainText = plainText
        self.links = links
    }

    /// Escapes the five characters markup gives meaning to.
    static func escaped(_ text: String) -> String { XMLText.escape(text) }

    /// Control characters (other than tab and line feed) are not allowed in
    /// markup and have no glyph; a stray one in the data becomes a space
    /// instead of making Pango refuse the whole paragraph.
    static func sanitized(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isDisallowed) else { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar == "\r" { continue }
            result.append(isDisallowed(scalar) ? " " : scalar)
        }
        return String(result)
    }

    private static func isDisallowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A: false
        case 0x00...0x1F, 0x7F, 0xFFFE, 0xFFFF: true
        default: false
        }
    }
}
