import CCmarkGFM

/// The styled text of a block's inline nodes: emphasis, strong, code spans
/// and links become span styles; adjacent spans of one style are merged.
enum InlineSpans {
    private struct Style: Equatable {
        var bold = false
        var italic = false
        var code = false
        var link: String?
    }

    static func of(_ block: OpaquePointer) -> [PDFSpan] {
        var spans: [PDFSpan] = []
        for node in MarkdownBlocks.children(of: block) { collect(node, style: Style(), into: &spans) }
        return spans
    }

    private static func collect(_ node: OpaquePointer, style: Style, into spans: inout [PDFSpan]) {
        var style = style
        switch cmark_node_get_type(node) {
        case CMARK_NODE_TEXT, CMARK_NODE_CODE:
            var text = cmark_node_get_literal(node).map { String(cString: $0) } ?? ""
            if cmark_node_get_type(node) == CMARK_NODE_CODE { style.code = true }
            if text.isEmpty { return }
            append(&text, style, to: &spans)
            return
        case CMARK_NODE_SOFTBREAK:
            var space = " "
            append(&space, style, to: &spans)
            return
        case CMARK_NODE_LINEBREAK:
            var newline = "\n"
            append(&newline, style, to: &spans)
            return
        case CMARK_NODE_HTML_INLINE:
            return  // a tag the template wrote; its text is in the neighbouring text nodes
        case CMARK_NODE_EMPH: style.italic = true
        case CMARK_NODE_STRONG: style.bold = true
        case CMARK_NODE_LINK:
            // An in-page link (`#project-…`) means nothing in a PDF of one project: keep the text only.
            let url = cmark_node_get_url(node).map { String(cString: $0) } ?? ""
            style.link = url.isEmpty || url.hasPrefix("#") ? nil : url
        default: break  // strikethrough, images (their alt text), table cells: the text inside
        }
        for child in MarkdownBlocks.children(of: node) { collect(child, style: style, into: &spans) }
    }

    private static func append(_ text: inout String, _ style: Style, to spans: inout [PDFSpan]) {
        if let last = spans.last, last.bold == style.bold, last.italic == style.italic, last.code == style.code, last.link == style.link {
            spans[spans.count - 1].text += text
        } else {
            spans.append(PDFSpan(text, bold: style.bold, italic: style.italic, code: style.code, link: style.link))
        }
    }
}
