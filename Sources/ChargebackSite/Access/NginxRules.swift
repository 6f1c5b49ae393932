import ChargebackCore

/// `site.access.mode: nginx`: two include files in the site root (dot-files,
/// which the rules themselves never serve).
///
/// - `.openchargeback-nginx-http.conf`, for the `http` block: one `map` from
///   "area:identity" to `$openchargeback_denied`: "" when the identity may
///   read the area, else a path below the build state file, which no file can
///   be below.
/// - `.openchargeback-nginx-server.conf`, for the site's `server` block: one
///   `location` per protected prefix, naming its area and serving through
///   `try_files $openchargeback_denied$uri … =403`.
///
/// The check is in `try_files` because that runs after the access phase,
/// where authentication (`auth_basic`, `auth_request` …) sets the identity; an
/// `if` would run before it. Each area's allow-list is one anchored regular
/// expression of escaped identities, so no identity can match another.
public struct NginxRules: Sendable {
    public static let httpFile = ".openchargeback-nginx-http.conf"
    public static let serverFile = ".openchargeback-nginx-server.conf"

    let config: SiteAccessConfig

    func files(_ policy: AccessPolicy) -> [(path: String, text: String)] {
        [(Self.httpFile, http(policy)), (Self.serverFile, server(policy))]
    }

    private func location(_ area: AccessPolicy.Area) -> String {
        config.urlPath + (area.folder.isEmpty ? "" : area.folder + "/")
    }

    func http(_ policy: AccessPolicy) -> String {
        var lines = [
            "# Who may read which part of the site: written by `openchargeback build` from site.access",
            "# (docs/access.md). Include it in the http block, and \(Self.serverFile) in the",
            "# site's server block; reload nginx after each build. The next build replaces this file.",
            "map \"$openchargeback_area:\(config.identityVariable)\" $openchargeback_denied {",
            "    volatile;",
            "    default \"/\(StagingFolder.marker)\";",
        ]
        for area in policy.areas + [auditArea(policy)] {
            let key = "~^" + Self.escaped(location(area)) + ":"
            if area.readers.anyone {
                lines.append("    \"\(key).\" \"\";")
            } else if !area.readers.identities.isEmpty {
                lines.append("    \"\(key)(\(area.readers.identities.map(Self.escaped).joined(separator: "|")))$\" \"\";")
            }
        }
        return (lines + ["}"]).joined(separator: "\n") + "\n"
    }

    func server(_ policy: AccessPolicy) -> String {
        var lines = [
            "# The site's locations, each checked against \(config.identityVariable): written by `openchargeback build`",
            "# from site.access (docs/access.md). Include it in the site's server block, after the",
            "# authentication, with \(Self.httpFile) in the http block. The next build replaces this file.",
            "",
            "# Dot-files anywhere in the site (the build state, these rules) are never served.",
            "location ~ \"^\(Self.escaped(config.urlPath))(.*/)?\\.\" {",
            "    return 404;",
            "}",
            "",
            "# Each period's audit trail (a regular expression: checked before the folders' prefixes).",
            "location ~ \"^\(Self.escaped(config.urlPath + AccessPolicy.auditFolder + "/"))[^/]+/("
                + AccessPolicy.auditFiles.map(Self.escaped).joined(separator: "|") + ")$\" {",
            "    set $openchargeback_area \"\(location(auditArea(policy)))\";",
            "    try_files $openchargeback_denied$uri =403;",
            "}",
        ]
        for area in policy.areas {
            lines += [
                "location \"\(location(area))\" {",
                "    set $openchargeback_area \"\(location(area))\";",
                "    try_files $openchargeback_denied$uri $openchargeback_denied$uri/ =403;",
                "}",
            ]
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The audit files as an area of their own in the map: a name no folder can have.
    private func auditArea(_ policy: AccessPolicy) -> AccessPolicy.Area {
        AccessPolicy.Area(folder: AccessPolicy.auditFolder + "/*/audit", readers: policy.audit)
    }

    /// `text` matching only itself in a PCRE: each metacharacter after a backslash.
    static func escaped(_ text: String) -> String {
        var out = ""
        for character in text {
            if "\\^$.|?*+()[]{}".contains(character) { out.append("\\") }
            out.append(character)
        }
        return out
    }
}
