/// Why a statement could not be rendered.
public enum PDFRenderError: Error, Equatable, CustomStringConvertible {
    /// Pango or GLib refused to make an object (out of memory, no font map).
    case pango(String)
    /// Cairo reported an error status (the message is cairo's).
    case cairo(String)
    /// `PDFDocumentInfo.creationDate` is not `YYYY-MM-DDThh:mm:ss`; without a
    /// valid date cairo would stamp the current time and the bytes would
    /// differ between builds.
    case invalidCreationDate(String)
    /// Margins leave no room for content on the page.
    case pageTooSmall
    /// An image (the logo) that is not a PNG or SVG librsvg/cairo can read.
    case image(name: String, problem: String)

    public var description: String {
        switch self {
        case .pango(let what): "Pango could not create a \(what)"
        case .cairo(let message): "Cairo error: \(message)"
        case .invalidCreationDate(let value): "creation date '\(value)' is not YYYY-MM-DDThh:mm:ss"
        case .pageTooSmall: "the margins leave no room for content"
        case .image(let name, let problem): "\(name): \(problem)"
        }
    }
}
