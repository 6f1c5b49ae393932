import CPangoCairo

/// A table cell of plain printable ASCII at its natural width, shaped from
/// its font's `PlainGlyphTable` instead of a Pango layout: the same glyphs,
/// positions and extents, drawn with the same cairo call Pango makes.
final class GlyphLine {
    let table: PlainGlyphTable
    /// The text, for the PDF's text extraction (each byte one glyph).
    let text: [UInt8]
    let glyphs: [UInt32]
    /// Pango units from the line's start.
    let positions: [Int32]
    /// Points, as `TextLayout` gives them.
    let width: Double
    let height: Double
    let firstBaseline: Double

    /// Nil when the text is not plain (markup, links, anything beyond
    /// printable ASCII, a character or pair the table cannot stand for).
    init?(_ markup: PangoMarkup, table: PlainGlyphTable, context: TextContext) {
        guard markup.markup == nil, markup.links.isEmpty else { return nil }
        let text = Array(markup.plainText.utf8)
        guard let shaped = table.shape(text, context: context) else { return nil }
        self.table = table
        self.text = text
        glyphs = shaped.glyphs
        positions = shaped.positions
        width = Double(shaped.width) * PlainGlyphTable.unit
        height = Double(table.height) * PlainGlyphTable.unit
        firstBaseline = Double(table.baseline) * PlainGlyphTable.unit
    }
}
