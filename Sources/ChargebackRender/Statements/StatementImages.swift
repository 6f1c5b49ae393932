import ChargebackCore
import ChargebackPDF
import Foundation

/// The images a PDF statement can show, by site path (`assets/logo.svg`):
/// the configured logo, which must load (a bad logo fails the build, naming
/// the file), and the theme's other PNG and SVG assets, left out when they
/// do not load (a PDF then shows their alt text, as a browser would).
/// Loaded once per build.
package struct StatementImages: Sendable {
    package let byPath: [String: PDFImageData]

    package init(assets: [(relative: String, source: String)], organization: OrganizationConfig) throws(SiteError) {
        let logo = SitePaths.logo(organization)
        var byPath: [String: PDFImageData] = [:]
        for asset in assets {
            let path = "assets/" + asset.relative
            let isLogo = path == logo
            guard isLogo || [".png", ".svg"].contains(where: { asset.relative.lowercased().hasSuffix($0) }) else { continue }
            guard let data = FileManager.default.contents(atPath: asset.source) else {
                if isLogo { throw .io(path: asset.source, message: "organization.logo: cannot read the file") }
                continue
            }
            do {
                byPath[path] = try PDFImageData(bytes: Array(data), name: asset.source)
            } catch {
                guard isLogo else { continue }
                guard case .image(_, let problem) = error else { throw .io(path: asset.source, message: "organization.logo: \(error)") }
                throw .io(path: asset.source, message: "organization.logo: \(problem)")
            }
        }
        self.byPath = byPath
    }

    /// The images keyed by their link from the page at `page`, the way a
    /// template writes them (`../../../assets/logo.svg`).
    package func linked(from page: String) -> [String: PDFImageData] {
        Dictionary(uniqueKeysWithValues: byPath.map { (SitePaths.link(from: page, to: $0.key), $0.value) })
    }
}
