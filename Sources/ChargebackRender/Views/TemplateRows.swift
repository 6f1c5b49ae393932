import ChargebackMarkdown

/// A row a template lists one of per item (a statement's line item, a charge awaiting review): its
/// fields by position, so a page can be rendered with placeholders for them (`RowViews`) and its
/// rows made from the values as the renderer reads them.
protocol TemplateRow: Sendable {
    /// The names a template uses, in the order of `fields`.
    static var fieldNames: [String] { get }
    var fields: [String] { get }
    init(fields: [String])
}

/// What a view's list holds: every row, or placeholders for them.
enum TemplateRows: Sendable {
    case all
    /// `count` rows of placeholders marked `mark` for a list with items.
    case placeholders(RowPlaceholder.Mark, count: Int)
    /// One row of empty values for a list with items.
    case empty

    /// List `list`'s rows as `self` says: `items` of them, item `i` made by `make(i)`.
    func rows<Row: TemplateRow>(list: Int, items: Int, _ make: (Int) -> Row) -> [Row] {
        switch self {
        case .all:
            return (0..<items).map(make)
        case .placeholders(let mark, let count):
            guard items > 0 else { return [] }
            return (0..<count).map { row in
                Row(fields: Row.fieldNames.indices.map { RowPlaceholder.text(list: list, row: row, field: $0, mark: mark) })
            }
        case .empty:
            return items > 0 ? [Row(fields: Array(repeating: "", count: Row.fieldNames.count))] : []
        }
    }

    /// A page's `RowViews`: its view made three ways by `view`, and the values of its `lists` lists.
    static func views(_ view: @escaping @Sendable (TemplateRows) -> any Sendable, values: any MarkdownRowValues,
                      lists: Int) -> RowViews {
        RowViews(view: view, values: values, count: (0..<lists).reduce(0) { $0 + values.count(list: $1) })
    }
}

/// A page's view three ways for `MarkdownDocument.parse(twoRows:oneRow:emptyRow:values:)`,
/// and the values of the rows the placeholders stand for.
/// Each view is made only when asked for: a page with few rows is rendered whole (`PageRenderer.rowsMadeFrom`).
package struct RowViews: Sendable {
    /// The page's view with its lists as `TemplateRows` says.
    var view: @Sendable (TemplateRows) -> any Sendable
    var values: any MarkdownRowValues
    /// Rows in all the lists.
    var count: Int

    var twoRows: any Sendable { view(.placeholders(.first, count: 2)) }
    var oneRow: any Sendable { view(.placeholders(.second, count: 1)) }
    var emptyRow: any Sendable { view(.empty) }
}
