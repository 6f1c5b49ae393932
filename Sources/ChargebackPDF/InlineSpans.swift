import ChargebackMarkdown

/// The styled text of inlines: emphasis, strong, code spans and links
/// become span styles; adjacent spans of one style are merged.
enum InlineSpans {
    private struct Style: Equatable {
        var bold = false
        var italic = false
        var code = false
        var link: String?
    }

    static func of(_ inlines: [MarkdownInline]) -> [PDFSpan] {
        var spans: [PDFSpan] = []
        for inline in inlines { collect(inline, style: Style(), into: &spans) }
        return spans
    }

    private static func collect(_ inline: MarkdownInline, style: Style, into spans: inout [PDFSpan]) {
        var style = style
        let children: [MarkdownInline]
        switch inline {
        case .text(let text):
            append(text, style, to: &spans)
            return
        case .code(let text):
            style.code = true
            append(text, style, to: &spans)
            return
        case .softBreak:
            append(" ", style, to: &spans)
            return
        case .lineBreak:
            append("\n", style, to: &spans)
            return
        case .html:
            return  // a tag the template wrote (warned about when the template is loaded)
        case .emphasis(let inner):
            style.italic = true
            children = inner
        case .strong(let inner):
            style.bold = true
            children = inner
        case .strikethrough(let inner):
            children = inner
        case .link(let destination, _, let inner):
            // An in-page link (`#project-…`) means nothing in a PDF of one project: keep the text only.
            style.link = destination.isEmpty || destination.hasPrefix("#") ? nil : destination
            children = inner
        case .image(_, _, let alt):
            children = alt
        }
        for child in children { collect(child, style: style, into: &spans) }
    }

    private static func append(_ text: String, _ style: Style, to spans: inout [PDFSpan]) {
        guard !text.isEmpty else { return }
        if let last = spans.last, last.bold == style.bold, last.italic == style.italic, last.code == style.code, last.link == style.link {
            spans[spans.count - 1].text += text
        } else {
            spans.append(PDFSpan(text, bold: style.bold, italic: style.italic, code: style.code, link: style.link))
        }
    }
}
