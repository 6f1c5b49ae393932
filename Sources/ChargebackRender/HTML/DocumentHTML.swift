import ChargebackCharts
import ChargebackMarkdown

/// A document → an HTML fragment, written the way cmark-gfm writes HTML
/// (the same elements, line breaks and escaping; tests compare the two), plus:
///
/// - every header cell of a table gets `scope="col"`, so screen readers
///   announce a body cell with its column heading;
/// - column alignment is a `style` attribute (the Nu HTML checker rejects
///   the obsolete `align`);
/// - raw HTML the template wrote passes through GFM's tag filter
///   (`TagFilter`: no `<script>`, `<style>`, `<iframe>` … from a template);
/// - the template blocks (`::: figures` …) become the theme's elements
///   (`<dl class="figures">` …), and `::: chart NAME` the page's chart as SVG.
///
/// Text and attribute values are escaped with `XMLText`; link destinations
/// were made safe by the parser (`LinkSafety`) and are percent-encoded here
/// as cmark does (`HrefText`).
package struct DocumentHTML {
    let charts: [String: BarChart]
    private var out: [UInt8] = []
    /// Where written bytes go once `out` holds `chunkSize` (after a table row): a long table is
    /// never in memory whole. nil: everything stays in `out`.
    private var flush: ((ArraySlice<UInt8>) -> Void)?
    private var chunkSize = 0
    /// The last byte handed to `flush`, for `cr`.
    private var flushedLast: UInt8?

    package static func render(_ document: MarkdownDocument, charts: [String: BarChart] = [:]) -> String {
        var writer = DocumentHTML(charts: charts)
        writer.blocks(document.blocks, tight: false)
        return String(decoding: writer.out, as: UTF8.self)
    }

    /// The same bytes as `render`, handed to `chunk` in pieces of about `chunkSize` bytes, in order.
    package static func write(_ document: MarkdownDocument, charts: [String: BarChart] = [:], chunkSize: Int = 1 << 18,
                              to chunk: (ArraySlice<UInt8>) -> Void) {
        withoutActuallyEscaping(chunk) { chunk in
            var writer = DocumentHTML(charts: charts)
            writer.flush = chunk
            writer.chunkSize = chunkSize
            writer.out.reserveCapacity(chunkSize + 4096)
            writer.blocks(document.blocks, tight: false)
            if !writer.out.isEmpty { chunk(writer.out[...]) }
        }
    }

    private init(charts: [String: BarChart]) {
        self.charts = charts
    }

    /// Hands what is written so far to `flush` when it holds a chunk.
    private mutating func flushIfFull() {
        guard let flush, out.count >= chunkSize else { return }
        flush(out[...])
        flushedLast = out.last
        out.removeAll(keepingCapacity: true)
    }

    // MARK: Blocks

    private mutating func blocks(_ blocks: [MarkdownBlock], tight: Bool) {
        for block in blocks { self.block(block, tight: tight) }
    }

    private mutating func block(_ block: MarkdownBlock, tight: Bool) {
        switch block {
        case .paragraph(let inlines):
            if tight {
                self.inlines(inlines)
            } else {
                cr()
                write("<p>")
                self.inlines(inlines)
                write("</p>\n")
            }
        case .heading(let level, let inlines):
            cr()
            write("<h\(level)>")
            self.inlines(inlines)
            write("</h\(level)>\n")
        case .thematicBreak:
            cr()
            write("<hr />\n")
        case .blockQuote(let children):
            cr()
            write("<blockquote>\n")
            blocks(children, tight: false)
            cr()
            write("</blockquote>\n")
        case .list(let list):
            self.list(list)
        case .codeBlock(let info, let code):
            cr()
            let language = info.prefix { !$0.isWhitespace }
            if language.isEmpty {
                write("<pre><code>")
            } else {
                write("<pre><code class=\"language-")
                text(String(language))
                write("\">")
            }
            text(code)
            write("</code></pre>\n")
        case .html(let html):
            cr()
            TagFilter.append(html, to: &out)
            cr()
        case .table(let table):
            self.table(table)
        case .figures(let items):
            definitionList(items, listClass: "figures", figures: true)
        case .definitions(let items):
            definitionList(items, listClass: "details", figures: false)
        case .letterhead(let children):
            division("letterhead pdf-only", children)
        case .webOnly(let children):
            division("web-only", children)
        case .pdfOnly(let children):
            division("pdf-only", children)
        case .downloads(let items):
            downloads(items)
        case .chart(let name, let caption):
            chart(name, caption: caption)
        case .section(let section):
            cr()
            write("<section")
            if !section.classes.isEmpty { attribute("class", section.classes.joined(separator: " ")) }
            if !section.id.isEmpty { attribute("id", section.id) }
            write(">\n")
            blocks(section.blocks, tight: false)
            cr()
            write("</section>\n")
        }
    }

    private mutating func list(_ list: MarkdownList) {
        cr()
        if !list.ordered {
            write("<ul>\n")
        } else if list.start == 1 {
            write("<ol>\n")
        } else {
            write("<ol start=\"\(list.start)\">\n")
        }
        for item in list.items {
            cr()
            write("<li>")
            blocks(item, tight: list.tight)
            write("</li>\n")
        }
        write(list.ordered ? "</ol>\n" : "</ul>\n")
    }

    private mutating func table(_ table: MarkdownTable) {
        cr()
        write("<table>")
        cr()
        write("<thead>")
        cr()
        row(table.header, alignments: table.alignments, header: true)
        cr()
        write("</thead>")
        if !table.rows.isEmpty {
            cr()
            write("<tbody>")
            for cells in table.rows {
                cr()
                row(cells, alignments: table.alignments, header: false)
                flushIfFull()
            }
            cr()
            write("</tbody>")
        }
        cr()
        write("</table>")
        cr()
    }

    private mutating func row(_ cells: [[MarkdownInline]], alignments: [MarkdownTable.Alignment], header: Bool) {
        write("<tr>")
        for (column, cell) in cells.enumerated() {
            cr()
            write(header ? "<th scope=\"col\"" : "<td")
            switch column < alignments.count ? alignments[column] : .none {
            case .none: break
            case .left: write(" style=\"text-align: left\"")
            case .center: write(" style=\"text-align: center\"")
            case .right: write(" style=\"text-align: right\"")
            }
            write(">")
            inlines(cell)
            write(header ? "</th>" : "</td>")
        }
        cr()
        write("</tr>")
    }

    /// `::: figures` as cards (`{.due}` marks the amount to pay), `::: definitions` as a list of terms.
    private mutating func definitionList(_ items: [MarkdownDefinition], listClass: String, figures: Bool) {
        cr()
        write("<dl class=\"\(listClass)\">\n")
        for item in items {
            if figures {
                let classes = ["figure"] + item.classes.map { $0 == "due" ? "figure-due" : $0 }
                write("<div")
                attribute("class", classes.joined(separator: " "))
                write(">")
            }
            write("<dt>")
            inlines(item.term)
            write("</dt>")
            for (index, value) in item.definitions.enumerated() {
                write(figures && index > 0 ? "<dd class=\"figure-note\">" : "<dd>")
                if value.classes.isEmpty {
                    inlines(value.content)
                } else {
                    write("<span")
                    attribute("class", value.classes.joined(separator: " "))
                    write(">")
                    inlines(value.content)
                    write("</span>")
                }
                write("</dd>")
            }
            write(figures ? "</div>\n" : "\n")
        }
        write("</dl>\n")
    }

    private mutating func division(_ classes: String, _ children: [MarkdownBlock]) {
        cr()
        write("<div class=\"\(classes)\">\n")
        blocks(children, tight: false)
        cr()
        write("</div>\n")
    }

    private mutating func downloads(_ items: [MarkdownDownload]) {
        guard !items.isEmpty else { return }
        cr()
        write("<ul class=\"downloads\">\n")
        for item in items {
            write("<li>")
            if !item.destination.isEmpty || !item.name.isEmpty {
                write("<a href=\"")
                HrefText.append(item.destination, to: &out)
                write("\">")
                inlines(item.name)
                write("</a>")
            }
            if !item.about.isEmpty {
                write(item.name.isEmpty ? "<span class=\"meta\">" : " <span class=\"meta\">")
                inlines(item.about)
                write("</span>")
            }
            write("</li>\n")
        }
        write("</ul>\n")
    }

    /// The chart as one line of SVG in a figure, its caption below; a name the page has no chart for: the caption alone.
    private mutating func chart(_ name: String, caption: [MarkdownInline]) {
        cr()
        write("<figure class=\"chart\">\n")
        if let chart = charts[name] {
            write(chart.svg())
            write("\n")
        }
        if !caption.isEmpty {
            write("<figcaption>")
            inlines(caption)
            write("</figcaption>\n")
        }
        write("</figure>\n")
    }

    // MARK: Inlines

    private mutating func inlines(_ inlines: [MarkdownInline]) {
        for inline in inlines { self.inline(inline) }
    }

    private mutating func inline(_ inline: MarkdownInline) {
        switch inline {
        case .text(let s): text(s)
        case .code(let s):
            write("<code>")
            text(s)
            write("</code>")
        case .html(let html): TagFilter.append(html, to: &out)
        case .softBreak: out.append(UInt8(ascii: "\n"))
        case .lineBreak: write("<br />\n")
        case .emphasis(let children):
            write("<em>")
            inlines(children)
            write("</em>")
        case .strong(let children):
            write("<strong>")
            inlines(children)
            write("</strong>")
        case .strikethrough(let children):
            write("<del>")
            inlines(children)
            write("</del>")
        case .link(let destination, let title, let children):
            write("<a href=\"")
            HrefText.append(destination, to: &out)
            if !title.isEmpty {
                write("\" title=\"")
                text(title)
            }
            write("\">")
            inlines(children)
            write("</a>")
        case .image(let source, let title, let alt):
            write("<img src=\"")
            HrefText.append(source, to: &out)
            write("\" alt=\"")
            plain(alt)
            if !title.isEmpty {
                write("\" title=\"")
                text(title)
            }
            write("\" />")
        }
    }

    /// An image's alt text: the text of its inlines, as cmark writes it.
    private mutating func plain(_ inlines: [MarkdownInline]) {
        for inline in inlines {
            switch inline {
            case .text(let s), .code(let s), .html(let s): text(s)
            case .softBreak, .lineBreak: out.append(UInt8(ascii: " "))
            case .emphasis(let children), .strong(let children), .strikethrough(let children), .link(_, _, let children): plain(children)
            case .image(_, _, let alt): plain(alt)
            }
        }
    }

    // MARK: Writing

    private mutating func write(_ s: String) {
        out.append(contentsOf: s.utf8)
    }

    private mutating func text(_ s: String) {
        XMLText.append(s, to: &out)
    }

    private mutating func attribute(_ name: String, _ value: String) {
        write(" \(name)=\"")
        text(value)
        write("\"")
    }

    /// A line break unless at the start or just after one (cmark's `cr`).
    private mutating func cr() {
        if let last = out.last ?? flushedLast, last != UInt8(ascii: "\n") { out.append(UInt8(ascii: "\n")) }
    }
}
