import ChargebackCharts
import ChargebackMarkdown

/// One page of the site, planned: where it goes, its body template's
/// values, its charts (by name, for `::: chart NAME`) and what its layout
/// shows around the body.
package struct PlannedPage: Sendable {
    package var path: String
    package var kind: PageKind
    package var view: any Sendable
    package var layout: LayoutView
    package var charts: [String: BarChart] = [:]
}

/// Content template (Mustache) → document (`MarkdownDocument`) → HTML →
/// theme layout: one page's bytes. The PDF of a statement reads the same document.
package struct PageRenderer: Sendable {
    package let templates: SiteTemplates

    package init(templates: SiteTemplates) {
        self.templates = templates
    }

    /// The page's content template rendered: the Markdown both the HTML page and a PDF are made from.
    package func markdown(_ page: PlannedPage) -> String {
        templates.content[page.kind]?.render(page.view) ?? ""
    }

    package func document(_ page: PlannedPage) -> MarkdownDocument {
        MarkdownDocument.parse(markdown(page))
    }

    package func render(_ page: PlannedPage) -> [UInt8] {
        var layout = page.layout
        layout.content = DocumentHTML.render(document(page), charts: page.charts)
        let html = templates.layouts[page.kind]?.render(layout) ?? ""
        return Array(html.utf8)
    }
}
