import CCmarkGFM
import ChargebackMarkdown
import Foundation

/// Markdown → HTML fragment with libcmark-gfm and the GFM extensions the
/// page templates use: tables, ~~strikethrough~~, autolinks and the tag
/// filter (which neutralises `<script>`, `<style>`, `<iframe>` … written in
/// template text).
///
/// Data values never reach this function as markup: templates insert them
/// through `MarkdownText.escape`, so everything cmark sees as Markdown or raw
/// HTML was written by the theme author. That is why raw HTML is allowed
/// (`CMARK_OPT_UNSAFE`): templates legitimately use `<div class="banner">`
/// or inline `<svg>` charts.
public enum MarkdownHTML {
    public static func render(_ markdown: String) -> String {
        withDocument(markdown, options: options) { document in render(document) } ?? ""
    }

    /// `body` on the parsed document, its dangerous link destinations emptied
    /// (`LinkSafety`); the document is freed after. nil if cmark cannot allocate.
    static func withDocument<T>(_ markdown: String, options: Int32, _ body: (CmarkGFM.Document) -> T) -> T? {
        guard let document = StatementMarkdown.parse(markdown, options: options) else { return nil }
        defer { cmark_node_free(document.root) }
        defer { cmark_parser_free(document.parser) }
        LinkSafety.neutraliseDangerousDestinations(in: document.root)
        return body(document)
    }

    private static func render(_ document: CmarkGFM.Document) -> String {
        TableHeaderScope.markHeaderCells(in: document.root)
        // The parser's own list: the extensions that also render (table
        // cells, strikethrough, tag filter). It belongs to the parser.
        let extensions = cmark_parser_get_syntax_extensions(document.parser)
        guard let rendered = cmark_render_html(document.root, options, extensions) else { return "" }
        defer { cmark_get_default_mem_allocator().pointee.free(rendered) }
        return TableHeaderScope.addScope(to: String(cString: rendered))
    }

    /// `UNSAFE`: raw HTML in templates passes (see above).
    /// `TABLE_PREFER_STYLE_ATTRIBUTES`: column alignment as
    /// `style="text-align: right"`; the `align` attribute is obsolete and
    /// the Nu HTML checker rejects it.
    static let options = CMARK_OPT_UNSAFE | CMARK_OPT_TABLE_PREFER_STYLE_ATTRIBUTES
}
