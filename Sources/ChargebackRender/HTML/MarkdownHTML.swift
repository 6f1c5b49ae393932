import ChargebackCharts
import ChargebackMarkdown

/// Markdown → HTML fragment: parsed into a `MarkdownDocument`
/// (cmark-gfm: tables, ~~strikethrough~~, autolinks, template blocks),
/// written by `DocumentHTML`.
///
/// Data values never reach this function as markup: templates insert them
/// through `MarkdownText` (`MarkdownEscaping.escape`), so everything the
/// parser sees as Markdown or raw HTML was written by the theme author. That
/// is why raw HTML is allowed (`<div class="notice">`), through GFM's tag
/// filter: charts are template blocks (`::: chart`), not raw SVG.
public enum MarkdownHTML {
    public static func render(_ markdown: String) -> String {
        DocumentHTML.render(MarkdownDocument.parse(markdown))
    }

    /// With the page's charts, for `::: chart NAME`.
    package static func render(_ markdown: String, charts: [String: BarChart]) -> String {
        DocumentHTML.render(MarkdownDocument.parse(markdown), charts: charts)
    }
}
