@testable import ChargebackRender
import Mustache

/// Renders a Markdown page template the way the site does: Mustache with
/// the MARKDOWN content type, then cmark-gfm.
func renderMarkdownPage(_ template: String, _ values: [String: String]) throws -> String {
    MarkdownText.register()
    let mustache = try MustacheTemplate(string: "{{% CONTENT_TYPE: MARKDOWN}}\n" + template)
    return MarkdownHTML.render(mustache.render(values))
}

/// The hostile value the tests push through every context.
let hostile = "a|b *c* <img src=x onerror=alert(1)> [x](javascript:y)"
