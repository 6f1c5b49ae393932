import ChargebackCharts
import CPangoCairo

/// The smallest piece of content the paginator moves: a line of text, a
/// table row, a rule. Measured once; drawn at whatever place it gets.
struct LayoutAtom {
    enum Content {
        /// A line of a heading, paragraph or list item; `marker` is the list
        /// item's bullet or number, drawn on the item's first line.
        case textLine(TextLayout, index: Int, x: Double, marker: (layout: TextLayout, x: Double)?)
        case tableRow(TableRowLayout)
        /// A long table's body row, placed when drawn (`TableLayout.row(at:)`).
        case tableBodyRow(TableLayout, Int)
        case rule(thickness: Double, color: PDFColor)
        /// Drawn `width` wide and the atom's height tall.
        case image(PDFImageData, width: Double)
        /// A line of figure cards.
        case figures(FigureRowLayout)
        /// One term of a definition list and its values.
        case definition(DefinitionRowLayout)
        case chart(ChartDrawing)
    }

    var content: Content
    var height: Double
    /// Space above and below; between two atoms the larger wins, and there
    /// is none at the top of a page.
    var spaceBefore: Double = 0
    var spaceAfter: Double = 0
    /// Must end up on the same page as the next atom (headings, a table's
    /// header row, a paragraph's first and second-to-last lines).
    var keepWithNext = false
    /// On a paragraph's (or list item's) first line: its line count. The
    /// lines move to the next page together if they fit on one page; only a
    /// paragraph taller than a page is split (then never leaving one line
    /// alone, see `keepWithNext`).
    var togetherCount = 1
    /// A body row's table: a page that starts inside the table repeats its
    /// header row first.
    var table: TableLayout?
}

/// Measures blocks into atoms: every Pango layout is made here, once, and
/// kept for drawing.
struct BlockMeasurer {
    let context: TextContext
    /// The width between the margins.
    let width: Double
    /// The images the blocks may name, by source.
    var images: [String: PDFImageData] = [:]
    /// Tables longer than this are laid out again page by page as they are drawn (`TableLayout.keptLayoutRows`).
    var keptLayoutRows = TableLayout.keptLayoutRows
    /// Distinct cells a long table keeps shapes of (`TableCellShapes.longTableCells`).
    var keptCells = TableCellShapes.longTableCells

    func atoms(for blocks: [PDFBlock]) throws -> [LayoutAtom] {
        var atoms: [LayoutAtom] = []
        for block in blocks {
            switch block {
            case .heading(let level, let spans):
                atoms += try heading(level: level, spans)
            case .paragraph(let spans):
                let layout = try TextLayout(PangoMarkup(spans, codeSize: codeSize(Typography.bodySize)),
                                            context: context, font: context.fonts.body, width: width)
                atoms += lines(of: layout, x: 0, spaceBefore: Typography.paragraphSpacing,
                               spaceAfter: Typography.paragraphSpacing)
            case .list(let ordered, let items):
                atoms += try list(ordered: ordered, items: items)
            case .table(let table):
                atoms += try TableLayout.measure(table, context: context, width: width, keptLayoutRows: keptLayoutRows,
                                                  keptCells: keptCells).atoms()
            case .rule:
                atoms.append(LayoutAtom(content: .rule(thickness: 0.6, color: Typography.sectionRule), height: 0.6,
                                        spaceBefore: Typography.ruleSpacing, spaceAfter: Typography.ruleSpacing))
            case .image(let image):
                atoms += try self.image(image)
            case .figures(let figures):
                atoms += try FigureRowLayout.atoms(figures, context: context, width: width)
            case .definitions(let definitions):
                atoms += try DefinitionRowLayout.atoms(definitions, context: context, width: width)
            case .chart(let chart, let caption):
                atoms += try self.chart(chart, caption: caption)
            }
        }
        return atoms
    }

    private func codeSize(_ size: Double) -> Double { size * Typography.monoScale }

    /// An image at its fitted size; one nobody supplied is its alt text in italics.
    private func image(_ image: PDFImage) throws -> [LayoutAtom] {
        guard let data = images[image.source] else {
            guard !image.alt.isEmpty else { return [] }
            return try atoms(for: [.paragraph([PDFSpan(image.alt, italic: true)])])
        }
        let size = data.fitted(maxWidth: width, maxHeight: Typography.imageMaxHeight)
        guard size.height > 0 else { return [] }
        return [LayoutAtom(content: .image(data, width: size.width), height: size.height,
                           spaceBefore: Typography.paragraphSpacing, spaceAfter: Typography.imageSpaceAfter)]
    }

