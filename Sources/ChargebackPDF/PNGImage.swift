import CPangoCairo

/// A PNG decoded by cairo from memory and painted on a page.
enum PNGImage {
    /// Pixel size from the IHDR chunk, after checking cairo can decode it.
    static func size(_ bytes: [UInt8], name: String) throws(PDFRenderError) -> (width: Double, height: Double) {
        let surface = try decode(bytes, name: name)
        defer { cairo_surface_destroy(surface) }
        return (Double(cairo_image_surface_get_width(surface)), Double(cairo_image_surface_get_height(surface)))
    }

    static func draw(_ bytes: [UInt8], on cairo: OpaquePointer, x: Double, y: Double, width: Double, height: Double) throws(PDFRenderError) {
        let surface = try decode(bytes, name: "image")
        defer { cairo_surface_destroy(surface) }
        let pixelWidth = Double(cairo_image_surface_get_width(surface))
        let pixelHeight = Double(cairo_image_surface_get_height(surface))
        guard pixelWidth > 0, pixelHeight > 0 else { return }
        cairo_save(cairo)
        cairo_translate(cairo, x, y)
        cairo_scale(cairo, width / pixelWidth, height / pixelHeight)
        cairo_set_source_surface(cairo, surface, 0, 0)
        cairo_paint(cairo)
        cairo_restore(cairo)
    }

    private static func decode(_ bytes: [UInt8], name: String) throws(PDFRenderError) -> OpaquePointer {
        let reader = PNGReader(bytes)
        let surface = withExtendedLifetime(reader) {
            cairo_image_surface_create_from_png_stream(readPNG, Unmanaged.passUnretained(reader).toOpaque())
        }
        guard let surface else { throw .image(name: name, problem: "cairo could not decode the PNG") }
        let status = cairo_surface_status(surface)
        guard status == CAIRO_STATUS_SUCCESS else {
            cairo_surface_destroy(surface)
            throw .image(name: name, problem: "not a readable PNG (\(String(cString: cairo_status_to_string(status))))")
        }
        return surface
    }
}

/// The bytes cairo's PNG reader pulls from, with a read position.
private final class PNGReader {
    let bytes: [UInt8]
    var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }
}

private func readPNG(_ closure: UnsafeMutableRawPointer?, _ data: UnsafeMutablePointer<UInt8>?, _ length: UInt32) -> cairo_status_t {
    guard let closure, let data else { return CAIRO_STATUS_READ_ERROR }
    let reader = Unmanaged<PNGReader>.fromOpaque(closure).takeUnretainedValue()
    let count = Int(length)
    guard reader.offset + count <= reader.bytes.count else { return CAIRO_STATUS_READ_ERROR }
    reader.bytes.withUnsafeBufferPointer { buffer in
        if let base = buffer.baseAddress { data.update(from: base + reader.offset, count: count) }
    }
    reader.offset += count
    return CAIRO_STATUS_SUCCESS
}
