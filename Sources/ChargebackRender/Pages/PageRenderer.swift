/// One page of the site, planned: where it goes, its body template's
/// values and what its layout shows around the body.
package struct PlannedPage: Sendable {
    package var path: String
    package var kind: PageKind
    package var view: any Sendable
    package var layout: LayoutView
}

/// Markdown template → cmark-gfm → theme layout: one page's bytes.
package struct PageRenderer: Sendable {
    package let templates: SiteTemplates

    package init(templates: SiteTemplates) {
        self.templates = templates
    }

    /// The page's content template rendered: the Markdown both the HTML page and a PDF are made from.
    package func markdown(_ page: PlannedPage) -> String {
        templates.content[page.kind]?.render(page.view) ?? ""
    }

    package func render(_ page: PlannedPage) -> [UInt8] {
        let markdown = markdown(page)
        var layout = page.layout
        layout.content = MarkdownHTML.render(markdown)
        let html = templates.layouts[page.kind]?.render(layout) ?? ""
        return Array(html.utf8)
    }
}
