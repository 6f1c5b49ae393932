import CCmarkGFM
import ChargebackMarkdown

/// Statement Markdown → the blocks the PDF typesetter lays out, by walking
/// the cmark-gfm tree of the same template text the HTML page is made from.
///
/// The template's raw HTML blocks are read for their text: `<dt>`/`<dd>`
/// pairs become "term: value" lines, `<li>` items a list, anything else a
/// paragraph of its text; charts (`<svg>`) and blocks marked
/// `class="web-only"` (downloads, in-page links) are left out of the PDF.
public enum MarkdownBlocks {
    public static func blocks(_ markdown: String) -> [PDFBlock] {
        guard let document = StatementMarkdown.parse(markdown, options: CMARK_OPT_UNSAFE) else { return [] }
        defer { cmark_node_free(document.root) }
        defer { cmark_parser_free(document.parser) }
        var out: [PDFBlock] = []
        for node in children(of: document.root) { appendBlock(node, to: &out) }
        return out
    }

    static func children(of node: OpaquePointer) -> [OpaquePointer] {
        var out: [OpaquePointer] = []
        var child = cmark_node_first_child(node)
        while let c = child {
            out.append(c)
            child = cmark_node_next(c)
        }
        return out
    }

    private static func appendBlock(_ node: OpaquePointer, to out: inout [PDFBlock]) {
        switch cmark_node_get_type(node) {
        case CMARK_NODE_PARAGRAPH:
            if let images = images(node) {
                out += images.map(PDFBlock.image)
                return
            }
            let spans = InlineSpans.of(node)
            if !spans.isEmpty { out.append(.paragraph(spans)) }
        case CMARK_NODE_HEADING:
            out.append(.heading(level: Int(cmark_node_get_heading_level(node)), InlineSpans.of(node)))
        case CMARK_NODE_THEMATIC_BREAK:
            out.append(.rule)
        case CMARK_NODE_LIST:
            let items = children(of: node).map { item in
                children(of: item).flatMap { InlineSpans.of($0) }
            }
            out.append(.list(ordered: cmark_node_get_list_type(node) == CMARK_ORDERED_LIST, items: items))
        case CMARK_NODE_BLOCK_QUOTE:
            for child in children(of: node) { appendBlock(child, to: &out) }
        case CMARK_NODE_CODE_BLOCK:
            let text = cmark_node_get_literal(node).map { String(cString: $0) } ?? ""
            out.append(.paragraph([PDFSpan(text, code: true)]))
        case CMARK_NODE_HTML_BLOCK:
            out += HTMLBlockText.blocks(cmark_node_get_literal(node).map { String(cString: $0) } ?? "")
        default:
            if let type = cmark_node_get_type_string(node), String(cString: type) == "table" {
                out.append(.table(table(node)))
            }
        }
    }

    /// A paragraph of images only (white space between them allowed) is
    /// drawn as images; an image inside text stays its alt text.
    private static func images(_ paragraph: OpaquePointer) -> [PDFImage]? {
        var images: [PDFImage] = []
        for child in children(of: paragraph) {
            switch cmark_node_get_type(child) {
            case CMARK_NODE_IMAGE:
                let source = cmark_node_get_url(child).map { String(cString: $0) } ?? ""
                let alt = InlineSpans.of(child).map(\.text).joined()
                images.append(PDFImage(source: source, alt: alt))
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
                continue
            case CMARK_NODE_TEXT:
                let text = cmark_node_get_literal(child).map { String(cString: $0) } ?? ""
                guard text.allSatisfy(\.isWhitespace) else { return nil }
            default:
                return nil
            }
        }
        return images.isEmpty ? nil : images
    }

    private static func table(_ node: OpaquePointer) -> PDFTable {
        let columns = Int(cmark_gfm_extensions_get_table_columns(node))
        var alignments: [PDFTable.Alignment] = []
        if let codes = cmark_gfm_extensions_get_table_alignments(node) {
            for i in 0..<columns {
                switch codes[i] {
                case UInt8(ascii: "r"): alignments.append(.right)
                case UInt8(ascii: "c"): alignments.append(.center)
                default: alignments.append(.left)
                }
            }
        }
        var header: [[PDFSpan]] = []
        var rows: [[[PDFSpan]]] = []
        for row in children(of: node) {
            let cells = children(of: row).map { InlineSpans.of($0) }
            if cmark_gfm_extensions_get_table_row_is_header(row) != 0 { header = cells } else { rows.append(cells) }
        }
        return PDFTable(alignments: alignments, header: header, rows: rows)
    }
}
