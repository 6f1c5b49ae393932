/// A table's body rows: held, or made on demand. A statement in detail
/// lists every charge; its line-item table is made one row at a time as a
/// renderer reads it (`MarkdownRowTemplate`), so its rows are never all in
/// memory at once (heaptrack, 3,000,000-row period: the busiest statement's
/// 115,000 table rows held 31.7 MB of cells, and as much again in the PDF's).
public struct TableRows<Row: Sendable & Equatable>: RandomAccessCollection, Sendable, Equatable, ExpressibleByArrayLiteral {
    /// Rows held before and after the made ones (a template's total row after its line items).
    private let before: [Row]
    private let after: [Row]
    private let madeCount: Int
    private let make: (@Sendable (Int) -> Row)?

    public init(_ rows: [Row]) {
        before = rows
        after = []
        madeCount = 0
        make = nil
    }

    public init(arrayLiteral rows: Row...) {
        self.init(rows)
    }

    /// `before`, then `count` rows made by `make(0..<count)` each time they are read, then `after`.
    public init(before: [Row] = [], count: Int, after: [Row] = [], make: @escaping @Sendable (Int) -> Row) {
        self.before = before
        self.after = after
        madeCount = count
        self.make = make
    }

    /// Whether some rows are made as they are read (a renderer may then write as it goes).
    public var isMade: Bool { make != nil && madeCount > 0 }

    public var startIndex: Int { 0 }
    public var endIndex: Int { before.count + madeCount + after.count }

    public subscript(index: Int) -> Row {
        if index < before.count { return before[index] }
        let made = index - before.count
        if made < madeCount, let make { return make(made) }
        return after[made - madeCount]
    }

    /// Each row through `transform`: held rows now, made ones as they are read.
    public func mapRows<T>(_ transform: @escaping @Sendable (Row) -> T) -> TableRows<T> {
        guard isMade else { return TableRows<T>(map(transform)) }
        let rows = self
        return TableRows<T>(count: count) { transform(rows[$0]) }
    }

    public static func == (a: TableRows, b: TableRows) -> Bool {
        a.count == b.count && a.elementsEqual(b)
    }
}

/// A Markdown table's body rows: each a row of cells, each cell inlines.
public typealias MarkdownTableRows = TableRows<[[MarkdownInline]]>
