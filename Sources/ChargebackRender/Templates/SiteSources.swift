import ChargebackCore
import Foundation

/// Where each template and asset comes from. Lookup order, first found wins:
///
/// - content `NAME.md`: `site.content_dir/NAME.md`, then built-in `content/NAME.md`;
/// - layout of a page kind: `site.themes_dir/THEME/layouts/KIND.html`, then
///   `…/base.html` there, then the same two in the built-in `themes/THEME/`,
///   then in the built-in `themes/default/`;
/// - assets: every file of built-in `themes/default/assets/`, replaced or
///   added to by built-in `themes/THEME/assets/`, then by
///   `site.themes_dir/THEME/assets/` (same relative path wins); the
///   `organization.logo` file last, as `logo.png` or `logo.svg`;
/// - the GL journal template: `journal.template` when set, else
///   `templates/journal.template` in the theme folders, as for layouts.
package struct SiteSources: Sendable {
    package let builtin: String
    package let contentDir: String?
    package let themeDirs: [String]
    /// `organization.logo`, if set: its name among the assets and its file.
    package let logo: (relative: String, source: String)?

    package init(settings: RenderSettings, builtin: String) {
        let site = settings.site
        let organization = settings.organization
        self.builtin = builtin
        logo = organization.logo.flatMap { file in organization.logoFormat.map { (SitePaths.logoAsset($0), file) } }
        contentDir = site.contentDir
        var dirs: [String] = []
        if let local = site.themesDir { dirs.append(local + "/" + site.theme) }
        dirs.append(builtin + "/themes/" + site.theme)
        if site.theme != "default" { dirs.append(builtin + "/themes/default") }
        themeDirs = dirs
    }

    package func contentFile(_ name: String) throws(SiteError) -> String {
        let candidates = (contentDir.map { [$0 + "/" + name] } ?? []) + [builtin + "/content/" + name]
        guard let found = candidates.first(where: isFile) else { throw .missingTemplate(name: name, searched: candidates) }
        return found
    }

    package func layoutFile(kind: String) throws(SiteError) -> String {
        let candidates = themeDirs.flatMap { [$0 + "/layouts/" + kind + ".html", $0 + "/layouts/base.html"] }
        guard let found = candidates.first(where: isFile) else { throw .missingTemplate(name: "layouts/\(kind).html", searched: candidates) }
        return found
    }

    /// A theme's non-page template (`templates/NAME`, e.g. the GL journal's),
    /// looked up in the theme folders like a layout.
    package func templateFile(_ name: String) throws(SiteError) -> String {
        let candidates = themeDirs.map { $0 + "/templates/" + name }
        guard let found = candidates.first(where: isFile) else { throw .missingTemplate(name: "templates/\(name)", searched: candidates) }
        return found
    }

    /// Relative asset path → absolute source file, sorted by relative path.
    package func assets() -> [(relative: String, source: String)] {
        var found: [String: String] = [:]
        for dir in themeDirs.reversed() {
            let root = dir + "/assets"
            guard let walker = FileManager.default.enumerator(atPath: root) else { continue }
            while let rel = walker.nextObject() as? String {
                let full = root + "/" + rel
                guard isFile(full), !rel.split(separator: "/").contains(where: { $0.hasPrefix(".") }) else { continue }
                found[rel] = full
            }
        }
        if let logo { found[logo.relative] = logo.source }
        return found.keys.sorted().map { ($0, found[$0] ?? "") }
    }

    private func isFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
    }
}
