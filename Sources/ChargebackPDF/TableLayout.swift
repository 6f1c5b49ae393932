import CPangoCairo

/// One cell, placed relative to its row's top left.
struct TableCellLayout {
    let text: CellText
    let x: Double
    let y: Double
}

/// A laid-out cell: a Pango layout, or for plain text at its natural width
/// (most cells) a `GlyphLine`.
enum CellShape {
    case layout(TextLayout)
    case glyphs(GlyphLine)
}

/// A cell's text: its shape, kept from measuring; or, in a long table, how
/// to lay it out again when its page is drawn (a layout per distinct value
/// of a 30,000-row table would be hundreds of MB held until the last page).
/// Both give the same shape, so the same bytes.
enum CellText {
    case shape(CellShape)
    case later(markup: PangoMarkup, bold: Bool, width: Double?, alignment: PangoAlignment)

    /// The shape kept from measuring, if it was.
    var kept: CellShape? {
        if case .shape(let shape) = self { return shape }
        return nil
    }

    func shape(_ context: TextContext) throws -> CellShape {
        switch self {
        case .shape(let shape): return shape
        case .later(let markup, let bold, let width, let alignment):
            return try TableLayout.cell(markup, context: context, bold: bold, width: width, alignment: alignment)
        }
    }
}

/// What row placement needs of a cell's shape.
struct CellMetrics {
    let width: Double
    let height: Double
    let firstBaseline: Double
    let wraps: Bool

    init(_ shape: CellShape) {
        switch shape {
        case .layout(let layout):
            width = layout.width
            height = layout.height
            firstBaseline = layout.firstBaseline
            wraps = layout.wraps
        case .glyphs(let line):
            width = line.width
            height = line.height
            firstBaseline = line.firstBaseline
            wraps = line.wraps
        }
    }
}

/// A measured table row: cells placed, height known; never split (a cell
/// wraps to at most `Typography.tableCellMaxLines` lines, so a row always
/// fits on a page).
final class TableRowLayout {
    let cells: [TableCellLayout]
    let width: Double
    let height: Double
    let isHeader: Bool
    let isLast: Bool

    init(cells: [TableCellLayout], width: Double, height: Double, isHeader: Bool, isLast: Bool) {
        self.cells = cells
        self.width = width
        self.height = height
        self.isHeader = isHeader
        self.isLast = isLast
    }
}

/// A table measured for a given width: column widths from the cells'
/// natural widths, right-aligned (number) columns kept on one line, text
/// columns narrowed and wrapped when the table would be too wide.
///
/// A long table keeps only its rows' heights: each row is placed again from
/// the table's spans when its page is drawn (`row(at:)`), so a project of
/// 40,000 charges is never in memory as rows of cells (heaptrack, 3,000,000
/// rows: the PDF's table spans and row layouts were the build's largest holders).
final class TableLayout {
    let header: TableRowLayout
    /// A short table's body rows, placed once; nil for a long one.
    private let kept: [TableRowLayout]?
    private let heights: [Double]
    /// A long table's cells: each row's natural shapes, by their index in `shapes` (4 bytes a cell),
    /// row `i`'s from `cellStarts[i]` to `cellStarts[i + 1]`.
    private let cells: [Int32]
    private let cellStarts: [Int32]
    private let table: PDFTable
    private let placer: TableRowPlacer

    private init(header: TableRowLayout, kept: [TableRowLayout]?, heights: [Double], cells: [Int32] = [], cellStarts: [Int32] = [],
                 table: PDFTable, placer: TableRowPlacer) {
        self.header = header
        self.kept = kept
        self.heights = heights
        self.cells = cells
        self.cellStarts = cellStarts
        self.table = table
        self.placer = placer
    }

    var rowCount: Int { heights.count }

    /// Body row `index`, placed: kept, or placed again as when it was measured (the same shapes, so the
    /// same bytes).
    func row(at index: Int) throws -> TableRowLayout {
        if let kept { return kept[index] }
        return try Self.place(index, cells: cells, cellStarts: cellStarts, table: table, placer: placer)
    }

    /// A long table's row `index` placed from its cells' shape indices; its spans are made again only
    /// if a cell of it wraps or was not kept (`TableCellShapes.notKept`). Measuring (for the height) and
    /// drawing both place a row here.
    private static func place(_ index: Int, cells: [Int32], cellStarts: [Int32], table: PDFTable,
                              placer: TableRowPlacer) throws -> TableRowLayout {
        var spans: [[PDFSpan]]?
        let shapes = try cells[Int(cellStarts[index])..<Int(cellStarts[index + 1])].enumerated().map { column, shape in
            if shape != TableCellShapes.notKept { return placer.shapes.natural(at: shape) }
            if spans == nil { spans = table.rows[index] }
            return try placer.shapes.shaped(spans?[column] ?? [], bold: false)
        }
        return try placer.row(shapes, isHeader: false, isLast: index == cellStarts.count - 2) { spans ?? table.rows[index] }
    }

