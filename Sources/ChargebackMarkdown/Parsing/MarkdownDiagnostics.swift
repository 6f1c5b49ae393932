/// Something to tell a template's author, found in the template's own text
/// before any value fills it (`MarkdownDocument.diagnose`).
public struct MarkdownDiagnostic: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// The template cannot be read as meant (a template block unknown, not closed …): the build stops, naming the line.
        case error(String)
        /// Raw HTML: the web page shows it, a PDF leaves it out. `webOnly`: inside a web-only block, so never meant for a PDF.
        case rawHTML(html: String, webOnly: Bool)
        /// `::: chart NAME`: the page must have a chart of that name.
        case chart(name: String)
    }

    /// Line in the text diagnosed (1-based).
    public var line: Int
    public var kind: Kind

    public init(line: Int, kind: Kind) {
        self.line = line
        self.kind = kind
    }
}

extension MarkdownDocument {
    /// The problems of a template's text (Mustache tags and all), in line
    /// order. A template's values cannot add template blocks or raw HTML
    /// (they arrive escaped), so what the template text holds is all there is.
    public static func diagnose(_ markdown: String) -> [MarkdownDiagnostic] {
        var parser = MarkdownParser(diagnosing: true)
        _ = parser.blocks(of: markdown)
        return (parser.diagnostics ?? []).sorted { $0.line < $1.line }
    }
}
