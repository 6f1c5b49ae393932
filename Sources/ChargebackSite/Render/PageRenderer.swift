/// One page of the site, planned: where it goes, its body template's
/// values and what its layout shows around the body.
struct PlannedPage: Sendable {
    var path: String
    var kind: PageKind
    var view: any Sendable
    var layout: LayoutView
}

/// Markdown template → cmark-gfm → theme layout: one page's bytes.
struct PageRenderer: Sendable {
    let templates: SiteTemplates

    /// The page's content template rendered: the Markdown both the HTML page and a PDF are made from.
    func markdown(_ page: PlannedPage) -> String {
        templates.content[page.kind]?.render(page.view) ?? ""
    }

    func render(_ page: PlannedPage) -> [UInt8] {
        let markdown = markdown(page)
        var layout = page.layout
        layout.content = MarkdownHTML.render(markdown)
        let html = templates.layouts[page.kind]?.render(layout) ?? ""
        return Array(html.utf8)
    }
}