    /// Header first (kept with the first row), then the body rows, each
    /// pointing back at this table so a continuation page repeats the header.
    func atoms() -> [LayoutAtom] {
        var atoms = [LayoutAtom(content: .tableRow(header), height: header.height,
                                spaceBefore: Typography.tableSpacing,
                                spaceAfter: heights.isEmpty ? Typography.tableSpacing : 0,
                                keepWithNext: !heights.isEmpty)]
        for (index, height) in heights.enumerated() {
            atoms.append(LayoutAtom(content: kept.map { .tableRow($0[index]) } ?? .tableBodyRow(self, index), height: height,
                                    spaceAfter: index == heights.count - 1 ? Typography.tableSpacing : 0, table: self))
        }
        return atoms
    }

    /// Tables longer than this keep no layouts: their cells are laid out
    /// again page by page as they are drawn (`CellText.later`).
    static let keptLayoutRows = 500

    /// A cell's shape: natural width (`width` nil) or wrapped to `width`.
    /// Plain text comes from the font's glyph table, wrapped by `GlyphWrap`:
    /// Pango's own wrapping of the same cell at the same width was seen to
    /// break differently from one run to the next when two threads typeset
    /// (`arn:aws:s3:::neur|o-23c1`, then `…neuro|-23c1`), even with a font
    /// map per statement or one wrap at a time.
    static func cell(_ markup: PangoMarkup, context: TextContext, bold: Bool, width: Double?, alignment: PangoAlignment) throws -> CellShape {
        let font = bold ? context.fonts.tableBold : context.fonts.table
        if context.usesGlyphTables, let table = bold ? context.tableGlyphs.bold : context.tableGlyphs.regular,
           let line = GlyphLine(markup, table: table, context: context, width: width, alignment: alignment,
                                maxLines: Typography.tableCellMaxLines) {
            return .glyphs(line)
        }
        if let width {
            return .layout(try TextLayout(markup, context: context, font: font, width: width, alignment: alignment,
                                          lineSpacing: Typography.tableLineSpacing, maxLines: Typography.tableCellMaxLines))
        }
        return .layout(try TextLayout(markup, context: context, font: font, width: nil, lineSpacing: Typography.tableLineSpacing))
    }

    /// `keptCells`: see `TableCellShapes.longTableCells`.
    static func measure(_ table: PDFTable, context: TextContext, width: Double, keptLayoutRows: Int = keptLayoutRows,
                        keptCells: Int = TableCellShapes.longTableCells) throws -> TableLayout {
        let keeps = table.rows.count <= keptLayoutRows
        let shapes = TableCellShapes(context: context, keeps: keeps, limit: keptCells)
        let padding = Typography.tableCellPaddingX

        // Pass 1: every cell at its natural width (one line per line of text); a long table's rows are let
        // go, their cells kept as indices of their shapes.
        var naturalWidths = [Double](repeating: 2 * padding, count: max(table.alignments.count, table.header.count))
        func widen(_ cells: [TableCellShapes.Cell]) {
            for (column, cell) in cells.enumerated() {
                if column >= naturalWidths.count { naturalWidths.append(2 * padding) }
                naturalWidths[column] = max(naturalWidths[column], cell.metrics.width + 2 * padding)
            }
        }
        let headerCells = try table.header.map { try shapes.natural($0, bold: true).cell }
        widen(headerCells)
        var bodyCells: [[TableCellShapes.Cell]] = []
        var cellIndexes: [Int32] = []
        var cellStarts: [Int32] = [0]
        for row in table.rows {
            let found = try row.map { try shapes.natural($0, bold: false) }
            let cells = found.map(\.cell)
            widen(cells)
            if keeps {
                bodyCells.append(cells)
            } else {
                cellIndexes += found.map(\.index)
                cellStarts.append(Int32(cellIndexes.count))
            }
        }
        let alignments = (0..<naturalWidths.count).map { $0 < table.alignments.count ? table.alignments[$0] : .left }
        let placer = TableRowPlacer(shapes: shapes, alignments: alignments,
                                    columnWidths: Self.columnWidths(natural: naturalWidths, alignments: alignments, available: width))

        // Pass 2: each row placed (cells wider than their column wrapped); a long table keeps only the heights.
        let header = try placer.row(headerCells, isHeader: true, isLast: table.rows.isEmpty) { table.header }
        if keeps {
            let rows = try bodyCells.enumerated().map { index, cells in
                try placer.row(cells, isHeader: false, isLast: index == bodyCells.count - 1) { table.rows[index] }
            }
            return TableLayout(header: header, kept: rows, heights: rows.map(\.height), table: table, placer: placer)
        }
        var heights: [Double] = []
        heights.reserveCapacity(table.rows.count)
        for index in 0..<(cellStarts.count - 1) {
            heights.append(try place(index, cells: cellIndexes, cellStarts: cellStarts, table: table, placer: placer).height)
        }
        return TableLayout(header: header, kept: nil, heights: heights, cells: cellIndexes, cellStarts: cellStarts, table: table,
                           placer: placer)
    }

