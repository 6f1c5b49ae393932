import CCmarkGFM

/// The one way the statement Markdown is parsed, for both outputs (the HTML
/// page and the PDF): the same GFM extensions, and the e-mail autolink
/// markers already removed from the tree.
public enum StatementMarkdown {
    /// Tables, ~~strikethrough~~ and autolinks. No `tagfilter`: it would
    /// escape the `<title>` of the theme's inline SVG charts, and data never
    /// reaches raw HTML anyway (`MarkdownText`).
    public static let extensionNames = ["table", "strikethrough", "autolink"]

    /// The parsed document (the caller frees it: `cmark_node_free(root)`,
    /// `cmark_parser_free(parser)`); nil only if libcmark-gfm cannot allocate.
    public static func parse(_ markdown: String, options: Int32) -> CmarkGFM.Document? {
        CmarkGFM.ensureExtensionsRegistered()
        guard let document = CmarkGFM.parse(markdown, options: options, extensions: extensionNames) else { return nil }
        EmailAutolinkGuard.removeMarkers(in: document.root)
        return document
    }
}
