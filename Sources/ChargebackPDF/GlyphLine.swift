import CPangoCairo

/// A table cell of plain printable ASCII shaped from its font's
/// `PlainGlyphTable` instead of a Pango layout: at its natural width, the
/// same glyphs, positions and extents as Pango's, drawn with the same cairo
/// call; wrapped to a column, broken here (`GlyphWrap`), so the breaks
/// depend on nothing but the text and the width.
final class GlyphLine {
    /// One line: its glyphs, their x from the line's start, where the line
    /// starts (alignment), all in Pango units; the bytes it shows.
    struct Line {
        let text: ArraySlice<UInt8>
        let glyphs: ArraySlice<UInt32>
        /// From the first glyph of the whole text: subtract the line's first.
        let positions: ArraySlice<Int32>
        let x: Int32
    }

    let table: PlainGlyphTable
    let lines: [Line]
    /// Points, as `TextLayout` gives them.
    let width: Double
    let height: Double
    let firstBaseline: Double
    let wraps: Bool

    /// Nil when the text is not plain (markup, links, anything beyond
    /// printable ASCII, a character or pair the table cannot stand for), or
    /// when wrapped to `width` it would need more than `maxLines` lines
    /// (Pango then ends the last one in "…").
    init?(_ markup: PangoMarkup, table: PlainGlyphTable, context: TextContext, width: Double? = nil,
          alignment: PangoAlignment = PANGO_ALIGN_LEFT, maxLines: Int = .max) {
        guard markup.markup == nil, markup.links.isEmpty else { return nil }
        let text = Array(markup.plainText.utf8)
        guard let shaped = table.shape(text, context: context) else { return nil }
        let glyphs = shaped.glyphs
        let positions = shaped.positions
        self.table = table
        firstBaseline = Double(table.baseline) * pangoUnit
        guard let width else {
            lines = [Line(text: text[...], glyphs: glyphs[...], positions: positions[...], x: 0)]
            self.width = Double(shaped.width) * pangoUnit
            height = Double(table.height) * pangoUnit
            wraps = false
            return
        }
        let limit = pangoWidth(width)
        let breaks = GlyphWrap.lines(text, positions: positions, advances: shaped.advances, width: limit)
        guard breaks.count <= maxLines else { return nil }
        var lines: [Line] = []
        var widest: Int32 = 0
        for range in breaks {
            let lineWidth = positions[range.upperBound - 1] + shaped.advances[range.upperBound - 1] - positions[range.lowerBound]
            widest = max(widest, lineWidth)
            // Pango's offsets for an aligned line (C integer division).
            let x: Int32 = switch alignment {
            case PANGO_ALIGN_RIGHT: limit - lineWidth
            case PANGO_ALIGN_CENTER: (limit - lineWidth) / 2
            default: 0
            }
            lines.append(Line(text: text[range], glyphs: glyphs[range], positions: positions[range], x: x))
        }
        self.lines = lines
        self.width = Double(widest) * pangoUnit
        height = Double(Int32(lines.count) * table.height) * pangoUnit
        wraps = true
    }
}

/// Where a cell of plain text breaks in a column, greedily: at the last
/// opportunity that keeps the line within the width, which is a space (the
/// spaces at a break belong to neither line) or, as Unicode's line breaking
/// rules allow, after a `/` or `-` not followed by a digit (`nfs:/proj/` |
/// `epidemi-64f4`); a word wider than the column is broken between
/// characters, as Pango's `PANGO_WRAP_WORD_CHAR` does. A pure function of
/// the text's glyph positions, so the same cell always breaks the same way.
enum GlyphWrap {
    /// Ranges of `text` (byte = glyph indices), one per line; at least one.
    static func lines(_ text: [UInt8], positions: [Int32], advances: [Int32], width: Int32) -> [Range<Int>] {
        let space = UInt8(ascii: " ")
        let count = text.count
        func breaksAfter(_ index: Int) -> Bool {
            guard text[index] == UInt8(ascii: "/") || text[index] == UInt8(ascii: "-"), index + 1 < count else { return false }
            let next = text[index + 1]
            return next != space && !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(next)
        }
        func fits(_ start: Int, _ end: Int) -> Bool {
            end <= start || positions[end - 1] + advances[end - 1] - positions[start] <= width
        }
        var lines: [Range<Int>] = []
        var start = 0
        while start < count {
            // Spaces at a line's start are the break's: skip them.
            while start < count, text[start] == space, !lines.isEmpty { start += 1 }
            if start >= count { break }
            var end = start
            var lastWordEnd = -1
            var index = start
            while index < count {
                // The next word (and the spaces before it).
                var wordEnd = index
                while wordEnd < count, text[wordEnd] == space { wordEnd += 1 }
                while wordEnd < count, text[wordEnd] != space {
                    wordEnd += 1
                    if breaksAfter(wordEnd - 1) { break }
                }
                if fits(start, wordEnd) {
                    end = wordEnd
                    lastWordEnd = wordEnd
                    index = wordEnd
                } else {
                    break
                }
            }
            if lastWordEnd < 0 {
                // Not even the first word fits: as many characters as do, at least one.
                end = start + 1
                while end < count, text[end] != space, fits(start, end + 1) { end += 1 }
            }
            lines.append(start..<end)
            start = end
        }
        return lines.isEmpty ? [0..<count] : lines
    }
}
