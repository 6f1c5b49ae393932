import CPangoCairo

/// Typesets a statement's blocks into a PDF, in memory.
///
/// Two passes: every block is measured into atoms and the atoms are broken
/// into pages first, so the page count is known when the first footer
/// ("page 1 of 3") is drawn; then each page is drawn from the same layouts.
///
/// Safe to call from several threads at once: each call has its own Pango
/// context and cairo surface, and the font map is Pango's per-thread one.
public enum PDFStatement {
    /// The Pango version linked, for diagnostics.
    public static var pangoVersion: String { String(cString: pango_version_string()) }

    /// `images`: the files `.image` blocks may name, by their source; an
    /// image without one is drawn as its alt text.
    public static func render(_ blocks: [PDFBlock], info: PDFDocumentInfo, images: [String: PDFImageData] = [:]) throws -> [UInt8] {
        try render(blocks, info: info, images: images, keptLayoutRows: TableLayout.keptLayoutRows)
    }

    /// The same PDF handed to `write` in pieces, in order, as cairo writes them (a long statement's
    /// PDF goes to its file without being held whole).
    public static func render(_ blocks: [PDFBlock], info: PDFDocumentInfo, images: [String: PDFImageData] = [:],
                              to write: (UnsafeBufferPointer<UInt8>) -> Void) throws {
        try withoutActuallyEscaping(write) { write in
            try render(blocks, info: info, images: images, keptLayoutRows: TableLayout.keptLayoutRows, glyphTables: true, to: write)
        }
    }

    /// `keptLayoutRows`: see `TableLayout.keptLayoutRows`; `keptCells`: see `TableCellShapes.longTableCells`;
    /// `glyphTables`: see `TextContext.usesGlyphTables` (tests compare both ways of drawing a table).
    static func render(_ blocks: [PDFBlock], info: PDFDocumentInfo, images: [String: PDFImageData], keptLayoutRows: Int,
                       keptCells: Int = TableCellShapes.longTableCells, glyphTables: Bool = true) throws -> [UInt8] {
        var bytes: [UInt8] = []
        try render(blocks, info: info, images: images, keptLayoutRows: keptLayoutRows, keptCells: keptCells,
                   glyphTables: glyphTables) { bytes += $0 }
        return bytes
    }

    private static func render(_ blocks: [PDFBlock], info: PDFDocumentInfo, images: [String: PDFImageData], keptLayoutRows: Int,
                               keptCells: Int = TableCellShapes.longTableCells, glyphTables: Bool,
                               to write: @escaping (UnsafeBufferPointer<UInt8>) -> Void) throws {
        let canvas = try PDFCanvas(info: info, write: write)
        let contentWidth = canvas.width - 2 * info.margin
        let contentHeight = canvas.height - 2 * info.margin
        guard contentWidth > 0, contentHeight > 0 else { throw PDFRenderError.pageTooSmall }

        let context = try TextContext(glyphTables: glyphTables)
        var measurer = BlockMeasurer(context: context, width: contentWidth, images: images)
        measurer.keptLayoutRows = keptLayoutRows
        measurer.keptCells = keptCells
        let atoms = try measurer.atoms(for: blocks)
        let pages = Paginator(contentHeight: contentHeight).pages(atoms)
        let decoration = try PDFPageDecoration(info: info, context: context, contentWidth: contentWidth)

        for (index, page) in pages.enumerated() {
            decoration.drawWatermark(on: canvas)
            for placed in page {
                try draw(placed.atom, x: info.margin, y: info.margin + placed.y, width: contentWidth, on: canvas, context: context)
            }
            try decoration.drawFooter(on: canvas, page: index + 1, of: pages.count)
            canvas.showPage()
            try canvas.checkStatus()
        }
        try canvas.finish()
    }

    private static func draw(_ atom: LayoutAtom, x: Double, y: Double, width: Double, on canvas: PDFCanvas, context: TextContext) throws {
        switch atom.content {
        case .textLine(let layout, let index, let indent, let marker):
            let line = layout.lines[index]
            canvas.draw(line, layoutX: x + indent, lineTop: y)
            if let marker, let markerLine = marker.layout.lines.first {
                // On the body's first baseline.
                canvas.draw(markerLine, layoutX: x + marker.x, lineTop: y + (line.baseline - line.top) - (markerLine.baseline - markerLine.top))
            }
        case .tableRow(let row):
            try draw(row, x: x, y: y, on: canvas, context: context)
        case .tableBodyRow(let table, let index):
            try draw(table.row(at: index), x: x, y: y, on: canvas, context: context)
        case .rule(let thickness, let color):
            canvas.horizontalLine(x: x, y: y + thickness / 2, width: width, thickness: thickness, color: color)
        case .image(let image, let imageWidth):
            try image.draw(on: canvas.cairo, x: x, y: y, width: imageWidth, height: atom.height)
        case .figures(let row):
            row.draw(on: canvas, x: x, y: y)
        case .definition(let row):
            row.draw(on: canvas, x: x, y: y)
        case .chart(let chart):
            chart.draw(on: canvas, x: x, y: y)
        }
    }

    /// A header row on a light band with a firm rule under it; body rows
    /// separated by hairlines; the table closed by a firmer rule.
    private static func draw(_ row: TableRowLayout, x: Double, y: Double, on canvas: PDFCanvas, context: TextContext) throws {
        if row.isHeader {
            canvas.fill(x: x, y: y, width: row.width, height: row.height, color: Typography.headerBackground)
        }
        for cell in row.cells {
            // A long table's cells are laid out here, page by page, and let go.
            canvas.draw(try cell.text.shape(context), x: x + cell.x, y: y + cell.y)
        }
        let (thickness, color) = row.isHeader || row.isLast ? (0.75, Typography.headerRule) : (0.35, Typography.rowRule)
        canvas.horizontalLine(x: x, y: y + row.height, width: row.width, thickness: thickness, color: color)
    }
}
