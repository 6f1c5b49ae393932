import ChargebackMarkdown

/// A document → readable plain text (the text part of an e-mail): blocks
/// separated by a blank line, markup dropped, each link's address written
/// after its text (when the text is not the address already), table columns
/// lined up (numbers to the right when the Markdown right-aligns them).
/// An e-mail reads like the web page: `::: pdf-only` and the letterhead are
/// left out, a chart is its caption.
package enum DocumentPlainText {
    package static func render(_ document: MarkdownDocument) -> String {
        let text = blocks(document.blocks, indent: "").joined(separator: "\n\n")
        return text.isEmpty ? "" : text + "\n"
    }

    private static func blocks(_ blocks: [MarkdownBlock], indent: String) -> [String] {
        blocks.compactMap { block(in: $0, indent: indent) }.filter { !$0.isEmpty }
    }

    private static func block(in block: MarkdownBlock, indent: String) -> String? {
        switch block {
        case .paragraph(let inlines), .heading(_, let inlines):
            return indented(text(inlines), indent)
        case .thematicBreak:
            return indent + "----"
        case .blockQuote(let children):
            return blocks(children, indent: indent + "> ").joined(separator: "\n" + indent + ">\n")
        case .list(let list):
            return list.items.enumerated().map { index, item in
                let marker = list.ordered ? "\(list.start + index). " : "- "
                let body = blocks(item, indent: indent + String(repeating: " ", count: marker.count))
                    .joined(separator: list.tight ? "\n" : "\n\n")
                return indent + marker + body.dropFirst(indent.count + marker.count)
            }.joined(separator: list.tight ? "\n" : "\n\n")
        case .codeBlock(_, let code):
            var code = Substring(code)
            while code.last == "\n" { code = code.dropLast() }
            return indented(String(code), indent)
        case .html:
            return nil
        case .table(let table):
            return indented(self.table(table), indent)
        case .figures(let items), .definitions(let items):
            return items.map { item in
                let values = item.definitions.map { text($0.content) }
                return indent + text(item.term) + ": " + values.joined(separator: ", ")
            }.joined(separator: "\n")
        case .letterhead, .pdfOnly:
            return nil
        case .webOnly(let children):
            return blocks(children, indent: indent).joined(separator: "\n\n")
        case .section(let section):
            return blocks(section.blocks, indent: indent).joined(separator: "\n\n")
        case .downloads(let items):
            return items.map { item in
                var line = indent + "- " + text(item.name)
                if !item.destination.isEmpty { line += " <" + item.destination + ">" }
                if !item.about.isEmpty { line += ": " + text(item.about) }
                return line
            }.joined(separator: "\n")
        case .chart(_, let caption):
            return indented(text(caption), indent)
        }
    }

    /// Columns padded to their widest cell, two spaces apart; trailing spaces trimmed.
    private static func table(_ table: MarkdownTable) -> String {
        let rows = [table.header.map(text)] + table.rows.map { $0.map(text) }
        let columns = rows.map(\.count).max() ?? 0
        var widths = [Int](repeating: 0, count: columns)
        for row in rows {
            for (column, cell) in row.enumerated() { widths[column] = max(widths[column], cell.count) }
        }
        return rows.map { row in
            var line = ""
            for column in 0..<columns {
                let cell = column < row.count ? row[column] : ""
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                let right = column < table.alignments.count && table.alignments[column] == .right
                line += (column == 0 ? "" : "  ") + (right ? padding + cell : cell + padding)
            }
            while line.last == " " { line.removeLast() }
            return line
        }.joined(separator: "\n")
    }

    private static func indented(_ text: String, _ indent: String) -> String {
        indent.isEmpty ? text : text.split(separator: "\n", omittingEmptySubsequences: false).map { indent + $0 }.joined(separator: "\n")
    }

    /// Inline text: markup dropped, soft breaks kept as line breaks, a
    /// link's address after its text, an image as its alt text.
    static func text(_ inlines: [MarkdownInline]) -> String {
        var out = ""
        for inline in inlines {
            switch inline {
            case .text(let s), .code(let s): out += s
            case .html: break
            case .softBreak, .lineBreak: out += "\n"
            case .emphasis(let children), .strong(let children), .strikethrough(let children): out += text(children)
            case .link(let destination, _, let children):
                let label = text(children)
                out += label
                if !destination.isEmpty, label != destination { out += " <" + destination + ">" }
            case .image(_, _, let alt): out += text(alt)
            }
        }
        return out
    }
}
