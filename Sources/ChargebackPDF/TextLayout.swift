import CPangoCairo

/// Points per Pango unit.
let pangoUnit = 1.0 / Double(PANGO_SCALE)

/// A layout width in points as Pango units, as a layout is given it
/// (`TextLayout`, and `GlyphLine` wrapping a plain cell to the same width).
func pangoWidth(_ points: Double) -> Int32 {
    Int32((max(points, 1) / pangoUnit).rounded(.down))
}

/// The Pango context one render measures and draws with.
///
/// The font map is Pango's default cairo font map, which Pango keeps per
/// thread (since 1.32.6): fonts loaded once stay cached for the thread's
/// later statements, and renders on different threads never share one.
/// The context itself is per render and cheap.
final class TextContext {
    let context: OpaquePointer
    let fonts: FontSet
    /// Plain table cells measured from glyph tables (off: every cell through
    /// Pango, which tests compare against).
    let usesGlyphTables: Bool

    init(glyphTables: Bool = true) throws {
        usesGlyphTables = glyphTables
        guard let fontMap = pango_cairo_font_map_get_default(),
              let context = pango_font_map_create_context(fontMap)
        else { throw PDFRenderError.pango("font map or context") }
        self.context = context
        do {
            fonts = try FontSet()
        } catch {
            g_object_unref(UnsafeMutableRawPointer(context))
            throw error
        }
        // PDF user space is points: 72 dpi, not the screen's 96.
        pango_cairo_context_set_resolution(context, 72)
        // Unhinted metrics and unrounded positions: what is measured here is
        // exactly what the PDF draws, at any zoom.
        if let options = cairo_font_options_create() {
            cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF)
            cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE)
            pango_cairo_context_set_font_options(context, options)
            cairo_font_options_destroy(options)
        }
        pango_context_set_round_glyph_positions(context, 0)
        pango_context_set_language(context, pango_language_from_string("en"))
    }

    deinit {
        g_object_unref(UnsafeMutableRawPointer(context))
    }

    /// The glyph tables of the table fonts (regular, bold), for cells of plain text.
    private(set) lazy var tableGlyphs: (regular: PlainGlyphTable?, bold: PlainGlyphTable?) =
        (PlainGlyphTable.table(for: fonts.table, context: self), PlainGlyphTable.table(for: fonts.tableBold, context: self))
}

/// Where a link's text is on a line: x from the layout's left, in points.
struct LinkArea {
    let uri: String
    let x: Double
    let width: Double
}

/// One line of a laid-out text, in points relative to the layout's top left.
struct TextLine {
    /// Pango's line, owned by the layout (valid while the layout lives and is
    /// not changed; layouts are never changed after measuring).
    let line: UnsafeMutablePointer<PangoLayoutLine>
    let top: Double
    let height: Double
    /// From the layout's top.
    let baseline: Double
    /// Where the line starts (alignment, indent).
    let x: Double
    let links: [LinkArea]
}

/// A Pango layout measured once and drawn later, whole (table cells) or
/// line by line (paragraphs split across pages).
final class TextLayout {
    let layout: OpaquePointer
    /// Logical size in points.
    let width: Double
    let height: Double
    let lines: [TextLine]
    /// Laid out to a width (wrapping, aligned within it) rather than at its
    /// natural width.
    let wraps: Bool

