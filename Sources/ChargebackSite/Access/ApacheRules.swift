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
            (area.folder.isEmpty ? Self.fileName : area.folder + "/" + Self.fileName, htaccess(area, audit: policy.audit))
        }
    }

    /// `audit`: who reads the audit files, written into the audit folder's file.
    func htaccess(_ area: AccessPolicy.Area, audit: AccessPolicy.Readers? = nil) -> String {
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
        lines += require(area.readers)
        if area.folder == AccessPolicy.auditFolder, let audit {
            // A <Files> section's Require replaces the folder's (AuthMerging is Off by default), for these names only.
            let names = AccessPolicy.auditFiles.map(NginxRules.escaped).joined(separator: "|")
            lines += ["# Each period's audit trail: " + AccessPolicy.auditFiles.joined(separator: ", ") + "."]
            lines += ["<FilesMatch \"^(\(names))$\">"] + require(audit).map { "    " + $0 } + ["</FilesMatch>"]
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The `Require` lines admitting `readers` (nobody: `Require all denied`).
    private func require(_ readers: AccessPolicy.Readers) -> [String] {
        let requires = readers.identities.map { config.requireIdentity.replacingOccurrences(of: "{identity}", with: $0) }
            + readers.groups.map { config.requireGroup.replacingOccurrences(of: "{group}", with: $0) }
            + (readers.anyone ? [config.requireAny] : [])
        switch requires.count {
        case 0: return ["Require all denied"]
        case 1: return requires
        default: return ["<RequireAny>"] + requires.map { "    " + $0 } + ["</RequireAny>"]
        }
    }
}
