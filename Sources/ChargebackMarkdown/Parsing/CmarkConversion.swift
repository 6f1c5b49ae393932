import CCmarkGFM

/// libcmark-gfm's tree → `MarkdownBlock`s, copying every string out, with
/// dangerous link destinations emptied on the way (`LinkSafety`).
struct CmarkConversion {
    /// Where the parsed text starts in the template (0 for the whole file): added to cmark's line numbers.
    let lineOffset: Int
    /// When set, raw HTML is recorded here with its line.
    var rawHTML: [(line: Int, html: String)]?

    private let types = CmarkGFM.extensionTypes

    init(lineOffset: Int, recordingRawHTML: Bool = false) {
        self.lineOffset = lineOffset
        rawHTML = recordingRawHTML ? [] : nil
    }

    mutating func blocks(under parent: OpaquePointer) -> [MarkdownBlock] {
        var out: [MarkdownBlock] = []
        var child = cmark_node_first_child(parent)
        while let node = child {
            if let block = block(node) { out.append(block) }
            child = cmark_node_next(node)
        }
        return out
    }

    private mutating func block(_ node: OpaquePointer) -> MarkdownBlock? {
        let type = cmark_node_get_type(node)
        switch type {
        case CMARK_NODE_PARAGRAPH:
            return .paragraph(inlines(under: node))
        case CMARK_NODE_HEADING:
            return .heading(level: Int(cmark_node_get_heading_level(node)), inlines(under: node))
        case CMARK_NODE_THEMATIC_BREAK:
            return .thematicBreak
        case CMARK_NODE_BLOCK_QUOTE:
            return .blockQuote(blocks(under: node))
        case CMARK_NODE_LIST:
            var items: [[MarkdownBlock]] = []
            var item = cmark_node_first_child(node)
            while let current = item {
                items.append(blocks(under: current))
                item = cmark_node_next(current)
            }
            return .list(MarkdownList(ordered: cmark_node_get_list_type(node) == CMARK_ORDERED_LIST,
                                      start: max(1, Int(cmark_node_get_list_start(node))), tight: cmark_node_get_list_tight(node) != 0,
                                      items: items))
        case CMARK_NODE_CODE_BLOCK:
            return .codeBlock(info: Self.string(cmark_node_get_fence_info(node)), code: Self.literal(node))
        case CMARK_NODE_HTML_BLOCK:
            let html = Self.literal(node)
            rawHTML?.append((lineOffset + Int(cmark_node_get_start_line(node)), html))
            return .html(html)
        case types.table:
            return .table(table(node))
        default:
            return nil
        }
    }

    private mutating func table(_ node: OpaquePointer) -> MarkdownTable {
        let columns = Int(cmark_gfm_extensions_get_table_columns(node))
        var alignments: [MarkdownTable.Alignment] = []
        if let codes = cmark_gfm_extensions_get_table_alignments(node) {
            for i in 0..<columns {
                switch codes[i] {
                case UInt8(ascii: "l"): alignments.append(.left)
                case UInt8(ascii: "c"): alignments.append(.center)
                case UInt8(ascii: "r"): alignments.append(.right)
                default: alignments.append(.none)
                }
            }
        }
        var header: [[MarkdownInline]] = []
        var rows: [[[MarkdownInline]]] = []
        var row = cmark_node_first_child(node)
        while let current = row {
            var cells: [[MarkdownInline]] = []
            var cell = cmark_node_first_child(current)
            while let c = cell {
                cells.append(inlines(under: c))
                cell = cmark_node_next(c)
            }
            if cmark_gfm_extensions_get_table_row_is_header(current) != 0 { header = cells } else { rows.append(cells) }
            row = cmark_node_next(current)
        }
        return MarkdownTable(alignments: alignments, header: header, rows: rows)
    }

    private mutating func inlines(under parent: OpaquePointer) -> [MarkdownInline] {
        var out: [MarkdownInline] = []
        var child = cmark_node_first_child(parent)
        while let node = child {
            // cmark ends a text node at every character reference (`USD&#32;1&#44;234` is five):
            // one text per run keeps a table row's tree small and equal to `PlainTable`'s.
            switch (inline(node), out.last) {
            case (.text(let text)?, .text(let before)?): out[out.count - 1] = .text(before + text)
            case (let inline?, _): out.append(inline)
            case (nil, _): break
            }
            child = cmark_node_next(node)
        }
        return out
    }

    private mutating func inline(_ node: OpaquePointer) -> MarkdownInline? {
        switch cmark_node_get_type(node) {
        case CMARK_NODE_TEXT: return .text(Self.literal(node))
        case CMARK_NODE_CODE: return .code(Self.literal(node))
        case CMARK_NODE_HTML_INLINE:
            let html = Self.literal(node)
            rawHTML?.append((lineOffset + Int(cmark_node_get_start_line(node)), html))
            return .html(html)
        case CMARK_NODE_SOFTBREAK: return .softBreak
        case CMARK_NODE_LINEBREAK: return .lineBreak
        case CMARK_NODE_EMPH: return .emphasis(inlines(under: node))
        case CMARK_NODE_STRONG: return .strong(inlines(under: node))
        case CMARK_NODE_LINK:
            return .link(destination: LinkSafety.neutralised(Self.string(cmark_node_get_url(node))),
                         title: Self.string(cmark_node_get_title(node)), inlines(under: node))
        case CMARK_NODE_IMAGE:
            return .image(source: LinkSafety.neutralised(Self.string(cmark_node_get_url(node))),
                          title: Self.string(cmark_node_get_title(node)), alt: inlines(under: node))
        case types.strikethrough: return .strikethrough(inlines(under: node))
        default: return nil
        }
    }

    private static func literal(_ node: OpaquePointer) -> String { string(cmark_node_get_literal(node)) }

    private static func string(_ pointer: UnsafePointer<CChar>?) -> String { pointer.map { String(cString: $0) } ?? "" }
}
