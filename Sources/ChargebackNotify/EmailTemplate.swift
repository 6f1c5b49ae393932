import ChargebackCore
import ChargebackRender
import Foundation
import Mustache

/// `content/email.md` (`site.content_dir` first, then the built-in one),
/// parsed once: Mustache with Markdown escaping, then cmark-gfm into the
/// HTML part and the plain-text part of the same message.
struct EmailTemplate: Sendable {
    static let fileName = "email.md"

    let template: MustacheTemplate
    let file: String

    init(settings: RenderSettings, builtin: String) throws(SiteError) {
        MarkdownText.register()
        HTMLText.register()
        let sources = SiteSources(settings: settings, builtin: builtin)
        file = try sources.contentFile(Self.fileName)
        guard let data = FileManager.default.contents(atPath: file) else { throw .io(path: file, message: "cannot read") }
        guard let text = String(validating: Array(data), as: UTF8.self) else {
            throw .template(file: file, line: 1, column: 1, message: "expected UTF-8 text")
        }
        _ = try TemplateCheck.check(text, file: file, kind: nil)
        template = try SiteTemplates.parse(text, file: file, prefix: "")
    }

    /// The message's text and HTML (a whole document titled `subject`).
    func render(_ view: EmailView, subject: String, language: String) -> (text: String, html: String) {
        let markdown = template.render(view)
        let html = """
            <!DOCTYPE html>
            <html lang="\(HTMLText.escape(language))">
            <head>
            <meta charset="utf-8">
            <title>\(HTMLText.escape(subject))</title>
            <style>body{font-family:sans-serif;line-height:1.45}table{border-collapse:collapse}th,td{padding:.25em .75em;border-bottom:1px solid #ccc}th{text-align:left}</style>
            </head>
            <body>
            \(MarkdownHTML.render(markdown))</body>
            </html>

            """
        return (MarkdownPlainText.render(markdown), html)
    }
}