    /// Column widths that fill `available`.
    ///
    /// A table that fits gives its spare width to the text columns. One that
    /// does not keeps the number columns at their natural width (amounts
    /// never wrap) and narrows the widest text columns first, down to a
    /// common width, so short text columns stay on one line. Only if the
    /// numbers alone are too wide does every column shrink.
    static func columnWidths(natural: [Double], alignments: [PDFTable.Alignment], available: Double) -> [Double] {
        guard !natural.isEmpty else { return [] }
        let total = natural.reduce(0, +)
        let isText = alignments.map { $0 == .left }
        if total <= available {
            let growing = isText.contains(true) ? isText : isText.map { _ in true }
            let growingTotal = zip(natural, growing).filter(\.1).map(\.0).reduce(0, +)
            let spare = available - total
            return zip(natural, growing).map { width, grows in
                grows && growingTotal > 0 ? width + spare * width / growingTotal : width
            }
        }
        let fixedTotal = zip(natural, isText).filter { !$0.1 }.map(\.0).reduce(0, +)
        let textCount = isText.filter { $0 }.count
        let textBudget = available - fixedTotal
        if textCount > 0, textBudget >= Double(textCount) * Typography.tableMinimumTextColumn {
            let textWidths = capped(zip(natural, isText).filter(\.1).map(\.0), budget: textBudget,
                                    minimum: Typography.tableMinimumTextColumn)
            var next = textWidths.makeIterator()
            return zip(natural, isText).map { width, text in text ? (next.next() ?? width) : width }
        }
        return capped(natural, budget: available, minimum: 0)
    }

    /// Widths `min(natural, cap)` summing to `budget` (water filling), each at
    /// least `minimum`.
    static func capped(_ natural: [Double], budget: Double, minimum: Double) -> [Double] {
        let sorted = natural.sorted()
        var remaining = budget
        var cap = budget / Double(natural.count)
        for (index, width) in sorted.enumerated() {
            let share = remaining / Double(sorted.count - index)
            if width <= share {
                remaining -= width
            } else {
                cap = share
                break
            }
        }
        cap = max(cap, minimum)
        return natural.map { min($0, cap) }
    }
}

/// A table's cells shaped, at their natural width or wrapped to a column:
/// statement tables repeat themselves ("USD 0.00", a service name, a date),
/// so equal cells share one shape and shaping runs once per distinct value.
/// A long table's cells keep only how to shape them again (`CellText.later`),
/// and only the first `longTableCells` distinct ones.
final class TableCellShapes {
    typealias Cell = (metrics: CellMetrics, text: CellText)

    let context: TextContext
    let keeps: Bool
    /// Natural shapes, each distinct cell once, and where each is in `naturals`.
    private var naturals: [Cell] = []
    private var naturalIndex: [String: Int32] = [:]
    private var wrapped: [String: Cell] = [:]
    private let codeSize = Typography.tableSize * Typography.monoScale

    /// The index of a cell no shape was kept for: it is shaped again from its row's spans.
    static let notKept: Int32 = -1
    /// Distinct cells a long table keeps shapes of (natural and wrapped, each). Amounts are
    /// nearly all distinct: a project of 65,000 charges had 250,000 distinct amount cells,
    /// ~150 bytes each with their key, the build's largest holder at 3,000,000 rows (heaptrack);
    /// the repeated texts (services, resources, days) come first and stay.
    static let longTableCells = 4096

    /// Distinct cells kept by a long table (`longTableCells`); a short one keeps every one.
    let limit: Int

    init(context: TextContext, keeps: Bool, limit: Int = longTableCells) {
        self.context = context
        self.keeps = keeps
        self.limit = keeps ? .max : limit
    }

    /// The cell's natural shape (shaped the first time it is met), and its index: `notKept` when a long
    /// table keeps no more.
    func natural(_ spans: [PDFSpan], bold: Bool) throws -> (index: Int32, cell: Cell) {
        let markup = PangoMarkup(spans, codeSize: codeSize)
        let key = (bold ? "b:" : "r:") + markup.key
        if let known = naturalIndex[key] { return (known, naturals[Int(known)]) }
        let shape = try naturalShape(markup, bold: bold)
        if naturals.count >= limit { return (Self.notKept, (CellMetrics(shape), .shape(shape))) }
        naturals.append((CellMetrics(shape), keeps ? CellText.shape(shape) : .later(markup: markup, bold: bold, width: nil, alignment: PANGO_ALIGN_LEFT)))
        let index = Int32(naturals.count - 1)
        naturalIndex[key] = index
        return (index, naturals[Int(index)])
    }