    /// The chart, kept with its caption (small, muted) under it.
    private func chart(_ chart: BarChart, caption: [PDFSpan]) throws -> [LayoutAtom] {
        let drawing = try ChartDrawing(chart, context: context, width: width)
        var atoms = [LayoutAtom(content: .chart(drawing), height: drawing.height, spaceBefore: Typography.chartSpacing,
                                spaceAfter: caption.isEmpty ? Typography.chartSpacing : 2, keepWithNext: !caption.isEmpty)]
        if !caption.isEmpty {
            let layout = try TextLayout(PangoMarkup(caption, codeSize: Typography.captionSize * Typography.monoScale), context: context,
                                        font: context.fonts.caption, width: width, color: Typography.figureLabel)
            atoms += lines(of: layout, x: 0, spaceBefore: 2, spaceAfter: Typography.chartSpacing)
        }
        return atoms
    }

    private func heading(level: Int, _ spans: [PDFSpan]) throws -> [LayoutAtom] {
        let size = Typography.headingSize(level: level)
        let layout = try TextLayout(PangoMarkup(spans, codeSize: codeSize(size)), context: context,
                                    font: context.fonts.heading(level: level), width: width,
                                    lineSpacing: 1.05, color: Typography.heading)
        var atoms = lines(of: layout, x: 0, spaceBefore: Typography.headingSpaceBefore(level: level),
                          spaceAfter: Typography.headingSpaceAfter(level: level))
        for index in atoms.indices { atoms[index].keepWithNext = true }
        // A section heading (level 2, one per project) gets a rule under it.
        if level == 2, let last = atoms.indices.last {
            atoms[last].spaceAfter = 3
            atoms.append(LayoutAtom(content: .rule(thickness: 0.5, color: Typography.sectionRule), height: 0.5,
                                    spaceAfter: Typography.headingSpaceAfter(level: level), keepWithNext: true))
        }
        return atoms
    }

    private func list(ordered: Bool, items: [[PDFSpan]]) throws -> [LayoutAtom] {
        let markers = items.indices.map { ordered ? "\($0 + 1)." : "•" }
        let markerLayouts = try markers.map {
            try TextLayout(PangoMarkup([PDFSpan($0)], codeSize: codeSize(Typography.bodySize)), context: context,
                           font: context.fonts.body, width: nil)
        }
        // Numbers right-aligned against the body; the indent grows to fit the
        // widest number so 10. and 9. line up.
        let widestMarker = markerLayouts.map(\.width).max() ?? 0
        let indent = ordered ? max(Typography.bulletIndent, widestMarker + Typography.markerGap + 4)
                             : Typography.bulletIndent
        var atoms: [LayoutAtom] = []
        for (index, item) in items.enumerated() {
            let body = try TextLayout(PangoMarkup(item, codeSize: codeSize(Typography.bodySize)), context: context,
                                      font: context.fonts.body, width: width - indent)
            let marker = markerLayouts[index]
            let markerX = ordered ? indent - Typography.markerGap - marker.width : 4
            var itemAtoms = lines(of: body, x: indent,
                                  spaceBefore: index == 0 ? Typography.listSpacing : Typography.listItemSpacing,
                                  spaceAfter: index == items.count - 1 ? Typography.listSpacing : 0)
            if let first = itemAtoms.indices.first,
               case .textLine(let layout, let lineIndex, let x, _) = itemAtoms[first].content {
                itemAtoms[first].content = .textLine(layout, index: lineIndex, x: x, marker: (marker, markerX))
            }
            atoms += itemAtoms
        }
        return atoms
    }

    /// A layout's lines as atoms. A paragraph of two or more lines never
    /// leaves its first line alone at a page's foot nor its last line alone
    /// at the next page's head.
    private func lines(of layout: TextLayout, x: Double, spaceBefore: Double, spaceAfter: Double) -> [LayoutAtom] {
        let count = layout.lines.count
        return layout.lines.enumerated().map { index, line in
            LayoutAtom(content: .textLine(layout, index: index, x: x, marker: nil), height: line.height,
                       spaceBefore: index == 0 ? spaceBefore : 0,
                       spaceAfter: index == count - 1 ? spaceAfter : 0,
                       keepWithNext: count >= 2 && (index == 0 || index == count - 2),
                       togetherCount: index == 0 ? count : 1)
        }
    }
}
