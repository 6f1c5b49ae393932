import ChargebackCore
import ChargebackRender

/// The access rule files of one build (`site.access`): decided before any
/// page is rendered, so a PI who cannot be given rules stops the build at
/// once, and written after the pages, into the staging folder like them (they
/// go live with the site they protect, and leave it when the mode changes).
struct SiteAccessFiles: Sendable {
    let files: [(path: String, text: String)]

    init(config: SiteAccessConfig, piEmails: [String]) throws(SiteError) {
        switch config.mode {
        case .none: files = []
        case .apache: files = ApacheRules(config: config).files(try AccessPolicy(config: config, piEmails: piEmails))
        case .nginx: files = NginxRules(config: config).files(try AccessPolicy(config: config, piEmails: piEmails))
        }
    }

    /// Writes each file whose folder holds something this build made (the root's always):
    /// a folder without files needs no rule, and the root's rule covers it anyway.
    /// Returns the paths written or kept.
    func write(to output: SiteOutput) throws(SiteError) -> [String] {
        guard !files.isEmpty else { return [] }
        var folders: Set<Substring> = [""]
        for path in output.recorded.keys {
            var rest = Substring(path)
            while let slash = rest.lastIndex(of: "/") {
                rest = rest[..<slash]
                if !folders.insert(rest).inserted { break }
            }
        }
        var written: [String] = []
        for file in files {
            let folder = file.path.lastIndex(of: "/").map { file.path[..<$0] } ?? ""
            guard folders.contains(folder) else { continue }
            try output.writeUnlessUnchanged(Array(file.text.utf8), to: file.path)
            written.append(file.path)
        }
        return written
    }
}
