import CPangoCairo
import CRsvg

/// An image the statement's Markdown names (`![alt](source)`). The
/// typesetter draws the `PDFImageData` given for `source`; without one it
/// writes the alt text, as a browser does for a missing image.
public struct PDFImage: Sendable, Equatable {
    public var source: String
    public var alt: String

    public init(source: String, alt: String) {
        self.source = source
        self.alt = alt
    }
}

/// A PNG or SVG file's bytes, checked once when loaded (so a bad logo fails
/// the build with its name, not each PDF), with its natural size.
public struct PDFImageData: Sendable, Equatable {
    public enum Format: String, Sendable, Equatable {
        case png, svg
    }

    public let format: Format
    public let bytes: [UInt8]
    /// Natural size in points: a CSS pixel is 1/96 inch, 0.75 pt.
    public let width: Double
    public let height: Double

    /// `name` only labels errors (the file the bytes came from).
    public init(bytes: [UInt8], name: String) throws(PDFRenderError) {
        self.bytes = bytes
        if bytes.starts(with: Self.pngSignature) {
            format = .png
            let size = try PNGImage.size(bytes, name: name)
            (width, height) = (size.width * 0.75, size.height * 0.75)
        } else if Self.looksLikeSVG(bytes) {
            format = .svg
            let size = try SVGImage(bytes, name: name).size
            (width, height) = (size.width * 0.75, size.height * 0.75)
        } else {
            throw .image(name: name, problem: "expected a PNG or SVG image")
        }
    }

    private static let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    /// An SVG is XML whose first element is `<svg`; a comment, an XML
    /// declaration or a doctype may come first.
    private static func looksLikeSVG(_ bytes: [UInt8]) -> Bool {
        let head = String(decoding: bytes.prefix(4096), as: UTF8.self)
        return head.range(of: "<svg", options: .caseInsensitive) != nil
    }

    /// The size to draw at: the natural size scaled down (never up, a PNG
    /// would blur; an SVG is drawn to `maxHeight` since it scales cleanly)
    /// to fit `maxWidth` × `maxHeight`.
    func fitted(maxWidth: Double, maxHeight: Double) -> (width: Double, height: Double) {
        guard width > 0, height > 0 else { return (0, 0) }
        let grow = format == .svg ? Double.infinity : 1
        let scale = min(grow, maxWidth / width, maxHeight / height)
        return (width * scale, height * scale)
    }

    /// Draws the image scaled to `width` × `height` with its top left at (x, y).
    func draw(on cairo: OpaquePointer, x: Double, y: Double, width: Double, height: Double) throws(PDFRenderError) {
        switch format {
        case .png: try PNGImage.draw(bytes, on: cairo, x: x, y: y, width: width, height: height)
        case .svg: try SVGImage.parsedOnThisThread(bytes).draw(on: cairo, x: x, y: y, width: width, height: height)
        }
    }
}
