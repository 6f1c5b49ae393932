/// A page template's Markdown, parsed: what the HTML, plain-text and PDF
/// renderers read. Plain Swift values, no C types: libcmark-gfm's tree is
/// converted and freed inside `MarkdownDocument.parse` (Parsing/).
public struct MarkdownDocument: Sendable, Equatable {
    public var blocks: [MarkdownBlock]

    public init(_ blocks: [MarkdownBlock]) {
        self.blocks = blocks
    }
}

/// A block of a document. The first nine are CommonMark/GFM's; the rest are
/// the template blocks written as `::: NAME` … `:::` (`TemplateBlockKind`).
public indirect enum MarkdownBlock: Sendable, Equatable {
    case paragraph([MarkdownInline])
    /// `level` 1…6.
    case heading(level: Int, [MarkdownInline])
    case thematicBreak
    case blockQuote([MarkdownBlock])
    case list(MarkdownList)
    /// `info`: the fence's info string ("" for an indented block).
    case codeBlock(info: String, code: String)
    /// Raw HTML the template wrote, with its line break at the end.
    case html(String)
    case table(MarkdownTable)

    /// `::: figures`: the headline amounts as cards.
    case figures([MarkdownDefinition])
    /// `::: definitions`: terms and their values.
    case definitions([MarkdownDefinition])
    /// `::: letterhead`: what a PDF puts at the top of its first page (the logo); the web page hides it.
    case letterhead([MarkdownBlock])
    /// `::: web-only`: left out of the PDF.
    case webOnly([MarkdownBlock])
    /// `::: pdf-only`: hidden on the web page.
    case pdfOnly([MarkdownBlock])
    /// `::: downloads`: files beside the page; web only (a PDF cannot follow a relative link).
    case downloads([MarkdownDownload])
    /// `::: chart NAME`: the page's chart of that name, with the block's text as its caption.
    case chart(name: String, caption: [MarkdownInline])
    /// `::: section #ID .CLASS`: a part of the page with an anchor.
    case section(MarkdownSection)
}

public indirect enum MarkdownInline: Sendable, Equatable {
    case text(String)
    case code(String)
    /// An inline tag the template wrote.
    case html(String)
    case softBreak
    case lineBreak
    case emphasis([MarkdownInline])
    case strong([MarkdownInline])
    case strikethrough([MarkdownInline])
    /// `destination` is "" when it was dangerous (`LinkSafety`).
    case link(destination: String, title: String, [MarkdownInline])
    case image(source: String, title: String, alt: [MarkdownInline])
}

public struct MarkdownList: Sendable, Equatable {
    public var ordered: Bool
    /// The first number of an ordered list.
    public var start: Int
    /// A tight list's items hold no paragraph breaks (HTML: no `<p>` in `<li>`).
    public var tight: Bool
    public var items: [[MarkdownBlock]]

    public init(ordered: Bool, start: Int = 1, tight: Bool = true, items: [[MarkdownBlock]]) {
        self.ordered = ordered
        self.start = start
        self.tight = tight
        self.items = items
    }
}

public struct MarkdownTable: Sendable, Equatable {
    public enum Alignment: Sendable, Equatable {
        /// No colon in the delimiter row.
        case none
        case left, center, right
    }

    /// One per column.
    public var alignments: [Alignment]
    public var header: [[MarkdownInline]]
    public var rows: MarkdownTableRows

    public init(alignments: [Alignment], header: [[MarkdownInline]], rows: [[[MarkdownInline]]]) {
        self.init(alignments: alignments, header: header, rows: MarkdownTableRows(rows))
    }

    public init(alignments: [Alignment], header: [[MarkdownInline]], rows: MarkdownTableRows) {
        self.alignments = alignments
        self.header = header
        self.rows = rows
    }
}

extension MarkdownInline {
    /// The text a reader sees: markup dropped, breaks as spaces, images as their alt text.
    public static func plainText(_ inlines: [MarkdownInline]) -> String {
        var out = ""
        for inline in inlines {
            switch inline {
            case .text(let text), .code(let text): out += text
            case .html: break
            case .softBreak, .lineBreak: out += " "
            case .emphasis(let children), .strong(let children), .strikethrough(let children), .link(_, _, let children):
                out += plainText(children)
            case .image(_, _, let alt): out += plainText(alt)
            }
        }
        return out
    }
}
