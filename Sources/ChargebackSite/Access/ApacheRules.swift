import ChargebackCore

/// `site.access.mode: apache`: an `.htaccess` per protected folder. Apache
/// applies the nearest folder's file, so each folder's file names all its
/// readers (`AuthMerging Off`: never combined with a parent's rules, so no
/// server setting can widen them). The root's file also refuses every
/// dot-file in the site (the build state, these files). Authentication (which
/// SSO, `AuthType`) is the server's configuration; these files only authorise.
struct ApacheRules: Sendable {
    static let fileName = ".htaccess"

    let config: SiteAccessConfig

    /// The `.htaccess` of each area, relative path → text.
    func files(_ policy: AccessPolicy) -> [(path: String, text: String)] {
        policy.areas.map { area in
            (area.folder.isEmpty ? Self.fileName : area.folder + "/" + Self.fileName, htaccess(area))
        }
    }

    func htaccess(_ area: AccessPolicy.Area) -> String {
        var lines = [
            "# Who may read \(area.folder.isEmpty ? "the site" : area.folder + "/"): written by `openchargeback build`",
            "# from site.access (docs/access.md). The next build replaces this file.",
            "AuthMerging Off",
            "# A person signed in but not on the list is refused (403), not asked to sign in again.",
            "AuthzSendForbiddenOnFailure On",
        ]
        if area.folder.isEmpty {
            lines += [
                "# Dot-files anywhere in the site (the build state, these rules) are never served.",
                "<FilesMatch \"^\\.\">",
                "    Require all denied",
                "</FilesMatch>",
            ]
        }
        let readers = area.readers
        let requires = readers.identities.map { config.requireIdentity.replacingOccurrences(of: "{identity}", with: $0) }
            + readers.groups.map { config.requireGroup.replacingOccurrences(of: "{group}", with: $0) }
            + (readers.anyone ? [config.requireAny] : [])
        switch requires.count {
        case 0: lines.append("Require all denied")
        case 1: lines += requires
        default: lines += ["<RequireAny>"] + requires.map { "    " + $0 } + ["</RequireAny>"]
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
