import ChargebackMarkdown

/// What a content template's own text says before any value fills it
/// (`MarkdownDocument.diagnose`): a template block that is unknown, not
/// closed or names a chart the page does not have stops the build with the
/// file and line; raw HTML in the statement template is a warning, since
/// the web page shows it and the PDF leaves it out.
package enum TemplateCheck {
    /// The warnings, one per line holding raw HTML; throws the first error.
    package static func check(_ text: String, file: String, kind: PageKind?) throws(SiteError) -> [String] {
        var warnings: [String] = []
        var warnedLines = Set<Int>()
        for diagnostic in MarkdownDocument.diagnose(text) {
            switch diagnostic.kind {
            case .error(let message):
                throw .template(file: file, line: diagnostic.line, column: 1, message: message)
            case .chart(let name):
                guard let kind else { continue }
                guard kind.charts.contains(where: { $0.rawValue == name }) else {
                    let known = kind.charts.map(\.rawValue)
                    throw .template(file: file, line: diagnostic.line, column: 1,
                                    message: "::: chart \(name): a \(kind.rawValue) page has "
                                        + (known.isEmpty ? "no chart" : "only " + known.joined(separator: ", ")))
                }
            case .rawHTML(let html, let webOnly):
                // A comment is the author's note, not content.
                guard kind == .statement, !webOnly, !html.hasPrefix("<!--"), warnedLines.insert(diagnostic.line).inserted else { continue }
                warnings.append("\(file):\(diagnostic.line): raw HTML (\(excerpt(html))) is on the statement web page but left out of its PDF; "
                                + "write it as a template block (docs/templates.md)")
            }
        }
        return warnings
    }

    private static func excerpt(_ html: String) -> String {
        let line = html.split(whereSeparator: \.isNewline).first.map(String.init) ?? html
        return line.count > 40 ? String(line.prefix(40)) + "…" : line
    }
}
