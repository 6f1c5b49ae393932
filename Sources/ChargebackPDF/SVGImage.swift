import CPangoCairo
import CRsvg
import Foundation

/// An SVG parsed by librsvg and drawn as vectors (sharp at any size, small
/// in the PDF). Parsed from memory with no base file, so the SVG cannot
/// pull in other files.
final class SVGImage {
    private let handle: UnsafeMutablePointer<RsvgHandle>
    private let name: String
    private let bytes: [UInt8]

    init(_ bytes: [UInt8], name: String) throws(PDFRenderError) {
        self.name = name
        self.bytes = bytes
        var error: UnsafeMutablePointer<GError>?
        let handle = bytes.withUnsafeBufferPointer { buffer in
            rsvg_handle_new_from_data(buffer.baseAddress, gsize(buffer.count), &error)
        }
        guard let handle else {
            throw .image(name: name, problem: "not a readable SVG (\(Self.consume(error)))")
        }
        self.handle = handle
        rsvg_handle_set_dpi(handle, 96)
    }

    deinit { g_object_unref(UnsafeMutableRawPointer(handle)) }

    private static let threadKey = "ChargebackPDF.SVGImage"

    /// `bytes` parsed once per thread (the last SVG the thread drew: a build
    /// has one logo), so 6,000 statements do not parse the logo 6,000 times.
    /// A handle is only ever used by the thread that made it.
    static func parsedOnThisThread(_ bytes: [UInt8]) throws(PDFRenderError) -> SVGImage {
        let dictionary = Thread.current.threadDictionary
        if let kept = dictionary[threadKey] as? SVGImage, kept.bytes == bytes { return kept }
        let image = try SVGImage(bytes, name: "image")
        dictionary[threadKey] = image
        return image
    }

    /// Size in CSS pixels: the width and height attributes, else the viewBox.
    var size: (width: Double, height: Double) {
        get throws(PDFRenderError) {
            var width = 0.0, height = 0.0
            if rsvg_handle_get_intrinsic_size_in_pixels(handle, &width, &height) != 0, width > 0, height > 0 {
                return (width, height)
            }
            var hasViewBox: gboolean = 0
            var viewBox = RsvgRectangle()
            rsvg_handle_get_intrinsic_dimensions(handle, nil, nil, nil, nil, &hasViewBox, &viewBox)
            guard hasViewBox != 0, viewBox.width > 0, viewBox.height > 0 else {
                throw .image(name: name, problem: "the SVG has neither a width and height nor a viewBox")
            }
            return (viewBox.width, viewBox.height)
        }
    }

    func draw(on cairo: OpaquePointer, x: Double, y: Double, width: Double, height: Double) throws(PDFRenderError) {
        var viewport = RsvgRectangle(x: x, y: y, width: width, height: height)
        var error: UnsafeMutablePointer<GError>?
        guard rsvg_handle_render_document(handle, cairo, &viewport, &error) != 0 else {
            throw .image(name: name, problem: "librsvg could not draw it (\(Self.consume(error)))")
        }
    }

    private static func consume(_ error: UnsafeMutablePointer<GError>?) -> String {
        guard let error else { return "no reason given" }
        defer { g_error_free(error) }
        return error.pointee.message.map { String(cString: $0) } ?? "no reason given"
    }
}
