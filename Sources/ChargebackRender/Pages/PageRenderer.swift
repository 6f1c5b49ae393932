import ChargebackCharts
import ChargebackMarkdown
import Foundation

/// One page of the site, planned: where it goes, its body template's
/// values, its charts (by name, for `::: chart NAME`) and what its layout
/// shows around the body.
package struct PlannedPage: Sendable {
    package var path: String
    package var kind: PageKind
    /// Made when the page is rendered whole (a statement made a row at a time never makes it).
    private var makeView: @Sendable () -> any Sendable
    package var layout: LayoutView
    package var charts: [String: BarChart] = [:]
    /// A page whose template lists many rows (a statement's line items): the same view with
    /// placeholders in their place, from which the page is made a row at a time.
    package var rows: RowViews?

    package var view: any Sendable { makeView() }

    package init(path: String, kind: PageKind, view: @autoclosure @escaping @Sendable () -> any Sendable, layout: LayoutView,
                 charts: [String: BarChart] = [:], rows: RowViews? = nil) {
        self.path = path
        self.kind = kind
        makeView = view
        self.layout = layout
        self.charts = charts
        self.rows = rows
    }
}

/// Content template (Mustache) → document (`MarkdownDocument`) → HTML →
/// theme layout: one page's bytes. The PDF of a statement reads the same document.
package struct PageRenderer: Sendable {
    package let templates: SiteTemplates
    /// Pages listing fewer rows than this are rendered whole: the page made a row at a time renders
    /// its template three times and parses three documents, more work than a short list saves.
    /// `generate` of the PDF bench's 5,990 short statements: 20.3 and 21.4 s whole, 26.2 and 25.8 s
    /// made; of the 1M-row detail period (~167 lines a project), from 100 or from 500 rows alike
    /// within the noise (72.0/88.9 s against 70.7/82.8 s).
    package let rowsMadeFrom: Int

    package init(templates: SiteTemplates, rowsMadeFrom: Int = 500) {
        self.templates = templates
        self.rowsMadeFrom = rowsMadeFrom
    }

    /// The page's content template rendered: the Markdown both the HTML page and a PDF are made from.
    package func markdown(_ page: PlannedPage) -> String {
        templates.content[page.kind]?.render(page.view) ?? ""
    }

    /// The page's document: made a row at a time when it lists `rowsMadeFrom` rows or more and its
    /// template allows (`RowViews`), else from `markdown`.
    package func document(_ page: PlannedPage) -> MarkdownDocument {
        if let rows = page.rows, rows.count >= rowsMadeFrom, let template = templates.content[page.kind],
           let document = MarkdownDocument.parse(twoRows: template.render(rows.twoRows), oneRow: template.render(rows.oneRow),
                                                 emptyRow: template.render(rows.emptyRow), values: rows.values) {
            return document
        }
        return MarkdownDocument.parse(markdown(page))
    }

    package func render(_ page: PlannedPage) -> [UInt8] {
        var out: [UInt8] = []
        write(page) { out += $0 }
        return out
    }

    /// The page's bytes, handed to `chunk` in order: the layout around the body, the
    /// body written as it is made (`DocumentHTML.write`), so a long table is never whole in memory.
    package func write(_ page: PlannedPage, to chunk: (ArraySlice<UInt8>) -> Void) {
        let document = document(page)
        var layout = page.layout
        layout.content = Self.contentMark
        let shell = (templates.layouts[page.kind]?.render(layout) ?? "").components(separatedBy: Self.contentMark)
        // The layout writes the body raw, once ({{{content}}}): its bytes go around the streamed body.
        if shell.count == 2 {
            chunk(Array(shell[0].utf8)[...])
            DocumentHTML.write(document, charts: page.charts, to: chunk)
            chunk(Array(shell[1].utf8)[...])
        } else {
            layout.content = DocumentHTML.render(document, charts: page.charts)
            chunk(Array((templates.layouts[page.kind]?.render(layout) ?? "").utf8)[...])
        }
    }

    /// Stands for the body in the layout; escaped (`{{content}}`) it is not found, and the page is rendered whole.
    static let contentMark = "<!--openchargeback:content:7f3c1e-->"
}
