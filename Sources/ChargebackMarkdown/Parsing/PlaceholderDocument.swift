extension MarkdownDocument {
    /// A page's document with its lists' table rows made as they are read,
    /// from three renderings of its template: `twoRows` with two placeholder
    /// rows per list (`RowPlaceholder.Mark.first`), `oneRow` with one
    /// (`.second`), `emptyRow` with one row of empty values.
    ///
    /// Taken only when the three show that each list writes exactly one table
    /// row per item and nothing else: every other line the same in all three,
    /// the row's line the same literal text for each item, and the same with
    /// empty values (no section inside the row that depends on a value). Then
    /// the made rows are the rows the page rendered whole would have. nil
    /// otherwise: the caller renders the page whole.
    ///
    /// A value written raw (`{{{value}}}`) goes into its row as it is; a row it makes that is not plain
    /// text is read by cmark, alone under the table's header. So a raw value must keep its row one line
    /// (no line break: checked for every item first) and the page may define no link references.
    public static func parse(twoRows: String, oneRow: String, emptyRow: String, values: some MarkdownRowValues) -> MarkdownDocument? {
        guard let templates = rowTemplates(twoRows: twoRows, oneRow: oneRow, emptyRow: emptyRow),
              rawValuesKeepTheirRows(templates, in: oneRow, values: values)
        else { return nil }
        var document = MarkdownDocument.parse(oneRow)
        guard !templates.isEmpty else { return document }
        var placing = RowPlacing(templates: templates, values: values)
        document.blocks = placing.blocks(document.blocks)
        guard placing.failed == false, placing.next == templates.count else { return nil }
        return document
    }

    /// Whether every raw value stays within its row: no line break in any, and no link reference definition
    /// on the page for one to refer to.
    static func rawValuesKeepTheirRows(_ templates: [MarkdownRowTemplate], in page: String, values: some MarkdownRowValues) -> Bool {
        var rawFields: [Int: Set<Int>] = [:]
        for template in templates {
            for slot in template.slots where slot.raw { rawFields[slot.list, default: []].insert(slot.field) }
        }
        guard !rawFields.isEmpty else { return true }
        guard !SourceLine.lines(of: page).contains(where: { $0.content?.first == "[" }) else { return false }
        for (list, fields) in rawFields {
            for row in 0..<values.count(list: list) {
                let all = values.fields(list: list, row: row)
                for field in fields where field < all.count && all[field].utf8.contains(where: { $0 == 0x0A || $0 == 0x0D }) {
                    return false
                }
            }
        }
        return true
    }

    /// The row line of each list in `oneRow`, in order; nil when the renderings disagree.
    static func rowTemplates(twoRows: String, oneRow: String, emptyRow: String) -> [MarkdownRowTemplate]? {
        let a = SourceLine.lines(of: twoRows)
        let b = SourceLine.lines(of: oneRow)
        let e = SourceLine.lines(of: emptyRow)
        guard b.count == e.count else { return nil }
        var templates: [MarkdownRowTemplate] = []
        var i = 0
        for j in b.indices {
            let line = b[j].text
            // The same in all three: no placeholder, whatever the data looks like.
            if i < a.count, a[i].text == line, e[j].text == line {
                i += 1
                continue
            }
            guard let template = MarkdownRowTemplate(line, mark: .second), let list = template.slots.first?.list,
                  template.slots.allSatisfy({ $0.list == list && $0.row == 0 }), i + 1 < a.count,
                  let first = MarkdownRowTemplate(a[i].text, mark: .first), first.sameShape(as: template),
                  first.slots.allSatisfy({ $0.row == 0 }),
                  let second = MarkdownRowTemplate(a[i + 1].text, mark: .first), second.sameShape(as: template),
                  second.slots.allSatisfy({ $0.row == 1 }),
                  e[j].text == template.line({ _ in "" })
            else { return nil }
            templates.append(template)
            i += 2
        }
        return i == a.count ? templates : nil
    }
}

/// Walks a document in order, giving the n-th table row that holds a
/// placeholder the rows of the n-th row template.
private struct RowPlacing {
    let templates: [MarkdownRowTemplate]
    let values: any MarkdownRowValues
    var next = 0
    var failed = false

    init(templates: [MarkdownRowTemplate], values: any MarkdownRowValues) {
        self.templates = templates
        self.values = values
    }

    mutating func blocks(_ blocks: [MarkdownBlock]) -> [MarkdownBlock] {
        blocks.map { block($0) }
    }

    private mutating func block(_ block: MarkdownBlock) -> MarkdownBlock {
        switch block {
        case .table(let table):
            return .table(self.table(table))
        case .blockQuote(let children):
            return .blockQuote(blocks(children))
        case .list(var list):
            list.items = list.items.map { blocks($0) }
            return .list(list)
        case .letterhead(let children):
            return .letterhead(blocks(children))
        case .webOnly(let children):
            return .webOnly(blocks(children))
        case .pdfOnly(let children):
            return .pdfOnly(blocks(children))
        case .section(var section):
            section.blocks = blocks(section.blocks)
            return .section(section)
        default:
            return block
        }
    }

    private mutating func table(_ table: MarkdownTable) -> MarkdownTable {
        let marked = table.rows.indices.filter { index in
            table.rows[index].contains { cell in MarkdownRowTemplate.holds(Substring(MarkdownInline.plainText(cell)), mark: .second) }
        }
        guard let index = marked.first else { return table }
        guard marked.count == 1, next < templates.count else {
            failed = true
            return table
        }
        let template = templates[next]
        next += 1
        let columns = table.header.count
        // The placeholder row read as the made rows will be: the same cells, or the page is rendered whole.
        guard let list = template.slots.first?.list,
              (PlainTable.row(Substring(template.source), columns: columns) ?? Self.cells(ofRow: template.source, columns: columns))
                == table.rows[index]
        else {
            failed = true
            return table
        }
        let values = values
        var out = table
        out.rows = MarkdownTableRows(before: Array(table.rows[..<index]), count: values.count(list: list),
                                     after: Array(table.rows[(index + 1)...])) { row in
            let line = template.line(fields: values.fields(list: list, row: row))
            return PlainTable.row(Substring(line), columns: columns) ?? Self.cells(ofRow: line, columns: columns)
        }
        return out
    }
}

extension RowPlacing {
    /// A row that is not plain text (a raw value's markup, a template's emphasis), read by cmark alone under
    /// a header of as many columns: GFM reads each row of a table on its own. (Escaped values are always plain.)
    static func cells(ofRow line: String, columns: Int) -> MarkdownTableRows.Element {
        let header = "|" + String(repeating: " x |", count: columns) + "\n|" + String(repeating: "---|", count: columns) + "\n"
        guard case .table(let table)? = MarkdownDocument.parse(header + line + "\n").blocks.first, let row = table.rows.first else {
            return Array(repeating: [], count: columns)
        }
        return row
    }
}
