import ChargebackCore
import Crypto
import Foundation
import Mustache

/// The kinds of page the site has; each has `content/KIND.md` and a layout.
package enum PageKind: String, CaseIterable, Sendable {
    case dashboard, period, review, audit, statement, pi, finance

    /// The charts a page of this kind has, by the name a template places them with (`::: chart trend`).
    package var charts: [ChartName] {
        switch self {
        case .dashboard: [.billedVsList]
        case .statement, .pi: [.trend]
        case .period, .review, .audit, .finance: []
        }
    }
}

/// The charts the site draws (`SiteCharts`).
package enum ChartName: String, CaseIterable, Sendable {
    /// A PI's amount due per period (statement and PI history pages).
    case trend
    /// Billed vs list price per period (dashboard).
    case billedVsList = "billed-vs-list"
}

/// Every template of a build, parsed once, and a digest of everything that
/// shapes the output besides the data (templates, assets, the render
/// settings with the tool version): when it changes, nothing of the previous
/// site is reused.
package struct SiteTemplates: Sendable {
    package let content: [PageKind: MustacheTemplate]
    package let layouts: [PageKind: MustacheTemplate]
    package let assets: [(relative: String, source: String)]
    package let digest: String
    /// What the templates' authors should know (raw HTML a PDF leaves out), each naming the file and line.
    package let warnings: [String]

    package init(sources: SiteSources, settings: RenderSettings) throws(SiteError) {
        MarkdownText.register()
        HTMLText.register()
        var hasher = SHA256()
        hasher.update(data: Array("openchargeback settings \(settings.key)\u{1F}".utf8))
        var content: [PageKind: MustacheTemplate] = [:]
        var layouts: [PageKind: MustacheTemplate] = [:]
        var warnings: [String] = []
        for kind in PageKind.allCases {
            let contentFile = try sources.contentFile(kind.rawValue + ".md")
            content[kind] = try Self.parse(contentFile, into: &hasher) { text throws(SiteError) in
                warnings += try TemplateCheck.check(text, file: contentFile, kind: kind)
            }
            let layoutFile = try sources.layoutFile(kind: kind.rawValue)
            layouts[kind] = try Self.parse(layoutFile, into: &hasher, prefix: Self.layoutPragma)
        }
        assets = sources.assets()
        for asset in assets {
            hasher.update(data: Array(asset.relative.utf8))
            guard asset.source != sources.logo?.source || FileManager.default.isReadableFile(atPath: asset.source) else {
                throw .io(path: asset.source, message: "organization.logo: cannot read the file")
            }
            hasher.update(data: try Self.read(asset.source))
        }
        self.content = content
        self.layouts = layouts
        self.warnings = warnings
        digest = FileDigest.hex(hasher.finalize())
    }

    private static func read(_ path: String) throws(SiteError) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else { throw .io(path: path, message: "cannot read") }
        return Array(data)
    }

    /// Layouts escape with `HTMLText` (by Unicode scalar): swift-mustache's
    /// built-in escaping, used when a template names no content type, lets a
    /// quote followed by a combining mark through. No newline, so line
    /// numbers in errors stay those of the file.
    package static let layoutPragma = "{{% CONTENT_TYPE: HTML}}"

    /// `check`: reads the template's text before it is parsed (a content template's blocks and raw HTML).
    private static func parse(_ path: String, into hasher: inout SHA256, prefix: String = "",
                              check: (String) throws(SiteError) -> Void = { _ in }) throws(SiteError) -> MustacheTemplate {
        let bytes = try read(path)
        hasher.update(data: Array(path.utf8))
        hasher.update(data: bytes)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw .template(file: path, line: 1, column: 1, message: "expected UTF-8 text")
        }
        try check(text)
        return try parse(text, file: path, prefix: prefix)
    }

    /// Parses `text` (from `file`) after `prefix` (a pragma); a syntax error
    /// names the file's own line and column.
    package static func parse(_ text: String, file path: String, prefix: String) throws(SiteError) -> MustacheTemplate {
        let prefixLines = prefix.utf8.filter { $0 == 0x0A }.count
        let lastPrefixLine = prefix.utf8.reversed().prefix { $0 != 0x0A }.count
        do {
            return try MustacheTemplate(string: prefix + text)
        } catch let error as MustacheTemplate.ParserError {
            let line = error.context.lineNumber - prefixLines
            throw .template(file: path, line: max(1, line), column: error.context.columnNumber - (line == 1 ? lastPrefixLine : 0),
                            message: "Mustache: \(error.error) in \"\(error.context.line)\"")
        } catch {
            throw .template(file: path, line: 1, column: 1, message: "Mustache: \(error)")
        }
    }
}