    /// A cell shaped at its natural width and kept nowhere (a row placed, then let go).
    func shaped(_ spans: [PDFSpan], bold: Bool) throws -> Cell {
        let shape = try naturalShape(PangoMarkup(spans, codeSize: codeSize), bold: bold)
        return (CellMetrics(shape), .shape(shape))
    }

    private func naturalShape(_ markup: PangoMarkup, bold: Bool) throws -> CellShape {
        try TableLayout.cell(markup, context: context, bold: bold, width: nil, alignment: PANGO_ALIGN_LEFT)
    }

    func natural(at index: Int32) -> Cell {
        naturals[Int(index)]
    }

    /// A value repeated down a column (a service name) is wrapped once.
    func wrapped(_ spans: [PDFSpan], column: Int, isHeader: Bool, width inner: Double, alignment: PDFTable.Alignment) throws -> Cell {
        let markup = PangoMarkup(spans, codeSize: codeSize)
        let key = "\(column)\(isHeader ? "b" : "r"):" + markup.key
        if let known = wrapped[key] { return known }
        let pango: PangoAlignment = switch alignment {
        case .left: PANGO_ALIGN_LEFT
        case .center: PANGO_ALIGN_CENTER
        case .right: PANGO_ALIGN_RIGHT
        }
        let shape = try TableLayout.cell(markup, context: context, bold: isHeader, width: inner, alignment: pango)
        if wrapped.count >= limit { return (CellMetrics(shape), .shape(shape)) }
        let made = (CellMetrics(shape), keeps ? CellText.shape(shape) : .later(markup: markup, bold: isHeader, width: inner, alignment: pango))
        wrapped[key] = made
        return made
    }
}

/// Places a row's cells in the table's columns: on a shared first baseline,
/// aligned, wrapped where wider than their column.
struct TableRowPlacer {
    let shapes: TableCellShapes
    let alignments: [PDFTable.Alignment]
    let columnWidths: [Double]
    let columnX: [Double]
    let width: Double

    init(shapes: TableCellShapes, alignments: [PDFTable.Alignment], columnWidths: [Double]) {
        self.shapes = shapes
        self.alignments = alignments
        self.columnWidths = columnWidths
        var columnX: [Double] = []
        var x = 0.0
        for columnWidth in columnWidths {
            columnX.append(x)
            x += columnWidth
        }
        self.columnX = columnX
        width = x
    }

    /// `spans`: the row's cells, asked for only when one is wider than its column (it is wrapped).
    func row(_ cells: [TableCellShapes.Cell], isHeader: Bool, isLast: Bool, spans: () throws -> [[PDFSpan]]) throws -> TableRowLayout {
        let padding = Typography.tableCellPaddingX
        var fitted: [(cell: TableCellShapes.Cell, column: Int)] = []
        var rowSpans: [[PDFSpan]]?
        for (column, cell) in cells.enumerated() {
            let inner = columnWidths[column] - 2 * padding
            if cell.metrics.width <= inner + 0.01 {
                fitted.append((cell, column))
            } else {
                rowSpans = try rowSpans ?? spans()
                fitted.append((try shapes.wrapped(rowSpans?[column] ?? [], column: column, isHeader: isHeader, width: inner,
                                                  alignment: alignments[column]), column))
            }
        }
        // Cells share the first baseline, so a code span or a CJK
        // fallback font in one cell does not lift its neighbours.
        let baseline = fitted.map(\.cell.metrics.firstBaseline).max() ?? 0
        var placed: [TableCellLayout] = []
        var bottom = 0.0
        for ((layout, text), column) in fitted {
            let inner = columnWidths[column] - 2 * padding
            // A wrapped layout is as wide as the column and aligns itself.
            let slack = max(inner - layout.width, 0)
            let offset: Double = switch alignments[column] {
            case .left: 0
            case .center: slack / 2
            case .right: slack
            }
            let cellX = columnX[column] + padding + (layout.wraps ? 0 : offset)
            let cellY = Typography.tableCellPaddingY + baseline - layout.firstBaseline
            placed.append(TableCellLayout(text: text, x: cellX, y: cellY))
            bottom = max(bottom, cellY + layout.height)
        }
        let height = max(bottom, Typography.tableCellPaddingY) + Typography.tableCellPaddingY
        return TableRowLayout(cells: placed, width: width, height: height, isHeader: isHeader, isLast: isLast)
    }
}
