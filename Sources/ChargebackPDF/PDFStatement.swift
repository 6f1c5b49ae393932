import CPangoCairo

/// Typesets blocks into a PDF (in memory). Filled in by the typesetter.
public enum PDFStatement {
    /// The Pango version linked, for diagnostics.
    public static var pangoVersion: String { String(cString: pango_version_string()) }
}
