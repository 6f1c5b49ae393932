import CPangoCairo

/// Printable ASCII (space … `~`): what nearly every table cell of a
/// statement is made of (amounts, dates, quantities, resource ids).
private let firstPlain = UInt8(0x20)
private let plainCount = 95
/// `PANGO_GLYPH_UNKNOWN_FLAG` and `PANGO_GLYPH_EMPTY` (macros Swift does not import).
private let unknownGlyphFlag: UInt32 = 0x1000_0000
private let emptyGlyph: UInt32 = 0x0FFF_FFFF

/// One table font's glyphs for printable ASCII: glyph, advance and pair
/// kerning, each learnt once by letting Pango shape that character or pair
/// with the very settings a cell is laid out with (`TextLayout`). A cell of
/// such text is then measured and drawn from the table (`GlyphLine`) instead
/// of through a Pango layout of its own: perf of `generate` at 200k rows put
/// 26 % of the samples in making those layouts.
///
/// The result is Pango's own: the same glyphs at the same positions (OpenType
/// kerning of Latin text is by pairs; a character or pair Pango does not
/// shape as one glyph per character in the one font, with no offsets, is
/// marked unusable and its cells go to Pango). `PlainGlyphTableTests` holds
/// positions and extents equal to Pango's over every pair and random text.
///
/// Tables live with the font map they were shaped in (Pango's per-thread
/// one, see `TextContext`), so a table is only read by its own thread.
final class PlainGlyphTable {
    private enum State: UInt8 { case unknown, usable, unusable }

    /// The font Pango picked for the description, held so the scaled font
    /// stays valid.
    private let font: UnsafeMutablePointer<PangoFont>
    /// What cells are drawn with (owned by `font`).
    let scaledFont: OpaquePointer
    /// A one-line layout's logical height and baseline, in Pango units: a
    /// property of the font, not of the text (one font, one line).
    let height: Int32
    let baseline: Int32
    private let description: OpaquePointer
    private var glyphs = [UInt32](repeating: 0, count: plainCount)
    private var advances = [Int32](repeating: 0, count: plainCount)
    private var states = [State](repeating: .unknown, count: plainCount)
    /// `kerning[a * plainCount + b]`: added to a's advance before b.
    private var kerning = [Int32](repeating: 0, count: plainCount * plainCount)
    private var pairStates = [State](repeating: .unknown, count: plainCount * plainCount)

    /// Nil if Pango does not shape "0" as one glyph of one font (no usable
    /// font at all: every cell then goes to Pango).
    private init?(description: OpaquePointer, context: TextContext) {
        guard let copy = pango_font_description_copy(description) else { return nil }
        self.description = copy
        guard let (layout, shaped) = Self.shaped("0", description: copy, context: context), shaped.count == 1,
              let font = shaped[0].font, let scaledFont = pango_cairo_font_get_scaled_font(OpaquePointer(font))
        else {
            pango_font_description_free(copy)
            return nil
        }
        g_object_ref(UnsafeMutableRawPointer(font))
        self.font = font
        self.scaledFont = scaledFont
        height = Int32((layout.height / pangoUnit).rounded())
        baseline = Int32((layout.firstBaseline / pangoUnit).rounded())
    }

    deinit {
        g_object_unref(UnsafeMutableRawPointer(font))
        pango_font_description_free(description)
    }

    /// The table for `description` in the context's font map, made on first use.
    static func table(for description: OpaquePointer, context: TextContext) -> PlainGlyphTable? {
        guard let map = pango_context_get_font_map(context.context) else { return nil }
        let object = UnsafeMutableRawPointer(map).assumingMemoryBound(to: GObject.self)
        let tables: PlainGlyphTables
        if let stored = g_object_get_qdata(object, tablesQuark) {
            tables = Unmanaged<PlainGlyphTables>.fromOpaque(stored).takeUnretainedValue()
        } else {
            tables = PlainGlyphTables()
            g_object_set_qdata_full(object, tablesQuark, Unmanaged.passRetained(tables).toOpaque()) { pointer in
                if let pointer { Unmanaged<PlainGlyphTables>.fromOpaque(pointer).release() }
            }
        }
        guard let name = pango_font_description_to_string(description) else { return nil }
        let key = String(cString: name)
        g_free(name)
        if let known = tables.byFont[key] { return known }
        let made = PlainGlyphTable(description: description, context: context)
        tables.byFont[key] = .some(made)
        return made
    }

