import CPangoCairo

/// Where cairo writes the PDF: handed to the caller as it is written (a file, or memory), so the
/// caller decides where the bytes go; a 1,000-page statement is never one buffer here.
private final class PDFByteSink {
    let write: (UnsafeBufferPointer<UInt8>) -> Void

    init(_ write: @escaping (UnsafeBufferPointer<UInt8>) -> Void) {
        self.write = write
    }
}

/// cairo's write callback; the closure is the sink, unretained (the canvas
/// keeps it alive until the surface is finished).
private func appendToSink(_ closure: UnsafeMutableRawPointer?, _ data: UnsafePointer<UInt8>?,
                          _ length: UInt32) -> cairo_status_t {
    guard let closure, let data else { return CAIRO_STATUS_WRITE_ERROR }
    let sink = Unmanaged<PDFByteSink>.fromOpaque(closure).takeUnretainedValue()
    sink.write(UnsafeBufferPointer(start: data, count: Int(length)))
    return CAIRO_STATUS_SUCCESS
}

/// A cairo PDF surface and its drawing context, with the few drawing
/// operations a statement needs.
final class PDFCanvas {
    private let sink: PDFByteSink
    private let surface: OpaquePointer
    let cairo: OpaquePointer
    let width: Double
    let height: Double

    /// `write`: each piece of the PDF as cairo writes it, in order, until `finish` returns.
    init(info: PDFDocumentInfo, write: @escaping (UnsafeBufferPointer<UInt8>) -> Void) throws {
        sink = PDFByteSink(write)
        let date = try Self.validatedDate(info.creationDate)
        (width, height) = info.pageSize.points
        guard let surface = cairo_pdf_surface_create_for_stream(
            appendToSink, Unmanaged.passUnretained(sink).toOpaque(), width, height)
        else { throw PDFRenderError.cairo("no PDF surface") }
        self.surface = surface
        guard let cairo = cairo_create(surface) else {
            cairo_surface_destroy(surface)
            throw PDFRenderError.cairo("no drawing context")
        }
        self.cairo = cairo
        // cairo 1.16.0 writes link annotations whose structure elements are
        // never written (qpdf: "file is damaged") unless they sit inside a
        // structure element; one Document element around everything fixes it.
        cairo_tag_begin(cairo, "Document", "")
        try checkStatus()

        cairo_pdf_surface_restrict_to_version(surface, CAIRO_PDF_VERSION_1_5)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, info.title)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_AUTHOR, info.organization)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_SUBJECT, info.subject)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "OpenChargeback")
        // Without these cairo stamps the current time: the dates come from
        // the data so the same statement gives the same bytes.
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATE_DATE, date)
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_MOD_DATE, date)
    }

    deinit {
        cairo_destroy(cairo)
        // Destroying an unfinished surface finishes it; the bytes go to the
        // sink, which is still alive here.
        cairo_surface_destroy(surface)
    }

    /// Ends the document: its last bytes go to the sink.
    func finish() throws {
        cairo_tag_end(cairo, "Document")
        try checkStatus()
        cairo_surface_finish(surface)
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else { throw PDFRenderError.cairo(Self.message(status)) }
    }

    func showPage() {
        cairo_show_page(cairo)
    }

    func checkStatus() throws {
        let status = cairo_status(cairo)
        guard status == CAIRO_STATUS_SUCCESS else { throw PDFRenderError.cairo(Self.message(status)) }
    }

    // MARK: Drawing

    func setColor(_ color: PDFColor) {
        cairo_set_source_rgb(cairo, color.red, color.green, color.blue)
    }

    func fill(x: Double, y: Double, width: Double, height: Double, color: PDFColor) {
        setColor(color)
        cairo_rectangle(cairo, x, y, width, height)
        cairo_fill(cairo)
    }

    func horizontalLine(x: Double, y: Double, width: Double, thickness: Double, color: PDFColor) {
        setColor(color)
        cairo_set_line_width(cairo, thickness)
        cairo_set_line_cap(cairo, CAIRO_LINE_CAP_BUTT)
        cairo_move_to(cairo, x, y)
        cairo_line_to(cairo, x + width, y)
        cairo_stroke(cairo)
    }

    /// A straight line; `dashed`: 2 pt on, 2 pt off (chart grid lines).
    func line(x1: Double, y1: Double, x2: Double, y2: Double, thickness: Double, color: PDFColor, dashed: Bool) {
        setColor(color)
        cairo_set_line_width(cairo, thickness)
        cairo_set_line_cap(cairo, CAIRO_LINE_CAP_BUTT)
        if dashed {
            let pattern: [Double] = [2, 2]
            cairo_set_dash(cairo, pattern, Int32(pattern.count), 0)
        }
        cairo_move_to(cairo, x1, y1)
        cairo_line_to(cairo, x2, y2)
        cairo_stroke(cairo)
        if dashed { cairo_set_dash(cairo, nil, 0, 0) }
    }

    /// A rectangle's outline, drawn inside its bounds.
    func rectangle(x: Double, y: Double, width: Double, height: Double, thickness: Double, color: PDFColor) {
        setColor(color)
        cairo_set_line_width(cairo, thickness)
        cairo_rectangle(cairo, x + thickness / 2, y + thickness / 2, width - thickness, height - thickness)
        cairo_stroke(cairo)
    }

    /// A whole layout with its top left at (x, y).
    func draw(_ layout: TextLayout, x: Double, y: Double) {
        cairo_move_to(cairo, x, y)
        pango_cairo_show_layout(cairo, layout.layout)
        for line in layout.lines {
            linkAreas(line, layoutX: x, lineTop: y + line.top)
        }
    }

    /// A table cell with its top left at (x, y).
    func draw(_ shape: CellShape, x: Double, y: Double) {
        switch shape {
        case .layout(let layout): draw(layout, x: x, y: y)
        case .glyphs(let line): draw(line, x: x, y: y)
        }
    }

    /// What `pango_cairo_show_layout` does for lines of one run in one font:
    /// the text colour as Pango stores it (16 bits a channel), the font, and
    /// each line's glyphs with their text, one byte a cluster, so the PDF's
    /// text reads back the same.
    private func draw(_ text: GlyphLine, x: Double, y: Double) {
        // Pango starts from cairo's current point, which cairo keeps in
        // fixed point (1/256 pt): start from the same rounded place.
        var x = x
        var y = y
        cairo_move_to(cairo, x, y)
        cairo_get_current_point(cairo, &x, &y)
        cairo_save(cairo)
        let color = Typography.text
        cairo_set_source_rgba(cairo, Double(PDFColor.pangoChannel(color.red)) / 65535, Double(PDFColor.pangoChannel(color.green)) / 65535,
                              Double(PDFColor.pangoChannel(color.blue)) / 65535, 1)
        cairo_set_scaled_font(cairo, text.table.scaledFont)
        for (index, line) in text.lines.enumerated() {
            let lineX = x + Double(line.x) * pangoUnit
            let baseline = y + Double(Int32(index) * text.table.height + text.table.baseline) * pangoUnit
            let start = line.positions.first ?? 0
            let glyphs = zip(line.glyphs, line.positions).map { glyph, position in
                cairo_glyph_t(index: UInt(glyph), x: lineX + Double(position - start) * pangoUnit, y: baseline)
            }
            let clusters = [cairo_text_cluster_t](repeating: cairo_text_cluster_t(num_bytes: 1, num_glyphs: 1), count: glyphs.count)
            line.text.withUnsafeBufferPointer { bytes in
                bytes.withMemoryRebound(to: CChar.self) { bytes in
                    cairo_show_text_glyphs(cairo, bytes.baseAddress, Int32(bytes.count), glyphs, Int32(glyphs.count),
                                           clusters, Int32(clusters.count), cairo_text_cluster_flags_t(rawValue: 0))
                }
            }
        }
        cairo_restore(cairo)
    }

    /// One line of a layout; `layoutX`, `lineTop` place the layout's left
    /// edge and the line's top on the page.
    func draw(_ line: TextLine, layoutX: Double, lineTop: Double) {
        cairo_move_to(cairo, layoutX + line.x, lineTop + line.baseline - line.top)
        pango_cairo_show_layout_line(cairo, line.line)
        linkAreas(line, layoutX: layoutX, lineTop: lineTop)
    }

    /// Makes the line's link text clickable: a link annotation over each
    /// area (the text itself is already drawn, coloured and underlined).
    private func linkAreas(_ line: TextLine, layoutX: Double, lineTop: Double) {
        for area in line.links {
            guard let uri = PDFLinkURI.annotationValue(area.uri) else { continue }
            let rect = "\(area.x + layoutX) \(lineTop) \(area.width) \(line.height)"
            cairo_tag_begin(cairo, "Link", "rect=[\(rect)] uri='\(uri)'")
            cairo_tag_end(cairo, "Link")
        }
    }

    // MARK: Helpers

    /// cairo wants `YYYY-MM-DDThh:mm:ss` (an optional zone after it); a value
    /// it cannot read is refused here rather than silently replaced by now.
    static func validatedDate(_ value: String) throws -> String {
        let bytes = Array(value.utf8)
        let pattern = Array("dddd-dd-ddTdd:dd:dd".utf8)
        guard bytes.count >= pattern.count else { throw PDFRenderError.invalidCreationDate(value) }
        for (byte, expected) in zip(bytes, pattern) {
            let ok = expected == UInt8(ascii: "d") ? (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) : byte == expected
            guard ok else { throw PDFRenderError.invalidCreationDate(value) }
        }
        let zone = String(decoding: bytes[pattern.count...], as: UTF8.self)
        let zoneOK = zone.isEmpty || zone == "Z"
            || (zone.count == 6 && (zone.hasPrefix("+") || zone.hasPrefix("-"))
                && zone.dropFirst().allSatisfy { $0.isASCII && ($0.isNumber || $0 == ":") })
        guard zoneOK else { throw PDFRenderError.invalidCreationDate(value) }
        return value
    }

    private static func message(_ status: cairo_status_t) -> String {
        guard let text = cairo_status_to_string(status) else { return "status \(status.rawValue)" }
        return String(cString: text)
    }
}

/// A link target as it goes into cairo's tag attributes.
enum PDFLinkURI {
    /// Schemes a statement may link to; anything else (javascript:, file:,
    /// relative paths that mean nothing in a PDF) is drawn as text only.
    private static let allowedSchemes: Set<String> = ["http", "https", "mailto"]

    /// The URI escaped for cairo's `uri='…'` attribute, or nil if it should
    /// not become a link. Non-ASCII, spaces and controls are percent-encoded
    /// (a PDF URI is 7-bit ASCII); `'` and `\` are backslash-escaped for
    /// cairo's attribute parser.
    static func annotationValue(_ uri: String) -> String? {
        let trimmed = uri.trimmingWhitespace()
        guard let colon = trimmed.firstIndex(of: ":"),
              allowedSchemes.contains(trimmed[..<colon].lowercased())
        else { return nil }
        var result = ""
        for byte in trimmed.utf8 {
            switch byte {
            case UInt8(ascii: "'"), UInt8(ascii: "\\"):
                result += "\\" + String(UnicodeScalar(byte))
            case 0x21...0x7E:
                result.unicodeScalars.append(UnicodeScalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                result += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return result
    }
}

extension String {
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}
