import ChargebackCore
import ChargebackRender

/// Who may read which folder of the site: the one decision that the Apache
/// and nginx rule writers both render. The site root is for admins, and
/// whatever has no rule of its own (`index.html`, `periods/`, the review
/// pages, anything added later) inherits it, so the default is closed.
///
/// | folder | readers |
/// |---|---|
/// | (root), `periods/`, `pi/` | admins |
/// | `pi/<pi>/` | the PI (as the ledger spells them, and in lowercase), their delegates, admins |
/// | `pi/unallocated/` | admins (charges approved without a PI) |
/// | `finance/`, `archive/` | finance, admins |
/// | `assets/` | anyone signed in |
/// | `periods/*/audit.html`, `audit.json` | admins; finance too with `finance_reads_audit` |
///
/// The audit files are the one rule narrower or wider than their folder's,
/// by file name (`auditFiles`), so they stay admins-only by default whatever
/// `periods/` is given later.
struct AccessPolicy: Sendable, Equatable {
    struct Readers: Sendable, Equatable {
        /// Identities, in order: the PI, delegates, finance, admins; no repeats.
        var identities: [String] = []
        var groups: [String] = []
        /// Anyone the single sign-on admits.
        var anyone = false
    }

    struct Area: Sendable, Equatable {
        /// Relative to the site root, no trailing slash; "" is the root.
        var folder: String
        var readers: Readers
    }

    /// The root first, then the other folders in path order.
    var areas: [Area]
    /// Who reads each period's audit trail (`auditFiles` in `auditFolder`'s subfolders).
    var audit: Readers

    /// The audit trail's files (`SitePaths.audit`, `auditJSON`), in each subfolder of `auditFolder`.
    static let auditFolder = "periods"
    static let auditFiles = [SitePaths.auditPage, SitePaths.auditData]

    static let adminFolders = ["periods", "pi"]
    static let financeFolders = ["archive", "finance"]
    static let sharedFolders = ["assets"]

    /// - Throws: `SiteError.access` naming the first PI whose e-mail cannot be written into a rule.
    init(config: SiteAccessConfig, piEmails: [String]) throws(SiteError) {
        let admins = Readers(identities: Self.unique(config.admins), groups: Self.unique(config.adminGroups))
        let finance = Readers(identities: Self.unique(config.finance + config.admins),
                              groups: Self.unique(config.financeGroups + config.adminGroups))
        var pis: [String: [String]] = [:]
        for email in piEmails {
            // Charges approved without a PI are no one's to read but the admins'.
            if email == ChargeDraft.unallocated {
                pis[PISlug.make(email), default: []] += []
                continue
            }
            if let problem = AccessIdentity.problem(email) {
                throw .access("the PI \(String(reflecting: email)) cannot be given access rules: \(problem) "
                              + "(expected an identity of \(AccessIdentity.expectation())); correct the charges' pi_email tag")
            }
            // PIs are matched case-insensitively (the ledger names each by its smallest spelling).
            pis[PISlug.make(email), default: []] += [email, email.lowercased()]
        }
        var delegates: [String: [String]] = [:]
        for entry in config.delegates { delegates[PISlug.make(entry.piEmail), default: []] += entry.identities }

        audit = config.financeReadsAudit ? finance : admins
        var areas = [Area(folder: "", readers: admins)]
        areas += Self.adminFolders.map { Area(folder: $0, readers: admins) }
        areas += Self.financeFolders.map { Area(folder: $0, readers: finance) }
        areas += Self.sharedFolders.map { Area(folder: $0, readers: Readers(anyone: true)) }
        for (slug, emails) in pis {
            let readers = Readers(identities: Self.unique(emails.sorted() + (delegates[slug] ?? []) + config.admins),
                                  groups: admins.groups)
            areas.append(Area(folder: "pi/" + slug, readers: readers))
        }
        self.areas = [areas[0]] + areas.dropFirst().sorted { $0.folder < $1.folder }
    }

    private static func unique(_ list: [String]) -> [String] {
        var seen = Set<String>()
        return list.filter { seen.insert($0).inserted }
    }
}
