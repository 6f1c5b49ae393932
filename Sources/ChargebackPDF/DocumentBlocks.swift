import ChargebackCharts
import ChargebackMarkdown

/// A statement's document → the blocks the PDF typesetter lays out: the same
/// tree the HTML page is written from.
///
/// The template blocks become their PDF forms (figure cards, a two-column
/// list of terms, the chart drawn on Cairo); `::: web-only` and
/// `::: downloads` are left out, `::: pdf-only` is kept, `::: letterhead`
/// goes to the top of page 1. Raw HTML is left out: the template loader
/// warns about it, naming the file and line (`MarkdownDocument.diagnose`).
public enum DocumentBlocks {
    public struct Content: Sendable, Equatable {
        /// Above everything else on page 1 (the logo).
        public var letterhead: [PDFBlock] = []
        public var body: [PDFBlock] = []
    }

    /// `charts`: the page's charts by name (`::: chart NAME`); a chart without one is left out with its caption.
    public static func content(_ document: MarkdownDocument, charts: [String: BarChart] = [:]) -> Content {
        var content = Content()
        for block in document.blocks { append(block, charts: charts, to: &content) }
        return content
    }

    /// Letterhead and body in one list (what a test compares).
    public static func blocks(_ document: MarkdownDocument, charts: [String: BarChart] = [:]) -> [PDFBlock] {
        let made = content(document, charts: charts)
        return made.letterhead + made.body
    }

    private static func append(_ block: MarkdownBlock, charts: [String: BarChart], to content: inout Content) {
        switch block {
        case .paragraph(let inlines):
            if let images = images(inlines) {
                content.body += images.map(PDFBlock.image)
                return
            }
            let spans = InlineSpans.of(inlines)
            if !spans.isEmpty { content.body.append(.paragraph(spans)) }
        case .heading(let level, let inlines):
            content.body.append(.heading(level: level, InlineSpans.of(inlines)))
        case .thematicBreak:
            content.body.append(.rule)
        case .list(let list):
            let items = list.items.map { item in item.flatMap { InlineSpans.of(leafInlines($0)) } }
            content.body.append(.list(ordered: list.ordered, items: items))
        case .blockQuote(let children), .pdfOnly(let children):
            for child in children { append(child, charts: charts, to: &content) }
        case .section(let section):
            for child in section.blocks { append(child, charts: charts, to: &content) }
        case .codeBlock(_, let code):
            content.body.append(.paragraph([PDFSpan(code, code: true)]))
        case .html, .webOnly, .downloads:
            break
        case .table(let table):
            content.body.append(.table(PDFTable(
                alignments: table.alignments.map { $0 == .right ? .right : $0 == .center ? .center : .left },
                header: table.header.map(InlineSpans.of), rows: table.rows.mapRows { $0.map(InlineSpans.of) })))
        case .figures(let items):
            content.body.append(.figures(items.map { item in
                PDFFigure(label: InlineSpans.of(item.term), value: item.definitions.first.map { InlineSpans.of($0.content) } ?? [],
                          notes: item.definitions.dropFirst().map { InlineSpans.of($0.content) }, isDue: item.classes.contains("due"))
            }))
        case .definitions(let items):
            content.body.append(.definitions(items.map { item in
                PDFDefinition(term: InlineSpans.of(item.term), values: item.definitions.map { InlineSpans.of($0.content) })
            }))
        case .letterhead(let children):
            var inner = Content()
            for child in children { append(child, charts: charts, to: &inner) }
            content.letterhead += inner.letterhead + inner.body
        case .chart(let name, let caption):
            guard let chart = charts[name], !chart.groups.isEmpty else { return }
            content.body.append(.chart(chart, caption: InlineSpans.of(caption)))
        }
    }

    /// The inlines of a list item's block (a paragraph; a nested block's first paragraph).
    private static func leafInlines(_ block: MarkdownBlock) -> [MarkdownInline] {
        switch block {
        case .paragraph(let inlines), .heading(_, let inlines): inlines
        case .codeBlock(_, let code): [.code(code)]
        case .blockQuote(let children): children.flatMap(leafInlines)
        case .list(let list): list.items.flatMap { $0.flatMap(leafInlines) }
        default: []
        }
    }

    /// A paragraph of images only (white space between them allowed) is
    /// drawn as images; an image inside text stays its alt text.
    private static func images(_ inlines: [MarkdownInline]) -> [PDFImage]? {
        var images: [PDFImage] = []
        for inline in inlines {
            switch inline {
            case .image(let source, _, let alt):
                images.append(PDFImage(source: source, alt: InlineSpans.of(alt).map(\.text).joined()))
            case .softBreak, .lineBreak:
                continue
            case .text(let text):
                guard text.allSatisfy(\.isWhitespace) else { return nil }
            default:
                return nil
            }
        }
        return images.isEmpty ? nil : images
    }
}