    /// The glyphs of `text`, their x positions (Pango units from the line's
    /// start) and advances (kerning with the next glyph left out), and the
    /// width; nil if any character or pair is not plain.
    func shape(_ text: some Collection<UInt8>, context: TextContext)
        -> (glyphs: [UInt32], positions: [Int32], advances: [Int32], width: Int32)? {
        guard !text.isEmpty else { return nil }
        var glyphs: [UInt32] = []
        var positions: [Int32] = []
        var advances: [Int32] = []
        glyphs.reserveCapacity(text.count)
        positions.reserveCapacity(text.count)
        advances.reserveCapacity(text.count)
        var x: Int32 = 0
        var previous: Int?
        for byte in text {
            guard byte >= firstPlain, byte < firstPlain + UInt8(plainCount) else { return nil }
            let index = Int(byte - firstPlain)
            guard learn(index, context: context) else { return nil }
            if let previous {
                guard let kern = pairKerning(previous, index, context: context) else { return nil }
                x += kern
            }
            glyphs.append(self.glyphs[index])
            positions.append(x)
            advances.append(self.advances[index])
            x += self.advances[index]
            previous = index
        }
        return (glyphs, positions, advances, x)
    }

    // MARK: Learning from Pango

    private func learn(_ index: Int, context: TextContext) -> Bool {
        switch states[index] {
        case .usable: return true
        case .unusable: return false
        case .unknown: break
        }
        let character = String(UnicodeScalar(firstPlain + UInt8(index)))
        if let (_, shaped) = Self.shaped(character, description: description, context: context),
           shaped.count == 1, isPlain(shaped[0]) {
            glyphs[index] = shaped[0].glyph
            advances[index] = shaped[0].width
            states[index] = .usable
        } else {
            states[index] = .unusable
        }
        return states[index] == .usable
    }

    private func pairKerning(_ first: Int, _ second: Int, context: TextContext) -> Int32? {
        let slot = first * plainCount + second
        switch pairStates[slot] {
        case .usable: return kerning[slot]
        case .unusable: return nil
        case .unknown: break
        }
        let pair = String(UnicodeScalar(firstPlain + UInt8(first))) + String(UnicodeScalar(firstPlain + UInt8(second)))
        if let (_, shaped) = Self.shaped(pair, description: description, context: context), shaped.count == 2,
           isPlain(shaped[0]), isPlain(shaped[1]),
           shaped[0].glyph == glyphs[first], shaped[1].glyph == glyphs[second], shaped[1].width == advances[second] {
            kerning[slot] = shaped[0].width - advances[first]
            pairStates[slot] = .usable
            return kerning[slot]
        }
        pairStates[slot] = .unusable
        return nil
    }

    private func isPlain(_ glyph: ShapedGlyph) -> Bool {
        glyph.font == font && glyph.glyph & unknownGlyphFlag == 0 && glyph.glyph != emptyGlyph
            && glyph.xOffset == 0 && glyph.yOffset == 0
    }

    /// `text` laid out exactly as `TableLayout.cell` lays out a cell at its
    /// natural width, and the glyphs of its line; nil unless it is one line.
    private static func shaped(_ text: String, description: OpaquePointer, context: TextContext) -> (TextLayout, [ShapedGlyph])? {
        guard let layout = try? TextLayout(PangoMarkup([PDFSpan(text)], codeSize: Typography.tableSize * Typography.monoScale),
                                           context: context, font: description, width: nil, lineSpacing: Typography.tableLineSpacing),
              layout.lines.count == 1, let glyphs = glyphs(of: layout.lines[0].line)
        else { return nil }
        return (layout, glyphs)
    }

    struct ShapedGlyph {
        let font: UnsafeMutablePointer<PangoFont>?
        let glyph: UInt32
        let width: Int32
        let xOffset: Int32
        let yOffset: Int32
    }

    /// Every glyph of a laid-out line, run by run.
    static func glyphs(of line: UnsafeMutablePointer<PangoLayoutLine>) -> [ShapedGlyph]? {
        var result: [ShapedGlyph] = []
        var node = line.pointee.runs
        while let current = node {
            guard let data = current.pointee.data else { return nil }
            let run = data.assumingMemoryBound(to: PangoGlyphItem.self).pointee
            guard let item = run.item, let string = run.glyphs else { return nil }
            let font = item.pointee.analysis.font
            for index in 0..<Int(string.pointee.num_glyphs) {
                let info = string.pointee.glyphs[index]
                result.append(ShapedGlyph(font: font, glyph: info.glyph, width: info.geometry.width,
                                          xOffset: info.geometry.x_offset, yOffset: info.geometry.y_offset))
            }
            node = current.pointee.next
        }
        return result
    }
}

/// The tables of one font map, by font description.
private final class PlainGlyphTables {
    var byFont: [String: PlainGlyphTable?] = [:]
}

private let tablesQuark = g_quark_from_static_string("openchargeback-plain-glyph-tables")