    /// `width` nil: one line per paragraph of the text, never wrapped.
    init(_ markup: PangoMarkup, context: TextContext, font: OpaquePointer, width: Double?,
         alignment: PangoAlignment = PANGO_ALIGN_LEFT, lineSpacing: Float = Typography.bodyLineSpacing,
         color: PDFColor = Typography.text, ellipsize: Bool = false, maxLines: Int? = nil) throws {
        guard let layout = pango_layout_new(context.context) else { throw PDFRenderError.pango("layout") }
        self.layout = layout
        wraps = width != nil
        pango_layout_set_font_description(layout, font)
        if let width {
            pango_layout_set_width(layout, pangoWidth(width))
            // Long unbroken values (ids, URLs) break inside the word rather
            // than run over the column.
            pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR)
            if ellipsize { pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_END) }
            // At most `maxLines`, the last ending in "…" (a negative height counts lines).
            if let maxLines {
                pango_layout_set_height(layout, -Int32(max(maxLines, 1)))
                pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_END)
            }
        }
        pango_layout_set_alignment(layout, alignment)
        pango_layout_set_line_spacing(layout, lineSpacing)
        Self.setText(markup, color: color, on: layout)

        var logical = PangoRectangle()
        pango_layout_get_extents(layout, nil, &logical)
        self.width = Double(logical.width) * pangoUnit
        self.height = Double(logical.height) * pangoUnit
        lines = Self.measureLines(of: layout, links: markup.links)
    }

    deinit {
        g_object_unref(UnsafeMutableRawPointer(layout))
    }

    var firstBaseline: Double { lines.first?.baseline ?? 0 }

    /// Parses the markup (if any) and hands Pango the text and attributes;
    /// if the markup were refused (it is escaped, so it should not be), the
    /// text is still shown, plain, rather than dropped.
    private static func setText(_ markup: PangoMarkup, color: PDFColor, on layout: OpaquePointer) {
        var attributes: OpaquePointer?
        var text: UnsafeMutablePointer<CChar>?
        var error: UnsafeMutablePointer<GError>?
        if let source = markup.markup, pango_parse_markup(source, -1, 0, &attributes, &text, nil, &error) != 0, let text {
            pango_layout_set_text(layout, text, -1)
            g_free(text)
        } else {
            if let error { g_error_free(error) }
            pango_layout_set_text(layout, markup.plainText, -1)
            if let attributes { pango_attr_list_unref(attributes) }
            attributes = pango_attr_list_new()
        }
        // The base colour goes under the markup's own (links keep theirs).
        if let attributes {
            if let foreground = pango_attr_foreground_new(PDFColor.pangoChannel(color.red), PDFColor.pangoChannel(color.green),
                                                          PDFColor.pangoChannel(color.blue)) {
                pango_attr_list_insert_before(attributes, foreground)
            }
            if let noLigatures = pango_attr_font_features_new(Self.noLigatures) {
                pango_attr_list_insert_before(attributes, noLigatures)
            }
            pango_layout_set_attributes(layout, attributes)
            pango_attr_list_unref(attributes)
        }
    }

    /// No ligatures: "fi" in "Northfield" stays two letters, so a value
    /// copied out of the PDF (or searched in it) is exactly the data, and
    /// Latin text needs one font subset per face instead of two (a ligature
    /// glyph has no single-character code, so cairo would add a CID font).
    private static let noLigatures = "liga=0, clig=0"

    private static func measureLines(of layout: OpaquePointer, links: [LinkRange]) -> [TextLine] {
        guard let iterator = pango_layout_get_iter(layout) else { return [] }
        defer { pango_layout_iter_free(iterator) }
        var result: [TextLine] = []
        repeat {
            guard let line = pango_layout_iter_get_line_readonly(iterator) else { continue }
            var top: Int32 = 0
            var bottom: Int32 = 0
            pango_layout_iter_get_line_yrange(iterator, &top, &bottom)
            var logical = PangoRectangle()
            pango_layout_iter_get_line_extents(iterator, nil, &logical)
            let baseline = pango_layout_iter_get_baseline(iterator)
            result.append(TextLine(line: line, top: Double(top) * pangoUnit, height: Double(bottom - top) * pangoUnit,
                                   baseline: Double(baseline) * pangoUnit, x: Double(logical.x) * pangoUnit,
                                   links: linkAreas(on: line, links: links)))
        } while pango_layout_iter_next_line(iterator) != 0
        return result
    }

    /// The x ranges a link's text covers on one line (a link may wrap onto
    /// several lines, or be split by bidi runs).
    private static func linkAreas(on line: UnsafeMutablePointer<PangoLayoutLine>,
                                  links: [LinkRange]) -> [LinkArea] {
        guard !links.isEmpty else { return [] }
        let lineStart = Int(line.pointee.start_index)
        let lineEnd = lineStart + Int(line.pointee.length)
        var areas: [LinkArea] = []
        for link in links {
            let start = max(link.start, lineStart)
            let end = min(link.end, lineEnd)
            guard start < end else { continue }
            var ranges: UnsafeMutablePointer<Int32>?
            var count: Int32 = 0
            pango_layout_line_get_x_ranges(line, Int32(start), Int32(end), &ranges, &count)
            guard let ranges else { continue }
            for index in 0..<Int(count) {
                let x0 = Double(ranges[2 * index]) * pangoUnit
                let x1 = Double(ranges[2 * index + 1]) * pangoUnit
                if x1 > x0 { areas.append(LinkArea(uri: link.uri, x: x0, width: x1 - x0)) }
            }
            g_free(ranges)
        }
        return areas
    }
}
